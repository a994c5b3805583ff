import fs from 'node:fs';
import https from 'node:https';

/** Where a control plane serves and how to trust it: enough for the test helpers' own requests. */
export interface Endpoint {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** PEM file of the CA that signed the serving certificate. */
  readonly caCert: string;
}

export interface KubeResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One HTTPS request to the API server with a bearer token, verifying its certificate against the run's CA. For test
 * set-up (RBAC objects, CRDs, Nodes and their status) and checks; superpod itself goes through its own client.
 */
export function kubeRequest(
  endpoint: Endpoint,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<KubeResponse> {
  const url = new URL(path, endpoint.server);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: fs.readFileSync(endpoint.caCert),
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload === undefined ? {} : { 'Content-Type': contentType }),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Like kubeRequest, but a status outside 2xx is an error naming the request and the server's message. */
export async function kubeCall<T = unknown>(
  endpoint: Endpoint,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<T> {
  const res = await kubeRequest(endpoint, token, method, path, body, contentType);
  if (res.status < 200 || res.status > 299) {
    let message = res.body.slice(0, 300);
    try {
      message = (JSON.parse(res.body) as { message?: string }).message ?? message;
    } catch {}
    throw new Error(`${method} ${path}: ${res.status} ${message}`);
  }
  return (res.body === '' ? {} : JSON.parse(res.body)) as T;
}
