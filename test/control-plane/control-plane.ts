import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { binaryPath, type ComponentName, component, missingBinaries } from './components.ts';
import { type Endpoint, kubeCall, kubeRequest } from './kube-request.ts';
import { makePki } from './pki.ts';
import { testRbacObjects, USERS, type UserName } from './users.ts';

/** A running control plane: what tests need to reach it, and what stop needs to end it. */
export interface ControlPlaneState extends Endpoint {
  /** Folder of this run: certificates, tokens, kubeconfig, etcd data, logs. Removed on stop. */
  readonly dir: string;
  /** kubeconfig with one context per user (admin, viewer, platform-deployer); current context admin. */
  readonly kubeconfig: string;
  readonly tokens: Readonly<Record<UserName, string>>;
  readonly etcdUrl: string;
  /** PIDs in stop order (controller manager, API server, etcd). */
  readonly pids: ReadonlyArray<{ readonly name: ComponentName; readonly pid: number }>;
}

export interface StartOptions {
  /** Run kube-controller-manager (namespace and garbage-collector controllers), for tests that need deletions to finish. */
  readonly controllers?: boolean;
  /** Keep the processes running after this Node process exits (`control-plane:up`). */
  readonly detach?: boolean;
  /** Seconds to wait for readiness. @default 120 */
  readonly readyTimeoutS?: number;
  readonly log?: (line: string) => void;
}

