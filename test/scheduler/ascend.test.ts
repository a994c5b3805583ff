import { describe, expect, it } from 'vitest';
import {
  ASCEND_POLICY_HARDWARE,
  ASCEND_SCHEDULE_POLICIES,
  affinityScore,
  ascendDomainOf,
  chipsPerNode,
  chooseAscendChips,
  isValidNpuRequest,
  popcount,
  validNpuRequests,
} from '../../src/scheduler/ascend.ts';

const bits = (...chips: number[]) => chips.reduce((m, c) => m | (1 << c), 0);
const chipsOf = (mask: number) => [...Array(32).keys()].filter((c) => (mask >>> c) & 1);

describe('Ascend valid NPU requests (k8s-scheduling.md §1.9)', () => {
  it('allows 1, 2, 4, 8 on a 910 x8 module and rejects 3, 5, 6, 7 (SetNpuNumInvalidMap)', () => {
    expect(validNpuRequests('chip4-node8', false)).toEqual([1, 2, 4, 8]);
    for (const n of [3, 5, 6, 7]) expect(isValidNpuRequest('chip4-node8', n, false)).toBe(false);
  });

  it('allows 1, 2, 4 on a half node and 1, 2 on a 910 card', () => {
    expect(validNpuRequests('chip4-node4', false)).toEqual([1, 2, 4]);
    expect(validNpuRequests('chip1-node2', false)).toEqual([1, 2]);
  });

  it('allows 1..8, 10, 12, 14 and 16 on Box16 and rejects 9, 11, 13, 15', () => {
    expect(validNpuRequests('chip8-node16', false)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16]);
    for (const n of [9, 11, 13, 15]) expect(isValidNpuRequest('chip8-node16', n, false)).toBe(false);
  });

  it('allows 1 or even counts on A3 standalone, only even counts for distributed pods', () => {
    expect(validNpuRequests('chip2-node16', false)).toEqual([1, 2, 4, 6, 8, 10, 12, 14, 16]);
    expect(validNpuRequests('chip2-node16', true)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
  });

  it('allows 1..8 standalone and only 8 distributed on the Atlas 950 SuperPoD', () => {
    expect(validNpuRequests('chip8-node8-ra64-sp', false)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(validNpuRequests('chip8-node8-ra64-sp', true)).toEqual([8]);
    expect(validNpuRequests('chip8-node8-sp', false)).toEqual([1, 2, 4, 8]);
    expect(validNpuRequests('chip8-node8-sp', true)).toEqual([8]);
  });

  it('fails when a distributed 950 pod asks for fewer than 8 NPUs', () => {
    expect(chooseAscendChips('chip8-node8-ra64-sp', 0xff, 4, true)).toBeNull();
    expect(chooseAscendChips('chip8-node8-ra64-sp', 0xff, 8, true)).toEqual({ mask: 0xff, unfitness: 0 });
  });
});

describe('Ascend best-fit choices', () => {
  it('scores unfitness as free minus requested, 8 when it cannot fit (affScoreList[5] = [8,8,8,8,8,0,1,2])', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((free) => affinityScore(6, free))).toEqual([8, 8, 8, 8, 8, 0, 1, 2]);
  });

  it('gives a 1-chip request to the ring with 1 free, then 3, then 2, then 4 (getNPUAllocPriorityArray)', () => {
    // Ring 0 (chips 0-3) has 2 free, ring 1 (chips 4-7) has 3 free: 3 beats 2.
    const choice = chooseAscendChips('chip4-node8', bits(0, 1, 4, 5, 6), 1, false)!;
    expect(chipsOf(choice.mask)).toEqual([4]);
    expect(choice.unfitness).toBe(1);
    // One ring with a single free chip wins over a whole free ring.
    expect(chipsOf(chooseAscendChips('chip4-node8', bits(2, 4, 5, 6, 7), 1, false)!.mask)).toEqual([2]);
  });

  it('gives a 2-chip request to the ring with 2 free before 4 before 3', () => {
    expect(chipsOf(chooseAscendChips('chip4-node8', bits(0, 1, 2, 4, 5, 6, 7), 2, false)!.mask)).toEqual([4, 5]);
    expect(chipsOf(chooseAscendChips('chip4-node8', bits(0, 1, 2, 6, 7), 2, false)!.mask)).toEqual([6, 7]);
  });

  it('fails when a 4-chip request has no whole free ring, even with 4 free chips on the node', () => {
    expect(chooseAscendChips('chip4-node8', bits(0, 1, 4, 5), 4, false)).toBeNull();
    expect(chipsOf(chooseAscendChips('chip4-node8', bits(0, 4, 5, 6, 7), 4, false)!.mask)).toEqual([4, 5, 6, 7]);
  });

  it('takes whole HiAM pairs for even requests on A3 (free {0,2,3,4}: 2 chips -> {2,3})', () => {
    expect(chipsOf(chooseAscendChips('chip2-node16', bits(0, 2, 3, 4), 2, false)!.mask)).toEqual([2, 3]);
    expect(chooseAscendChips('chip2-node16', bits(0, 2, 4, 6), 2, false)).toBeNull();
  });

  it('puts a single A3 chip into a half-used pair first', () => {
    expect(chipsOf(chooseAscendChips('chip2-node16', bits(0, 1, 3), 1, false)!.mask)).toEqual([3]);
  });

  it('keeps Box16 requests of up to 8 in the ring that fits best and mirrors 10-14 across rings', () => {
    const free = bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(chipsOf(chooseAscendChips('chip8-node16', free, 3, false)!.mask)).toEqual([8, 9, 10]);
    const all = 0xffff;
    const ten = chooseAscendChips('chip8-node16', all, 10, false)!;
    expect(chipsOf(ten.mask)).toEqual([0, 1, 2, 3, 4, 8, 9, 10, 11, 12]);
    expect(chooseAscendChips('chip8-node16', bits(0, 1, 2, 3, 4, 5, 8, 9, 10, 11), 10, false)).toBeNull();
  });

  it('keeps 16-card Atlas 350 requests inside one 4-card UB group or on whole free groups', () => {
    const free = bits(1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15);
    expect(chipsOf(chooseAscendChips('chip4-node16', free, 4, false)!.mask)).toEqual([4, 5, 6, 7]);
    expect(chipsOf(chooseAscendChips('chip4-node16', free, 8, false)!.mask)).toEqual([4, 5, 6, 7, 12, 13, 14, 15]);
    expect(chooseAscendChips('chip4-node16', free, 12, false)).toBeNull();
    expect(chooseAscendChips('chip4-node16', 0xffff, 3, false)).toBeNull();
  });

  it('fails when an 8-die A3 pod does not take whole HiAM pairs', () => {
    expect(chipsOf(chooseAscendChips('chip2-node8', bits(0, 2, 3, 4, 5), 4, true)!.mask)).toEqual([2, 3, 4, 5]);
    expect(chooseAscendChips('chip2-node8', 0xff, 3, true)).toBeNull();
  });

  it('needs every chip free for a whole-node request', () => {
    expect(chooseAscendChips('chip8-node8', 0x7f, 8, false)).toBeNull();
    expect(chooseAscendChips('chip8-node8', 0xff, 8, false)?.mask).toBe(0xff);
    expect(popcount(0xf0f0)).toBe(8);
  });
});

