import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the Go wrapper modules (one per upstream module graph), committed with go.mod and go.sum. */
export const MODULES_DIR = path.dirname(fileURLToPath(import.meta.url));

export const KUBERNETES_VERSION = '1.36.3';
export const ETCD_VERSION = '3.6.16';
export const OPENTOFU_VERSION = '1.12.6';
/**
 * hashicorp/terraform-provider-kubernetes: tag v3.2.1 plus two commits (a grpc security bump, a CODEOWNERS change),
 * the newest source the Go module proxy serves; v2.38.0 is refused (see README). Installed into the OpenTofu mirror
 * as this version.
 */
export const PROVIDER_VERSION = '3.2.1';
export const PROVIDER_MODULE_VERSION = 'v1.13.4-0.20260821094251-3a33fb6cc605';

export type ComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'tofu' | 'provider';

export interface Component {
  readonly name: ComponentName;
  readonly version: string;
  /** Wrapper module folder under test/control-plane/. */
  readonly module: string;
  /** Go package of the main program. */
  readonly pkg: string;
  readonly binary: string;
  readonly ldflags: readonly string[];
  /** True when the binary at `file` is this component at this version. */
  readonly isBuilt: (file: string) => boolean;
}

function kubeStamp(): string[] {
  const [major, minor] = KUBERNETES_VERSION.split('.');
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((p) => [
    `-X ${p}.gitVersion=v${KUBERNETES_VERSION}`,
    `-X ${p}.gitMajor=${major}`,
    `-X ${p}.gitMinor=${minor}`,
    `-X ${p}.gitTreeState=clean`,
  ]);
}

/** First line of `<file> <args>`, or '' when it does not run. */
function answer(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return '';
  }
}

const kube = (name: ComponentName): Component => ({
  name,
  version: KUBERNETES_VERSION,
  module: 'kubernetes',
  pkg: `k8s.io/kubernetes/cmd/${name}`,
  binary: name,
  ldflags: kubeStamp(),
  isBuilt: (file) => answer(file, ['--version']).trim() === `Kubernetes v${KUBERNETES_VERSION}`,
});

/** Build order: the control plane first, then what only section 3 (OpenTofu) needs. */
export const COMPONENTS: readonly Component[] = [
  {
    name: 'etcd',
    version: ETCD_VERSION,
    module: 'etcd',
    pkg: 'go.etcd.io/etcd/server/v3',
    binary: 'etcd',
    ldflags: [],
    isBuilt: (file) => answer(file, ['--version']).includes(`etcd Version: ${ETCD_VERSION}`),
  },
  kube('kube-apiserver'),
  kube('kube-controller-manager'),
  {
    name: 'tofu',
    version: OPENTOFU_VERSION,
    module: 'tofu',
    pkg: 'github.com/opentofu/opentofu/cmd/tofu',
    binary: 'tofu',
    // Without dev=no the binary calls itself a -dev build.
    ldflags: ['-X github.com/opentofu/opentofu/version.dev=no'],
    isBuilt: (file) => answer(file, ['version']).split('\n').includes(`OpenTofu v${OPENTOFU_VERSION}`),
  },
  {
    name: 'provider',
    version: PROVIDER_VERSION,
    module: 'provider',
    pkg: 'github.com/hashicorp/terraform-provider-kubernetes',
    binary: `terraform-provider-kubernetes_v${PROVIDER_VERSION}`,
    // The provider's version is a constant ("dev") in main.go, so no -X stamp and no --version flag: the Go build
    // info names the module version it was built from.
    ldflags: [],
    isBuilt: (file) =>
      answer('go', ['version', '-m', file]).includes(
        `\tgithub.com/hashicorp/terraform-provider-kubernetes\t${PROVIDER_MODULE_VERSION}\t`,
      ),
  },
];

/** Binaries are cached outside the repository, by component and version. */
export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'superpod', 'control-plane');
}

export function binaryPath(component: Component): string {
  return path.join(cacheRoot(), `${component.name}-${component.version}`, component.binary);
}

export function component(name: ComponentName): Component {
  return COMPONENTS.find((c) => c.name === name)!;
}

/** Components whose binary is not in the cache (a cheap existence check; the build checks versions). */
export function missingBinaries(names: readonly ComponentName[]): ComponentName[] {
  return names.filter((n) => !fs.existsSync(binaryPath(component(n))));
}
