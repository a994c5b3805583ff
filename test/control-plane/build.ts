/**
 * `npm run control-plane:build [component...]`: builds etcd, kube-apiserver, kube-controller-manager, OpenTofu and the
 * hashicorp/kubernetes provider from source through the Go wrapper modules beside this file, into
 * ~/.cache/superpod/control-plane/<component>-<version>/. A cached binary that answers its version is reused.
 *
 * First a `go mod download` of every wrapper module, so a module the proxy does not serve fails the run in seconds,
 * named, before any compiling. Builds run one after another: each `go build` already uses both cores, and one at a
 * time keeps the peak memory of the kube-apiserver link (about 3 GB) alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { binaryPath, COMPONENTS, type Component, MODULES_DIR } from './components.ts';

const GO_ENV = { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false -mod=readonly' };

function fail(message: string): never {
  console.error(`control-plane:build: ${message}`);
  process.exit(2);
}

function go(args: string[], cwd: string, timeoutMs: number) {
  return spawnSync('go', args, { cwd, env: GO_ENV, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
}

function checkGo(): void {
  const version = go(['version'], MODULES_DIR, 20_000);
  if (version.error || version.status !== 0)
    fail('Go is not installed (or not on PATH): the control plane is built from source; install Go >= 1.26.6');
  console.log(`control-plane:build: ${version.stdout.trim()}`);
}

/** Downloads every module of a wrapper; on failure names the module the proxy refused. */
function preflight(modules: readonly string[]): void {
  for (const module of modules) {
    const started = Date.now();
    const result = go(['mod', 'download'], path.join(MODULES_DIR, module), 10 * 60_000);
    if (result.error) fail(`go mod download in test/control-plane/${module}: ${result.error.message}`);
    if (result.status !== 0) {
      const line = result.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${result.status}`;
      fail(`go mod download in test/control-plane/${module} failed: ${line.trim()}`);
    }
    console.log(`control-plane:build: modules of ${module} available (${seconds(started)})`);
  }
}

function build(component: Component): void {
  const out = binaryPath(component);
  if (fs.existsSync(out) && component.isBuilt(out)) {
    console.log(`control-plane:build: ${component.name} ${component.version} taken from the cache (${out})`);
    return;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = Date.now();
  const temp = `${out}.partial`;
  const ldflags = ['-s', '-w', ...component.ldflags].join(' ');
  const result = go(
    ['build', '-trimpath', '-ldflags', ldflags, '-o', temp, component.pkg],
    path.join(MODULES_DIR, component.module),
    60 * 60_000,
  );
  if (result.error || result.status !== 0) {
    fs.rmSync(temp, { force: true });
    const detail = (result.stderr || result.error?.message || '').trim().split('\n').slice(-5).join(' | ');
    fail(`building ${component.name} ${component.version} (${component.pkg}) failed: ${detail}`);
  }
  fs.renameSync(temp, out);
  if (!component.isBuilt(out)) fail(`${out} was built but does not report version ${component.version}`);
  console.log(`control-plane:build: ${component.name} ${component.version} built in ${seconds(started)} (${out})`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

const only = process.argv.slice(2);
const unknown = only.filter((n) => !COMPONENTS.some((c) => c.name === n));
if (unknown.length > 0)
  fail(`unknown component ${unknown.join(', ')}; choose from ${COMPONENTS.map((c) => c.name).join(', ')}`);
const chosen = COMPONENTS.filter((c) => only.length === 0 || only.includes(c.name));
checkGo();
preflight([...new Set(chosen.map((c) => c.module))]);
for (const component of chosen) build(component);