describe('Ascend rules per hardware family, worked by hand', () => {
  it('describes the hardware of every policy and gives its chips per node', () => {
    for (const policy of ASCEND_SCHEDULE_POLICIES)
      expect(ASCEND_POLICY_HARDWARE[policy], policy).toMatch(/Atlas|server/);
    expect(Object.fromEntries(ASCEND_SCHEDULE_POLICIES.map((p) => [p, chipsPerNode(p)]))).toEqual({
      'chip4-node8': 8,
      'chip4-node16': 16,
      'chip4-node4': 4,
      'chip1-node2': 2,
      'chip1-node8': 8,
      'chip1-node16': 16,
      'chip8-node8': 8,
      'chip8-node16': 16,
      'chip2-node8': 8,
      'chip2-node16': 16,
      'chip2-node16-sp': 16,
      'chip8-node8-sp': 8,
      'chip8-node8-ra64-sp': 8,
    });
  });

  it('allows any count up to the node on meshes and card servers, 1 or whole pairs on an 8-die A3', () => {
    expect(validNpuRequests('chip8-node8', false)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(validNpuRequests('chip1-node16', true)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(validNpuRequests('chip2-node8', false)).toEqual([1, 2, 4, 6, 8]);
    expect(validNpuRequests('chip2-node8', true)).toEqual([2, 4, 6, 8]);
  });

  it('fails when a request is outside 0..30, where the bit masks would wrap', () => {
    expect(isValidNpuRequest('chip4-node8', 33, false)).toBe(false); // 33 would read bit 1
    expect(isValidNpuRequest('chip4-node8', -31, false)).toBe(false); // -31 would read bit 1
  });

  it('fills a half node ring by ring preference, and a whole 910 module only when every chip is free', () => {
    // One ring of 4 with 3 free: rank of 3 in [1, 3, 2, 4] is 1.
    expect(chooseAscendChips('chip4-node4', bits(0, 1, 3), 1, false)).toEqual({ mask: bits(0), unfitness: 1 });
    expect(chooseAscendChips('chip4-node8', 0xff, 8, false)).toEqual({ mask: 0xff, unfitness: 0 });
  });

  it('fails when a full-mesh node has fewer free chips than requested', () => {
    expect(chooseAscendChips('chip8-node8', 0x07, 4, false)).toBeNull();
  });

  it('keeps 4 cards in one UB group of a 16-card server; 8 take the first whole groups, unfitness spare groups', () => {
    expect(chooseAscendChips('chip4-node16', 0xffff, 4, false)).toEqual({ mask: 0x000f, unfitness: 0 });
    // Groups 0, 2 and 3 free: 8 cards take groups 0 and 2, one whole group stays spare.
    expect(chooseAscendChips('chip4-node16', 0xff0f, 8, false)).toEqual({ mask: 0x0f0f, unfitness: 1 });
    // 12 free cards, 3 in each group: no whole group.
    expect(chooseAscendChips('chip4-node16', 0x7777, 12, false)).toBeNull();
  });

  it('puts up to 8 Box16 chips in the ring they fit best, first ring on ties, and mirrors 10 exactly', () => {
    expect(chooseAscendChips('chip8-node16', 0xffff, 8, false)).toEqual({ mask: 0x00ff, unfitness: 0 });
    // Ring 0 has 5 free, ring 1 has 3: 4 chips only fit ring 0 (1 spare), 2 chips fit ring 1 best (1 spare).
    expect(chooseAscendChips('chip8-node16', 0x071f, 4, false)).toEqual({ mask: 0x000f, unfitness: 1 });
    expect(chooseAscendChips('chip8-node16', 0x071f, 2, false)).toEqual({ mask: 0x0300, unfitness: 1 });
    expect(chooseAscendChips('chip8-node16', 0x0707, 2, false)).toEqual({ mask: 0x0003, unfitness: 1 });
    // Five free positions in both rings are exactly enough for 10 chips.
    expect(chooseAscendChips('chip8-node16', 0x1f1f, 10, false)).toEqual({ mask: 0x1f1f, unfitness: 0 });
  });

  it('takes HiAM pairs in order on an 8-die A3, a single die from a half-used pair', () => {
    // Chip 3 busy: pair (2, 3) is half used, so one die goes to chip 2; 7 free, unfitness 7 − 1.
    expect(chooseAscendChips('chip2-node8', 0b1111_0111, 1, false)).toEqual({ mask: bits(2), unfitness: 6 });
    // Chip 5 busy: 4 dies take pairs (0, 1) and (2, 3); 7 free, unfitness 3.
    expect(chooseAscendChips('chip2-node8', 0b1101_1111, 4, false)).toEqual({ mask: 0x0f, unfitness: 3 });
    // Chips 5 and 7 busy: 6 free dies but only 2 whole pairs.
    expect(chooseAscendChips('chip2-node8', 0b0101_1111, 6, false)).toBeNull();
  });

  it('puts a chip in its ring or UB group: 4 per group on 910 and Atlas 350, 8 per ring on Box16', () => {
    expect(ascendDomainOf('chip4-node16', 13)).toBe(3);
    expect(ascendDomainOf('chip8-node16', 9)).toBe(1);
    expect(ascendDomainOf('chip8-node8', 7)).toBe(0);
  });
});
