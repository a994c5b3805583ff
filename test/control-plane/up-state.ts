import os from 'node:os';
import path from 'node:path';

/** Where `control-plane:up` records the PIDs and folder that `control-plane:down` stops and removes. */
export const UP_STATE_FILE = path.join(os.tmpdir(), `superpod-control-plane-up-${os.userInfo().uid}.json`);
