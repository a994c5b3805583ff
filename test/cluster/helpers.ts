import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { getAccelerator } from '../../src/catalog/index.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { hardwareLabels, indexInventory } from '../../src/k8s/node-labels.ts';
import type { ControlPlaneState } from '../control-plane/control-plane.ts';
import { applyObject } from '../control-plane/control-plane.ts';
import { kubeCall, kubeRequest } from '../control-plane/kube-request.ts';
import { type Fault, FaultProxy } from '../deploy/fault-proxy.ts';
import { CRD_DIR } from '../k8s/validate.ts';

/** GET as the admin; undefined on 404. */
export async function getObject<T = Record<string, unknown>>(
  state: ControlPlaneState,
  apiPath: string,
): Promise<T | undefined> {
  const res = await kubeRequest(state, state.tokens.admin, 'GET', apiPath);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${apiPath}: ${res.status} ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body) as T;
}

/** The vendored Volcano and LeaderWorkerSet CRDs, installed as their Helm charts would, and waited until Established. */
export async function installCrds(state: ControlPlaneState): Promise<string[]> {
  const names: string[] = [];
  for (const file of fs
    .readdirSync(CRD_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
      const crd = doc.toJS() as { kind?: string; metadata: { name: string } } | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      await applyObject(state, crd as unknown as Record<string, unknown>);
      names.push(crd.metadata.name);
    }
  }
  const deadline = Date.now() + 60_000;
  for (const name of names) {
    for (;;) {
      const crd = await getObject<{ status?: { conditions?: Array<{ type: string; status: string }> } }>(
        state,
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
      if (crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  // Created by the Volcano install; the scheduler ConfigMap lives there.
  await applyObject(state, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'volcano-system' } });
  return names;
}

/**
 * Registers the nodes of an inventory as their kubelets and the Ascend device plugin would: names with hostname and
 * arch labels plus the labels the device plugin writes from the hardware (chip, memory, topology tree), then status
 * with capacity and allocatable, `huawei.com/npu` from the device plugin on device-plugin pools (none on DRA pools,
 * whose devices are ResourceSlices).
 */
export async function registerNodes(
  state: ControlPlaneState,
  inventory: Inventory,
  opts: { readonly concurrency?: number } = {},
): Promise<void> {
  const dra = new Set(inventory.nodePools.filter((p) => p.deviceAllocation === 'dra').map((p) => p.name));
  const lookup = indexInventory(inventory);
  const queue = [...inventory.nodes];
  const worker = async () => {
    for (let node = queue.shift(); node; node = queue.shift()) {
      const resource = getAccelerator(node.acceleratorId).kubernetes.resourceName;
      await kubeCall(state, state.tokens.admin, 'POST', '/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: node.name,
          labels: {
            'kubernetes.io/hostname': node.name,
            'kubernetes.io/arch': 'arm64',
            ...hardwareLabels(inventory, node, lookup),
          },
        },
      });
      const resources = {
        cpu: '190',
        memory: '1500Gi',
        pods: '110',
        ...(dra.has(node.pool) ? {} : { [resource]: String(node.acceleratorCount) }),
      };
      await kubeCall(
        state,
        state.tokens.admin,
        'PATCH',
        `/api/v1/nodes/${node.name}/status`,
        { status: { capacity: resources, allocatable: resources } },
        'application/merge-patch+json',
      );
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
}

/** The kubeconfig of the run, pointed at another server URL (a fault proxy) in `dir`. */
export function kubeconfigVia(state: ControlPlaneState, url: string, dir: string): string {
  const file = path.join(dir, `kubeconfig-${new URL(url).port}`);
  fs.writeFileSync(file, fs.readFileSync(state.kubeconfig, 'utf8').replace(state.server, url), { mode: 0o600 });
  return file;
}

/** A fault proxy in front of the control plane, serving TLS with its certificate (clients still verify the CA). */
export function faultProxy(state: ControlPlaneState, faults: readonly Fault[]): Promise<FaultProxy> {
  const pki = path.dirname(state.caCert);
  return new FaultProxy({
    upstream: state.server,
    upstreamCa: state.caCert,
    tls: { cert: path.join(pki, 'apiserver.crt'), key: path.join(pki, 'apiserver.key') },
    faults,
  }).start();
}

/** What every workload kind and platform kind of a stack looks like on the server, for "every object accepted" checks. */
export async function apiPath(
  state: ControlPlaneState,
  o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } },
): Promise<string> {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const discovery = await kubeCall<{ resources: Array<{ name: string; kind: string; namespaced: boolean }> }>(
    state,
    state.tokens.admin,
    'GET',
    base,
  );
  const r = discovery.resources.find((x) => x.kind === o.kind && !x.name.includes('/'));
  if (!r) throw new Error(`the server does not serve ${o.kind} (${o.apiVersion})`);
  const ns = r.namespaced ? `/namespaces/${o.metadata.namespace ?? 'default'}` : '';
  return `${base}${ns}/${r.name}/${o.metadata.name}`;
}
