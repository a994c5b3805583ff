import { definePack } from '../../src/policy/index.ts';
import { clusterSettings } from './cluster-settings.ts';
import { nodeLabelHardware } from './node-label-hardware.ts';
import { nodeLabelSyntax } from './node-label-syntax.ts';
import { nodeName } from './node-name.ts';
import { volcanoBlocks } from './volcano-blocks.ts';
import { workloadCapacity } from './workload-capacity.ts';
import { workloadNames } from './workload-names.ts';

export const kubernetesPack = definePack({
  name: 'kubernetes',
  description: 'Valid names and labels, labels consistent with the hardware, workloads that fit their pools.',
  rules: [
    {
      id: 'K8S-001',
      level: 'error',
      title: 'Node names are DNS-1123 subdomains',
      explanation:
        'Kubernetes rejects nodes whose names are not DNS-1123 subdomains (lower-case, at most 253 characters).',
      fix: 'set a valid nodeName',
      rule: nodeName,
    },
    {
      id: 'K8S-002',
      level: 'error',
      title: 'Node labels are valid',
      explanation:
        'Label keys are an optional DNS-subdomain prefix and a name of at most 63 characters; values at most 63 characters of letters, digits, "-", "_" and ".".',
      fix: 'fix the labels',
      rule: nodeLabelSyntax,
    },
    {
      id: 'K8S-003',
      level: 'error',
      title: 'Node labels consistent with the hardware',
      explanation:
        'superpod writes the MindCluster labels (accelerator, accelerator-type, node.kubernetes.io/npu.chip.name, servertype, huawei.com/topotree.*) and its pool and role labels from the hardware. A user label that overrides one with another value makes the scheduler place pods on the wrong NPUs or topology.',
      fix: 'remove the overriding label or suppress the finding with the reason',
      rule: nodeLabelHardware,
    },
    {
      id: 'K8S-004',
      level: 'error',
      title: 'Workload names and namespaces are DNS-1123 labels',
      explanation:
        'Services and jobs become Kubernetes objects in their namespace; both names must be DNS-1123 labels.',
      fix: 'rename the workload',
      rule: workloadNames,
    },
    {
      id: 'K8S-005',
      level: 'error',
      title: 'Workloads fit their node pools',
      explanation:
        'Every pool a workload names must exist and hold replicas x NPUs per instance (tp x pp x dp for a service, NPUs per pod for a job).',
      fix: 'add nodes, lower replicas or fix the pool name',
      rule: workloadCapacity,
    },
    {
      id: 'K8S-006',
      level: 'error',
      title: 'ra-block and sp-block need Volcano',
      explanation:
        'The ra-block and sp-block annotations are read by the Volcano Ascend plugin only; under the default kube-scheduler they are ignored and jobs land anywhere.',
      fix: "use scheduler: 'volcano'",
      rule: volcanoBlocks,
    },
    {
      id: 'K8S-007',
      level: 'error',
      title: 'Device plugin settings are valid',
      explanation: 'The device plugin namespace must be a DNS-1123 label and its image a reference without spaces.',
      fix: 'fix the SuperPodStack settings',
      rule: clusterSettings,
    },
  ],
});
