import { describe, expect, it } from 'vitest';
import { findingLine } from '../../src/policy/index.ts';
import {
  check,
  cleanInventory,
  dtNodes,
  findingOf,
  inferenceService,
  inventory,
  openRuleIds,
  trainingJob,
} from './fixtures/inventory.ts';

describe('K8S-001 node names are DNS-1123 subdomains', () => {
  it('passes pod-a-rack-01-dt-0', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'K8S-001')?.status).toBe('pass');
  });

  it('fails when a node is named Pod_A-0', () => {
    const nodes = dtNodes('pod-a/rack-01', 2, (n) => (n === 1 ? { name: 'Pod_A-0' } : {}));
    const report = check(inventory({ nodes }));
    expect(openRuleIds(report)).toEqual(['K8S-001']);
    expect(findingOf(report, 'K8S-001').subject.id).toBe('pod-a/rack-01/dt-1');
  });
});

describe('K8S-002 node labels are valid', () => {
  it('passes example.com/team=infra', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ labels: { 'example.com/team': 'infra' } }));
    expect(openRuleIds(check(inventory({ nodes })))).toEqual([]);
  });

  it('fails when a label key has a space and a value is 64 characters', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({
      labels: { 'team name': 'infra', 'example.com/x': 'a'.repeat(64) },
    }));
    const report = check(inventory({ nodes }));
    expect(openRuleIds(report)).toEqual(['K8S-002']);
    expect(findingOf(report, 'K8S-002').message).toBe(
      'label key "team name": the name part must be letters, digits, "-", "_" or ".", starting and ending alphanumeric; ' +
        `label "example.com/x" value "${'a'.repeat(64)}": longer than 63 characters`,
    );
  });
});

describe('K8S-003 node labels consistent with the hardware', () => {
  it('passes a user label that repeats the hardware value', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ labels: { 'accelerator-type': '950-SuperPod-Atlas-8' } }));
    expect(openRuleIds(check(inventory({ nodes })))).toEqual([]);
  });

  it('fails when a 950DT node is labelled as an Atlas 350 server with another chip', () => {
    const labels = { 'accelerator-type': '350-Atlas-8', 'node.kubernetes.io/npu.chip.name': 'Ascend950PR' };
    const report = check(inventory({ nodes: dtNodes('pod-a/rack-01', 1, () => ({ labels })) }));
    expect(openRuleIds(report)).toEqual(['K8S-003']);
    expect(findingLine(findingOf(report, 'K8S-003'))).toBe(
      'K8S-003 node pod-a/rack-01/dt-0: labels contradict the node\'s hardware: "accelerator-type=350-Atlas-8" but the hardware gives "950-SuperPod-Atlas-8"; "node.kubernetes.io/npu.chip.name=Ascend950PR" but the hardware gives "Ascend950DT" — remove the overriding labels, or suppress K8S-003 on the node with the reason for the override',
    );
  });

  it('fails when the topology rack id is overridden', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ labels: { 'huawei.com/topotree.rackid': '7' } }));
    expect(findingOf(check(inventory({ nodes })), 'K8S-003').message).toBe(
      'labels contradict the node\'s hardware: "huawei.com/topotree.rackid=7" but the hardware gives "0"',
    );
  });
});

describe('K8S-004 workload names and namespaces are DNS-1123 labels', () => {
  it('passes chat in serving', () => {
    expect(
      check(cleanInventory({ workloads: [inferenceService()] })).evaluations.find((e) => e.ruleId === 'K8S-004')
        ?.status,
    ).toBe('pass');
  });

  it('fails when a service is called Chat_Bot', () => {
    const report = check(cleanInventory({ workloads: [inferenceService({ name: 'Chat_Bot' })] }));
    expect(openRuleIds(report)).toEqual(['K8S-004']);
    expect(findingOf(report, 'K8S-004').message).toBe(
      'name "Chat_Bot" is not a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
    );
    expect(findingOf(report, 'K8S-004').fix).toBe('rename to a DNS-1123 label, e.g. "llama-70b-chat"');
  });

  it('fails on a namespace alone, and names both when both are wrong', () => {
    const namespace = check(cleanInventory({ workloads: [inferenceService({ namespace: 'Serving' })] }));
    expect(findingOf(namespace, 'K8S-004').message).toBe(
      'namespace "Serving" is not a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
    );
    const both = check(cleanInventory({ workloads: [inferenceService({ name: 'Chat_Bot', namespace: 'Serving' })] }));
    expect(findingOf(both, 'K8S-004').message).toBe(
      'name "Chat_Bot" and namespace "Serving" are not DNS-1123 labels (lower-case letters, digits and "-", at most 63 characters)',
    );
  });
});

describe('K8S-005 workloads fit their node pools', () => {
  it('passes 4 pods x 8 NPUs on a 64-NPU pool', () => {
    expect(
      check(cleanInventory({ workloads: [trainingJob()] })).evaluations.find((e) => e.ruleId === 'K8S-005')?.status,
    ).toBe('pass');
  });

  it("fails when 10 pods x 8 NPUs need 80 of the pool's 64", () => {
    const report = check(cleanInventory({ workloads: [trainingJob({ replicas: 10 })] }));
    expect(openRuleIds(report)).toEqual(['K8S-005']);
    expect(findingOf(report, 'K8S-005').message).toBe('pool decode has 64 NPUs but 10 x 8 need 80');
  });

  it('fails when the pool does not exist', () => {
    const report = check(cleanInventory({ workloads: [trainingJob({ pool: 'decod' })] }));
    expect(openRuleIds(report)).toEqual(['K8S-005']);
    expect(findingOf(report, 'K8S-005').message).toBe('pool decod does not exist (pools: decode)');
  });
});

describe('K8S-006 ra-block and sp-block need Volcano', () => {
  it('passes ra-block 16 under Volcano', () => {
    const report = check(cleanInventory({ workloads: [trainingJob({ raBlock: 16 })] }));
    expect(report.evaluations.find((e) => e.ruleId === 'K8S-006')?.status).toBe('pass');
    expect(openRuleIds(report)).toEqual([]);
  });

  it('fails when a job sets ra-block under the default kube-scheduler', () => {
    const report = check(
      cleanInventory({ workloads: [trainingJob({ raBlock: 16 })], kubernetes: { scheduler: 'default' } }),
    );
    expect(openRuleIds(report)).toEqual(['K8S-006']);
    expect(findingOf(report, 'K8S-006').message).toBe(
      'ra-block needs the Volcano scheduler, but the stack uses the default kube-scheduler, which ignores it',
    );
  });
});

describe('K8S-007 device plugin settings are valid', () => {
  it('passes kube-system and a plain image', () => {
    expect(check(cleanInventory()).evaluations.find((e) => e.ruleId === 'K8S-007')?.status).toBe('pass');
  });

  it('fails when the namespace is Kube_System', () => {
    const report = check(cleanInventory({ kubernetes: { devicePluginNamespace: 'Kube_System' } }));
    expect(openRuleIds(report)).toEqual(['K8S-007']);
    expect(findingOf(report, 'K8S-007').subject.label).toBe('stack fixture');
  });
});
