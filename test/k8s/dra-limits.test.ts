import { describe, expect, it } from 'vitest';
import { resourceSliceProblems } from '../../src/k8s/dra.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

// The limits of resource.k8s.io/v1 (k8s.io/api/resource/v1 types.go): ResourceSliceMaxDevices = 128,
// ResourceSliceMaxDevicesWithTaintsOrConsumesCounters = 64, ResourceSliceMaxAttributesAndCapacitiesPerDevice = 32,
// DeviceAttributeMaxValueLength = 64. Written here as numbers, not read from the module under test.
function slice(devices: Array<Record<string, unknown>>): KubeObject {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: 'node-0-npu' },
    spec: {
      driver: 'npu.superpod.dev',
      pool: { name: 'node-0', generation: 1, resourceSliceCount: 1 },
      nodeName: 'node-0',
      devices,
    },
  };
}

const npus = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ name: `npu-${i}`, ...extra }));

/** A device with `attributes` int attributes and `capacities` capacities, all with qualified names. */
function device(attributes: number, capacities: number): Record<string, unknown> {
  return {
    name: 'npu-0',
    attributes: Object.fromEntries(Array.from({ length: attributes }, (_, i) => [`superpod.dev/a${i}`, { int: i }])),
    capacity: Object.fromEntries(Array.from({ length: capacities }, (_, i) => [`superpod.dev/c${i}`, { value: '1' }])),
  };
}

describe('ResourceSlice API limits', () => {
  it('accepts exactly 128 devices, and 64 with taints', () => {
    expect(resourceSliceProblems(slice(npus(128)))).toEqual([]);
    expect(resourceSliceProblems(slice(npus(64, { taints: [] })))).toEqual([]);
  });

  it('fails when a slice holds 129 devices, or 65 with taints or counters', () => {
    expect(resourceSliceProblems(slice(npus(129)))).toEqual(['129 devices exceed the 128 a slice may hold']);
    expect(resourceSliceProblems(slice(npus(65, { consumesCounters: [] })))).toEqual([
      '65 devices exceed the 64 a slice may hold',
    ]);
  });

  it('accepts 32 attributes and capacities together on one device', () => {
    expect(resourceSliceProblems(slice([device(32, 0)]))).toEqual([]);
    expect(resourceSliceProblems(slice([device(31, 1)]))).toEqual([]);
    expect(resourceSliceProblems(slice([device(0, 32)]))).toEqual([]);
  });

  it('fails when attributes and capacities together pass 32, though neither does alone', () => {
    expect(resourceSliceProblems(slice([device(32, 1)]))).toEqual([
      'device "npu-0" has 33 attributes and capacities, more than 32',
    ]);
    expect(resourceSliceProblems(slice([device(1, 32)]))).toEqual([
      'device "npu-0" has 33 attributes and capacities, more than 32',
    ]);
  });

  it('accepts a 64-character string attribute and fails at 65', () => {
    const attr = (length: number) => [
      { name: 'npu-0', attributes: { 'superpod.dev/ubNode': { string: 'x'.repeat(length) } } },
    ];
    expect(resourceSliceProblems(slice(attr(64)))).toEqual([]);
    expect(resourceSliceProblems(slice(attr(65)))).toEqual([
      'device "npu-0": attribute "superpod.dev/ubNode" is longer than 64 characters',
    ]);
  });
});
