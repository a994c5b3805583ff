import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the tests against a real control plane (etcd + kube-apiserver, OpenTofu with the
 * hashicorp/kubernetes provider), built by `npm run control-plane:build`. Files are named `*.cluster.ts` so the default
 * `vitest run` of `npm test` never picks them up; they run one at a time (2 cores, one API server each).
 */
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  test: {
    include: ['test/cluster/**/*.cluster.ts'],
    globalSetup: ['test/helpers/global-setup.ts', 'test/cluster/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