/** What the control plane needs that is not there, as one line; undefined when everything is in the cache. */
export function controlPlaneMissing(names: readonly ComponentName[] = ['etcd', 'kube-apiserver']): string | undefined {
  const missing = missingBinaries(names);
  if (missing.length === 0) return undefined;
  return `no cached ${missing.join(', ')} binaries (${missing.map((n) => path.dirname(binaryPath(component(n)))).join(', ')}); run \`npm run control-plane:build\` first (needs Go >= 1.26.6 and the Go module proxy)`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const live = new Map<string, ControlPlaneState>();
let exitHookInstalled = false;

/** On any exit of this process, processes it started and did not detach are killed and their data removed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const state of live.values()) killNow(state);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      for (const state of live.values()) killNow(state);
      process.exit(130);
    });
}

function killNow(state: ControlPlaneState): void {
  for (const { pid } of state.pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  fs.rmSync(state.dir, { recursive: true, force: true });
  live.delete(state.dir);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the processes by PID (SIGTERM, then SIGKILL after 10 s) and removes the run's folder. */
export async function stopControlPlane(state: ControlPlaneState): Promise<void> {
  for (const { pid } of state.pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < deadline) await sleep(100);
    if (isRunning(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
  fs.rmSync(state.dir, { recursive: true, force: true });
  live.delete(state.dir);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function tail(file: string): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    return lines.slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

/**
 * etcd, kube-apiserver (and optionally kube-controller-manager) on 127.0.0.1, on free ports, with a CA made for the
 * run, bearer tokens for the test users and their RBAC objects, and a kubeconfig. Waits for readiness; on any failure
 * stops what it started and removes the run's folder before throwing.
 */
export async function startControlPlane(opts: StartOptions = {}): Promise<ControlPlaneState> {
  const names: ComponentName[] = [
    'etcd',
    'kube-apiserver',
    ...(opts.controllers ? ['kube-controller-manager' as const] : []),
  ];
  const missing = controlPlaneMissing(names);
  if (missing) throw new Error(missing);
  const log = opts.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-control-plane-'));
  const pki = makePki(path.join(dir, 'pki'));
  const tokens = Object.fromEntries(USERS.map((u) => [u.name, crypto.randomBytes(24).toString('hex')])) as Record<
    UserName,
    string
  >;
  fs.writeFileSync(
    path.join(dir, 'tokens.csv'),
    USERS.map((u, i) => `${tokens[u.name]},${u.name},uid-${i},"${u.groups.join(',')}"`).join('\n') + '\n',
    { mode: 0o600 },
  );
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigText(server, pki.caCert, tokens), { mode: 0o600 });
  const pids: Array<{ name: ComponentName; pid: number }> = [];
  const state: ControlPlaneState = { dir, server, caCert: pki.caCert, kubeconfig, tokens, etcdUrl, pids };
  live.set(dir, state);
  if (!opts.detach) installExitHook();
  const children = new Map<ComponentName, ChildProcess>();
  const run = (name: ComponentName, args: string[]) => {
    const logFile = path.join(dir, `${name}.log`);
    const out = fs.openSync(logFile, 'a');
    const child = spawn(binaryPath(component(name)), args, { stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    if (child.pid === undefined) throw new Error(`${name} did not start`);
    if (opts.detach) child.unref();
    children.set(name, child);
    // Stop order is the reverse of start order.
    pids.unshift({ name, pid: child.pid });
    return logFile;
  };
  const until = async (what: string, logFile: string, name: ComponentName, ready: () => Promise<boolean>) => {
    const deadline = Date.now() + (opts.readyTimeoutS ?? 120) * 1000;
    for (;;) {
      const child = children.get(name)!;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before ${what}: ${tail(logFile)}`);
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline)
        throw new Error(`${name}: not ${what} after ${opts.readyTimeoutS ?? 120} s: ${tail(logFile)}`);
      await sleep(250);
    }
  };
  const admin: Endpoint = { server, caCert: pki.caCert };
  try {
    const started = Date.now();
    const etcdLog = run('etcd', [
      '--name=default',
      `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await until('healthy', etcdLog, 'etcd', async () => (await httpGet(`${etcdUrl}/health`)).includes('"true"'));
    const apiLog = run('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--cert-dir=${path.join(dir, 'pki')}`,
      `--service-account-issuer=${server}`,
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--endpoint-reconciler-type=none',
      '--authorization-mode=RBAC',
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      '--profiling=false',
    ]);
    await until('ready', apiLog, 'kube-apiserver', async () => {
      const ready = await kubeRequest(admin, tokens.admin, 'GET', '/readyz');
      if (ready.status !== 200) return false;
      return (await kubeRequest(admin, tokens.admin, 'GET', '/api/v1/namespaces/default')).status === 200;
    });
    for (const object of testRbacObjects()) await applyObject(state, object);
    if (opts.controllers) {
      const cmLog = run('kube-controller-manager', [
        `--kubeconfig=${kubeconfig}`,
        '--controllers=namespace,garbagecollector',
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        '--secure-port=0',
      ]);
      await sleep(500);
      await until('running', cmLog, 'kube-controller-manager', async () => true);
    }
    log(
      `control plane started in ${((Date.now() - started) / 1000).toFixed(1)} s: ${server} (etcd ${etcdUrl}, pids ${pids.map((p) => `${p.name}=${p.pid}`).join(' ')})`,
    );
    return state;
  } catch (error) {
    await stopControlPlane(state);
    throw error;
  }
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { timeout: 2000 }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** Server-side apply of one object as the admin, under the field manager `superpod-test-setup`. */
export async function applyObject(state: ControlPlaneState, object: Record<string, unknown>): Promise<void> {
  const { apiVersion, kind, metadata } = object as {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  };
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const plural = `${kind.toLowerCase()}${kind.endsWith('s') ? 'es' : 's'}`;
  const ns = metadata.namespace ? `/namespaces/${metadata.namespace}` : '';
  await kubeCall(
    state,
    state.tokens.admin,
    'PATCH',
    `${base}${ns}/${plural}/${metadata.name}?fieldManager=superpod-test-setup&force=true`,
    object,
    'application/apply-patch+yaml',
  );
}

function kubeconfigText(server: string, caCert: string, tokens: Record<UserName, string>): string {
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'superpod-test', cluster: { server, 'certificate-authority': caCert } }],
      users: USERS.map((u) => ({ name: u.name, user: { token: tokens[u.name] } })),
      contexts: USERS.map((u) => ({ name: u.name, context: { cluster: 'superpod-test', user: u.name } })),
      'current-context': 'admin',
    },
    null,
    2,
  );
}
