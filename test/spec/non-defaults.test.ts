/**
 * The spec that uses every field writes some of them at their defaults (a container on port 8000 with /health, BF16
 * activations, eight NPUs a training pod, an uplink of estimated confidence), so dropping them would go unnoticed.
 * Here each is changed to a value no default gives, and must reach the Inventory as written.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/types.ts';
import { inventoryOfSpec } from '../helpers/spec.ts';
import { CANONICAL_SPEC } from './canonical-spec.ts';

function edited(...edits: ReadonlyArray<readonly [string, string]>): Inventory {
  let text = CANONICAL_SPEC;
  for (const [from, to] of edits) {
    if (text.indexOf(from) < 0 || text.indexOf(from) !== text.lastIndexOf(from))
      throw new Error(`"${from}" is not in the spec once`);
    text = text.replace(from, to);
  }
  return inventoryOfSpec(text, 'everything.yaml');
}

const workload = (inventory: Inventory, id: string) => inventory.workloads.find((w) => w.id === id)!;

describe('optional fields away from their defaults', () => {
  it('an inference container on another port and health path, with FP16 activations', () => {
    const chat = workload(
      edited(
        ['      port: 8000\n      healthPath: /health\n', '      port: 9000\n      healthPath: /ready\n'],
        ['activations: bf16', 'activations: fp16'],
      ),
      'chat',
    );
    expect(chat).toMatchObject({
      precision: { weights: 'int8', activations: 'fp16', kvCache: 'int8' },
      container: { port: 9000, healthPath: '/ready' },
    });
  });

  it('a recommendation container on another port and health path', () => {
    const ranker = workload(
      edited(['dlrm:1, port: 8000, healthPath: /health', 'dlrm:1, port: 8443, healthPath: /livez']),
      'ranker',
    );
    expect(ranker).toMatchObject({ container: { port: 8443, healthPath: '/livez' } });
  });

  it('a training job of four NPUs a pod', () => {
    const sft = workload(
      edited(
        ['    replicas: 4\n    npusPerPod: 8\n', '    replicas: 8\n    npusPerPod: 4\n'],
        ['parallelism: { tp: 8, pp: 1, ep: 1, dp: 4 }', 'parallelism: { tp: 4, pp: 1, ep: 1, dp: 8 }'],
      ),
      'sft',
    );
    expect(sft).toMatchObject({ replicas: 8, npusPerPod: 4, parallelism: { tp: 4, pp: 1, ep: 1, dp: 8 } });
  });

  it("a custom fabric's uplink of reported confidence and its own source", () => {
    const pod = edited([
      '        source: design target\n        confidence: estimated\n',
      '        source: vendor briefing\n        confidence: reported\n',
    ]).superPods.find((p) => p.id.endsWith('/pod-b'))!;
    expect(pod.fabric.uplink).toMatchObject({ kind: 'uboe', source: 'vendor briefing', confidence: 'reported' });
  });
});
