import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A proxy between superpod and an API server (the real one, or the fake) that answers chosen requests itself with a
 * 429 or 5xx, as API priority and fairness, an overloaded server or a load balancer would, and forwards everything
 * else untouched. Serves TLS when given a certificate (the control plane's), and trusts the upstream's CA.
 */
export interface Fault {
  /** Which requests: by method and a path test. */
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  /** `Retry-After` header, seconds. */
  readonly retryAfterS?: number;
  /** How many matching requests get the fault (the first ones); Infinity for all. */
  readonly times: number;
}

export interface ProxiedRequest {
  readonly method: string;
  /** Without the query. */
  readonly path: string;
  /** The status the client got. */
  readonly status: number;
  /** Whether the proxy answered it with a fault instead of forwarding. */
  readonly injected: boolean;
  /** ms since the proxy started. */
  readonly at: number;
}

export interface FaultProxyOptions {
  readonly upstream: string;
  /** CA file the upstream's certificate is checked against (https upstream). */
  readonly upstreamCa?: string;
  /** Serve TLS with this certificate and key. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly faults: readonly Fault[];
}

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  url = '';
  private readonly server: http.Server;
  private readonly used = new Map<Fault, number>();
  private readonly started = Date.now();

  constructor(private readonly options: FaultProxyOptions) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    this.server = options.tls
      ? https.createServer({ cert: fs.readFileSync(options.tls.cert), key: fs.readFileSync(options.tls.key) }, handler)
      : http.createServer(handler);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Requests of a method whose path matches, in order. */
  matching(method: string, path: RegExp): ProxiedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const at = Date.now() - this.started;
    const fault = this.options.faults.find(
      (f) => f.method === method && f.path.test(path) && (this.used.get(f) ?? 0) < f.times,
    );
    if (fault) {
      this.used.set(fault, (this.used.get(fault) ?? 0) + 1);
      this.requests.push({ method, path, status: fault.status, injected: true, at });
      req.resume();
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: fault.status === 429 ? 'too many requests, please try again later' : 'the server is unavailable',
        code: fault.status,
      });
      res.writeHead(fault.status, {
        'Content-Type': 'application/json',
        ...(fault.retryAfterS !== undefined ? { 'Retry-After': String(fault.retryAfterS) } : {}),
      });
      res.end(body);
      return;
    }
    const upstream = new URL(url, this.options.upstream);
    const send = upstream.protocol === 'https:' ? https.request : http.request;
    const forward = send(
      upstream,
      {
        method,
        headers: { ...req.headers, host: upstream.host },
        ...(this.options.upstreamCa ? { ca: fs.readFileSync(this.options.upstreamCa) } : {}),
      },
      (answer) => {
        this.requests.push({ method, path, status: answer.statusCode ?? 0, injected: false, at });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      this.requests.push({ method, path, status: 502, injected: false, at });
      res.destroy();
    });
    req.pipe(forward);
  }
}
