import type { TestProject } from 'vitest/node';
import { type ControlPlaneState, startControlPlane, stopControlPlane } from '../control-plane/control-plane.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared control plane: etcd, kube-apiserver and kube-controller-manager (namespace, garbage collector). */
    controlPlane: ControlPlaneState;
  }
}

/** Starts the shared control plane before the first test file and stops it (by PID, data removed) after the last. */
export default async function setup(project: TestProject) {
  const state = await startControlPlane({ controllers: true, log: (l) => console.log(`test:cluster: ${l}`) });
  project.provide('controlPlane', state);
  return async () => {
    await stopControlPlane(state);
    console.log(`test:cluster: control plane stopped (${state.pids.map((p) => `${p.name} pid ${p.pid}`).join(', ')})`);
  };
}
