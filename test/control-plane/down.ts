/** `npm run control-plane:down`: stops what `control-plane:up` started, by PID, and removes its data. */
import fs from 'node:fs';
import { type ControlPlaneState, stopControlPlane } from './control-plane.ts';
import { UP_STATE_FILE } from './up-state.ts';

if (!fs.existsSync(UP_STATE_FILE)) {
  console.log('control-plane:down: nothing is up');
  process.exit(0);
}
const state = JSON.parse(fs.readFileSync(UP_STATE_FILE, 'utf8')) as ControlPlaneState;
await stopControlPlane(state);
fs.rmSync(UP_STATE_FILE);
console.log(
  `control-plane:down: stopped ${state.pids.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}; removed ${state.dir}`,
);
