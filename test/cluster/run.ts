/**
 * `npm run test:cluster`: checks that the control plane binaries are in the cache (else says what it needs and exits
 * 2), then runs the cluster suite with vitest.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlPlaneMissing } from '../control-plane/control-plane.ts';

const missing = controlPlaneMissing(['etcd', 'kube-apiserver', 'kube-controller-manager', 'tofu', 'provider']);
if (missing) {
  console.error(`test:cluster: ${missing}`);
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'test/cluster/vitest.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CHECKPOINT_DISABLE: '1' } },
);
process.exit(result.status ?? 1);
