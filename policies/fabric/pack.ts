import { definePack } from '../../src/policy/index.ts';
import { epGroup } from './ep-group.ts';
import { kvTransfer } from './kv-transfer.ts';
import { rackDomainSize } from './rack-domain-size.ts';
import { requestSize } from './request-size.ts';
import { superPodSize } from './super-pod-size.ts';
import { tpGroup } from './tp-group.ts';

const LEVEL = { enum: ['X', 'Y', 'Z'] };

export const fabricPack = definePack({
  name: 'fabric',
  description:
    'TP and EP groups inside UB domains, Ascend request sizes, SuperPoD and rack domain sizes, KV transfer bandwidth.',
  parameters: {
    'fabric.maxTpLevel': {
      description:
        'outermost UB level a tensor-parallel group may span: X (node, 8 NPUs), Y (rack, 64) or Z (SuperPoD)',
      schema: LEVEL,
      default: 'Y',
    },
    'fabric.maxEpLevel': {
      description: 'outermost UB level an expert-parallel all-to-all group may span: X, Y or Z',
      schema: LEVEL,
      default: 'Z',
    },
    'fabric.kvTransferUtilisation': {
      description: 'share of the prefill-to-decode link the KV transfer may use, a fraction in (0, 1]',
      schema: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      default: 0.7,
    },
  },
  rules: [
    {
      id: 'FAB-001',
      level: 'error',
      title: 'Tensor-parallel groups inside one scale-up domain',
      explanation:
        'A tensor-parallel group all-reduces activations in every layer, so it needs scale-up links. On UnifiedBus it must fit one domain of parameters fabric.maxTpLevel (default Y, the 64-NPU rack); accelerators without UB between nodes (HCCS, NVLink, PCIe) must keep it inside one node.',
      fix: 'lower TP and use pipeline or data parallelism across domains',
      rule: tpGroup,
    },
    {
      id: 'FAB-002',
      level: 'error',
      title: 'Expert-parallel groups inside one UB domain of the allowed level',
      explanation:
        'The all-to-all of expert parallelism spans every device of a pipeline stage (tp x dp for a service). On UnifiedBus it must fit one domain of parameters fabric.maxEpLevel (default Z, the SuperPoD). Expert parallelism over scale-out networks is not checked.',
      fix: 'shrink the expert-parallel group or allow a wider level',
      rule: epGroup,
    },
    {
      id: 'FAB-003',
      level: 'error',
      title: 'NPU requests valid for the Ascend topology',
      explanation:
        'The Volcano Ascend plugin accepts only some NPU counts per pod: on Atlas 950 SuperPoD nodes 1-8 for a single pod and 8 for each pod of a distributed job, on Atlas 800 910 nodes 1, 2, 4 or 8 (k8s-scheduling.md §1.9). A serving instance larger than a node takes whole nodes. ra-block must be whole nodes within a rack, sp-block whole nodes dividing the job within a SuperPoD.',
      fix: 'request a valid number of NPUs per pod',
      rule: requestSize,
    },
    {
      id: 'FAB-004',
      level: 'error',
      title: 'SuperPoD within its fabric size',
      explanation:
        "A SuperPoD's NPUs must fit its outermost UB level (Atlas 950 SuperPoD: 8,192 NPUs). Larger clusters are SuperClusters of SuperPoDs joined by UBoE.",
      fix: 'split the SuperPoD',
      rule: superPodSize,
    },
    {
      id: 'FAB-005',
      level: 'error',
      title: 'Rack within one level-Y UB domain',
      explanation:
        'The UB NPUs of a rack form one level-Y domain (Atlas 950: 64 NPUs, 8 nodes of 8), which the scheduler and ra-block assume.',
      fix: 'move nodes to another rack',
      rule: rackDomainSize,
    },
    {
      id: 'FAB-006',
      level: 'error',
      title: 'KV transfer bandwidth between prefill and decode pools',
      explanation:
        "A disaggregated service moves each prompt's KV cache (prompt tokens x KV bytes per token) from prefill to decode. At the target requests per second this must fit the link joining the pools (the shared UB level, else the SuperCluster or uplink bandwidth), per NPU on the smaller side, at parameters fabric.kvTransferUtilisation (70%).",
      fix: 'co-locate the pools in one SuperPoD or widen the link',
      rule: kvTransfer,
    },
  ],
});
