/**
 * A spec where almost every built-in rule has something to say: each rack, node and workload breaks one or two rules
 * on purpose (the comment on the line says which), next to elements that pass. Line numbers matter to the golden file.
 */
export const TROUBLE_SPEC = `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: trouble
kubernetes:
  scheduler: default
superPods:
  - name: pod-a
    pue: 1.3
    designPue: 1.4
    facilityPowerBudget: 50 kW
    heatRejection:
      liquid: { plant: evaporative-tower, cycles: 4 }
      air: { plant: dry-cooler }
    racks:
      - name: hot
        height: 48
        reserved: 14
        weightLimit: 300 kg
        power:
          busbar: { voltage: 800 V, current: 60 A, redundancy: a-b }
        cooling:
          directLiquid: { liquidCapacity: 30 kW, airCapacity: 5 kW, coolantClass: W+, cdu: cdu-1, cduCapacity: 20 kW }
        nodes:
          - name: dt-{i}
            count: 8
            type: ascend-950dt-node
            role: decode
            acceleratorPower: 900 W
            hostPower: 1.6 kW
            height: 4
            weight: 80 kg
          - name: dt-extra
            type: ascend-950dt-node
            role: decode
            acceleratorPower: 900 W
            hostPower: 1.6 kW
            height: 4
            weight: 80 kg
      - name: air
        height: 42
        reserved: 2
        power:
          feed: { voltage: 400 V, current: 63 A }
        cooling:
          air: { capacity: 10 kW, airClass: A4 }
        nodes:
          - name: pr-{i}
            count: 2
            type: atlas-350-server
            role: prefill
            height: 4
          - name: unknown
            type: ascend-950dt-node
            role: spare
            height: 4
workloads:
  - kind: InferenceService
    name: chat
    model: llama-3.1-70b
    precision: { weights: bf16 }
    decode: { pool: ascend-950dt-node-decode, replicas: 2, parallelism: { tp: 1 } }
    slo: { timeToFirstToken: 10 ms, timePerOutputToken: 1 ms }
    traffic: { requestsPerSecond: 50, inputTokens: 32512, outputTokens: 256 }
    container: { image: registry.example.com/vllm:1 }
  - kind: InferenceService
    name: split
    model: llama-3.1-8b
    prefill: { pool: atlas-350-server-prefill, replicas: 1, parallelism: { tp: 2 } }
    decode: { pool: ascend-950dt-node-decode, replicas: 1, parallelism: { tp: 4, pp: 3 } }
    slo: { timeToFirstToken: 2 s, timePerOutputToken: 100 ms }
    traffic: { requestsPerSecond: 1, inputTokens: 1024, outputTokens: 256 }
    container: { image: registry.example.com/vllm:1 }
  - kind: RecommendationService
    name: ranker
    model: hugectr-180table-70b
    pool: atlas-350-server-prefill
    replicas: 1
    devicesPerReplica: 1
    traffic: { queriesPerSecond: 100000, samplesPerQuery: 270 }
    slo: { p99: 1 ms }
    container: { image: registry.example.com/dlrm:1 }
  - kind: TrainingJob
    name: sft
    pool: ascend-950dt-node-decode
    replicas: 16
    raBlock: 16
    container: { image: registry.example.com/train:1 }
`;
