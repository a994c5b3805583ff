/**
 * The kubernetes pack's findings written out whole (message, fix, figures) for the cases the rule tests only count:
 * device plugin settings, ra-block and sp-block without Volcano, a job on no pool at all, node names.
 */
import { describe, expect, it } from 'vitest';
import { check, cleanInventory, dtNodes, findingOf, inventory, trainingJob } from './fixtures/inventory.ts';

const evaluationsOf = (report: ReturnType<typeof check>, ruleId: string) =>
  report.evaluations.filter((e) => e.ruleId === ruleId).map((e) => `${e.subject.label}: ${e.status}`);

describe('K8S-007 device plugin settings are valid', () => {
  it('names both a bad namespace and an image with a space, in one finding', () => {
    const report = check(
      cleanInventory({ kubernetes: { devicePluginNamespace: 'Kube_System', devicePluginImage: 'ascend plugin:1' } }),
    );
    const finding = findingOf(report, 'K8S-007');
    expect(finding.message).toBe(
      'device plugin namespace "Kube_System" is not a DNS-1123 label; device plugin image "ascend plugin:1" is not an image reference',
    );
    expect(finding.fix).toBe('fix devicePluginNamespace / devicePluginImage on the SuperPodStack');
  });

  it('refuses a blank image and passes a plain one', () => {
    const blank = check(cleanInventory({ kubernetes: { devicePluginImage: '   ' } }));
    expect(findingOf(blank, 'K8S-007').message).toBe('device plugin image "   " is not an image reference');
    const empty = check(cleanInventory({ kubernetes: { devicePluginImage: '' } }));
    expect(findingOf(empty, 'K8S-007').message).toBe('device plugin image "" is not an image reference');
    expect(evaluationsOf(check(cleanInventory()), 'K8S-007')).toEqual(['stack fixture: pass']);
  });
});

describe('K8S-006 ra-block and sp-block need Volcano', () => {
  const onDefault = (job: Parameters<typeof trainingJob>[0]) =>
    check(cleanInventory({ workloads: [trainingJob(job)], kubernetes: { scheduler: 'default' } }));

  it('says which block settings need Volcano, in the singular and the plural', () => {
    expect(findingOf(onDefault({ raBlock: 16 }), 'K8S-006').message).toBe(
      'ra-block needs the Volcano scheduler, but the stack uses the default kube-scheduler, which ignores it',
    );
    expect(findingOf(onDefault({ spBlock: 32 }), 'K8S-006').message).toMatch(/^sp-block needs the Volcano scheduler/);
    const both = findingOf(onDefault({ raBlock: 16, spBlock: 32 }), 'K8S-006');
    expect(both.message).toMatch(/^ra-block and sp-block need the Volcano scheduler/);
    expect(both.fix).toBe("create the SuperPodStack with scheduler: 'volcano', or drop the block settings");
  });

  it('does not apply to a job without block settings, and passes one under Volcano', () => {
    expect(evaluationsOf(onDefault({}), 'K8S-006')).toEqual([]);
    const volcano = check(cleanInventory({ workloads: [trainingJob({ raBlock: 16 })] }));
    expect(evaluationsOf(volcano, 'K8S-006')).toEqual(['job jobs/pretrain: pass']);
  });
});

describe('K8S-005 and K8S-001 messages', () => {
  it('lists no pools when the stack has none, with the fix', () => {
    const report = check(inventory({ nodes: [], workloads: [trainingJob()] }));
    const finding = findingOf(report, 'K8S-005');
    expect(finding.message).toBe('pool decode does not exist (pools: none)');
    expect(finding.fix).toBe('add nodes to the pool, lower the replicas, or name an existing pool');
  });

  it('writes a bad node name, the rule it breaks and a name that would do', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ name: 'Pod_A-0' }));
    const finding = findingOf(check(inventory({ nodes })), 'K8S-001');
    expect(finding.message).toBe(
      'node name "Pod_A-0" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
    );
    expect(finding.fix).toBe('set nodeName to a valid name such as "pod-a-rack-01-dt-0"');
  });

  it('gives the label syntax finding its fix', () => {
    const nodes = dtNodes('pod-a/rack-01', 1, () => ({ labels: { 'team name': 'infra' } }));
    expect(findingOf(check(inventory({ nodes })), 'K8S-002').fix).toBe('fix the labels passed to the node');
  });
});
