/**
 * `npm run control-plane:up`: starts etcd, kube-apiserver and kube-controller-manager from the cache and leaves them
 * running; prints the kubeconfig (contexts admin, viewer, platform-deployer). `npm run control-plane:down` stops them.
 */
import fs from 'node:fs';
import { controlPlaneMissing, startControlPlane } from './control-plane.ts';
import { UP_STATE_FILE } from './up-state.ts';

if (fs.existsSync(UP_STATE_FILE)) {
  console.error(`control-plane:up: already up (${UP_STATE_FILE}); run \`npm run control-plane:down\` first`);
  process.exit(2);
}
const missing = controlPlaneMissing(['etcd', 'kube-apiserver', 'kube-controller-manager']);
if (missing) {
  console.error(`control-plane:up: ${missing}`);
  process.exit(2);
}
try {
  const state = await startControlPlane({
    controllers: true,
    detach: true,
    log: (l) => console.log(`control-plane:up: ${l}`),
  });
  fs.writeFileSync(UP_STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
  console.log(`control-plane:up: export KUBECONFIG=${state.kubeconfig}`);
} catch (error) {
  console.error(`control-plane:up: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
}
