/**
 * A package-lock.json for a new project that depends on the packed superpod tarball (plus the given packages from
 * our own tree, e.g. typescript), built from our own package-lock.json. With it, `npm ci --offline` installs the
 * tarball's whole dependency tree from the npm cache that our `npm ci` filled: no registry metadata (which npm ci
 * never caches) and no network are needed, and the versions are exactly the ones our tests ran with.
 */
export interface LockPackage {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly devOptional?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly [key: string]: unknown;
}

export interface PackageLock {
  readonly name: string;
  readonly version?: string;
  readonly lockfileVersion: number;
  readonly requires?: boolean;
  readonly packages: Record<string, LockPackage>;
}

/** Where Node finds `name` when required from the package installed at `from` (a lock key such as `node_modules/a`). */
function resolveIn(packages: Record<string, LockPackage>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

export function consumerLock(
  ours: PackageLock,
  tarball: { name: string; version: string; file: string; integrity: string },
  extra: Readonly<Record<string, string>>,
): PackageLock {
  const root = ours.packages['']!;
  const runtime = { ...(root.dependencies ?? {}) };
  const wanted = new Set<string>();
  const visit = (key: string) => {
    if (wanted.has(key)) return;
    wanted.add(key);
    const pkg = ours.packages[key]!;
    const deps = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
    for (const name of Object.keys(deps)) {
      const found = resolveIn(ours.packages, key, name);
      if (found) visit(found);
    }
  };
  for (const name of [...Object.keys(runtime), ...Object.keys(extra)]) {
    const found = resolveIn(ours.packages, '', name);
    if (!found) throw new Error(`${name} is not in package-lock.json`);
    visit(found);
  }
  const packages: Record<string, LockPackage> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { [tarball.name]: `file:${tarball.file}`, ...extra } },
    [`node_modules/${tarball.name}`]: {
      version: tarball.version,
      resolved: `file:${tarball.file}`,
      integrity: tarball.integrity,
      license: 'Apache-2.0',
      dependencies: runtime,
      bin: { superpod: 'bin/superpod.js' },
      engines: root.engines as Record<string, string>,
    },
  };
  for (const key of [...wanted].sort()) {
    const { dev: _dev, devOptional, ...rest } = ours.packages[key]!;
    packages[key] = devOptional ? { ...rest, optional: true } : rest;
  }
  return { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}
