/**
 * The package as `npm pack` ships it (dist/, bin/superpod.js, package.json), built once per state of the sources and
 * kept in node_modules/.cache/superpod-built/<hash of the sources>/. The end-to-end tests start this binary: it is
 * what users install, and it starts without tsx compiling the sources in every process (about 1 s of CPU per start,
 * some 200 starts per `npm test`). The checkout's own binary, which runs the sources through tsx, keeps tests of its
 * own (`runCli(..., { checkout: true })`).
 *
 * vitest's global setup (test/helpers/global-setup.ts) builds it before any test runs; the first caller after a change
 * of the sources builds it otherwise. Builds are shared between processes through a lock folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = path.join(root, 'node_modules/.cache/superpod-built');
const BUILD_INPUTS = ['bin/superpod.js', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];
/** A lock older than this belongs to a build that died; the next caller takes over. */
const STALE_LOCK_MS = 5 * 60_000;

/** What the build reads: the included folders of tsconfig.build.json and the files above. */
function sourcesHash(): string {
  const { include } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
  };
  const files = [...BUILD_INPUTS];
  for (const entry of include) {
    const full = path.join(root, entry);
    if (fs.statSync(full).isFile()) files.push(entry);
    else
      for (const file of fs.readdirSync(full, { recursive: true, encoding: 'utf8' }))
        if (fs.statSync(path.join(full, file)).isFile()) files.push(path.join(entry, file));
  }
  const hash = createHash('sha256');
  for (const file of files.sort())
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(root, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** This process's answer: the sources do not change during a test run, so they are hashed once, not per start. */
let binaryOfThisRun: string | undefined;

/** The built package's `bin/superpod.js`, building the package first when the sources changed since the last build. */
export function builtBinary(): string {
  binaryOfThisRun ??= buildIfStale();
  return binaryOfThisRun;
}

function buildIfStale(): string {
  const folder = path.join(cacheRoot, sourcesHash());
  const binary = path.join(folder, 'bin/superpod.js');
  const lock = `${folder}.lock`;
  fs.mkdirSync(cacheRoot, { recursive: true });
  while (!fs.existsSync(binary)) {
    try {
      fs.mkdirSync(lock);
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(200);
      continue;
    }
    try {
      if (!fs.existsSync(binary)) build(folder);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return binary;
}

/** Builds into a scratch folder and renames it into place, so a reader never sees half a package; drops older builds. */
function build(folder: string): void {
  const scratch = `${folder}.building`;
  fs.rmSync(scratch, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--out-dir', path.join(scratch, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
  fs.mkdirSync(path.join(scratch, 'bin'));
  fs.copyFileSync(path.join(root, 'bin/superpod.js'), path.join(scratch, 'bin/superpod.js'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(scratch, 'package.json'));
  for (const old of fs.readdirSync(cacheRoot))
    if (!old.endsWith('.lock') && !old.startsWith(path.basename(folder)))
      fs.rmSync(path.join(cacheRoot, old), { recursive: true, force: true });
  fs.renameSync(scratch, folder);
}
