import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/app/load-stack.ts';
import { main } from '../../src/cli/main.ts';
import { type ControlPlaneState, startControlPlane, stopControlPlane } from '../control-plane/control-plane.ts';
import { registerNodes } from './helpers.ts';

/** Section 2.8 of issue 11: the API server killed while superpod applies, on a control plane of its own. */
let state: ControlPlaneState;

beforeAll(async () => {
  state = await startControlPlane();
  await registerNodes(state, await loadInventory());
});
afterAll(async () => {
  if (state) await stopControlPlane(state);
});

describe('the API server stops in the middle of an apply', () => {
  it('fails with exit 2 and one line, after listing the objects applied so far', async () => {
    const apiserver = state.pids.find((p) => p.name === 'kube-apiserver')!.pid;
    let stdout = '';
    let stderr = '';
    const code = await main(['apply', '--stage', 'platform', '--kubeconfig', state.kubeconfig], {
      stdout: (text) => {
        stdout += text;
        // The first group (namespaces, priority classes) is done: the server goes away before the next one starts.
        if (/^created Namespace\//m.test(text)) process.kill(apiserver, 'SIGKILL');
      },
      stderr: (text) => {
        stderr += text;
      },
      interactive: false,
    });
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      new RegExp(
        `^error: ${state.server.replaceAll('.', '\\.')}: cannot reach the Kubernetes API server: cannot reach ${state.server.replaceAll('.', '\\.')} \\((ECONNREFUSED|ECONNRESET)\\)`,
      ),
    );
    expect(stdout.split('\n').filter((l) => l.startsWith('created '))).toEqual([
      'created Namespace/inference',
      'created Namespace/training',
      'created PriorityClass/superpod-serving',
      'created PriorityClass/superpod-training',
    ]);
  });
});
