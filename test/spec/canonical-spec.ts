/**
 * A spec that uses every field the schema has, written in the exporter's canonical form: no rack or node value the
 * catalogue or a construct would pick anyway, workloads with their settings resolved (queue, parallelism, the
 * container's port and probes), quantities in the unit the exporter prints, runs of identical entries folded into
 * `count`. Loading it and exporting the Inventory again must give back this document, field for field: the expected
 * export is this hand-written text, never the exporter's own output. Line numbers matter to tests.
 */
export const CANONICAL_SPEC = `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: everything
kubernetes:
  scheduler: volcano
  devicePluginNamespace: ascend-system
  devicePluginImage: registry.example.com/ascend/k8sdeviceplugin:v7.3.0
  volcanoNpuPlugin: volcano-npu_v7.2.RC1
  resourceSlices: driver
superCluster:
  name: sc-east
  labelName: east-1
  interPodLink:
    kind: roce
    bandwidthPerNpu: 50 GB/s
    latency: 5 us
superPods:
  - name: pod-a
    labelName: hall-a
    pue: 1.1
    designPue: 1.25
    facilityPowerBudget: 2 MW
    switchPowerPerRack: 3 kW
    interconnectPower: 50 kW
    heatRejection:
      liquid: { plant: evaporative-tower, cycles: 4, evaporativeShare: 0.8, chillerCop: 6 }
      air: { plant: adiabatic, wetHoursShare: 0.3, evaporativeShareWhenWet: 0.9, chillerCop: 4 }
    suppressions:
      - { rule: POWER-002, reason: the hall feed is being upgraded }
    racks:
      - name: rack-{i}
        count: 2
        height: 48
        reserved: 8
        weightLimit: 2 t
        power:
          busbar: { voltage: 800 V, current: 150 A, maxUtilisation: 0.9, redundancy: a-b }
        cooling:
          directLiquid:
            liquidCapacity: 90 kW
            airCapacity: 20 kW
            coolantClass: W40
            airClass: A2
            cdu: cdu-1
            cduCapacity: 200 kW
        nodes:
          - name: dt-{i}
            count: 2
            type: ascend-950dt-node
            role: training
            height: 4
            labels: { superpod.dev/tier: gold }
            deviceAllocation: dra
      - name: edge
        labelName: edge-rack
        index: 5
        height: 42
        reserved: 4
        power:
          feed: { voltage: 400 V, current: 63 A }
        cooling:
          air: { capacity: 30 kW, airClass: A2, rearDoorHeatExchanger: true }
        suppressions:
          - { rule: COOL-001, reason: rear door under commissioning }
        nodes:
          - name: pr-{i}
            count: 2
            type: atlas-350-server
            acceleratorCount: 4
            role: prefill
            height: 4
      - name: shelf
        height: 48
        reserved: 8
        power:
          shelvesNPlusOne: { count: 3, rating: 33 kW, voltage: 800 V, maxUtilisation: 0.85, efficiency: 0.96 }
        cooling:
          directLiquid: { liquidCapacity: 80 kW, airCapacity: 10 kW }
        nodes:
          - name: dec-{i}
            count: 3
            type: ascend-950dt-node
            role: decode
            height: 4
          - name: spare
            type: ascend-950dt-node
            role: spare
            pool: spares
            nodeName: spare-node-a
            acceleratorPower: 800 W
            hostPower: 1500 W
            weight: 60 kg
            height: 5
            position: 30
            liquidFraction: 0.7
            suppressions:
              - { rule: PHYS-001, reason: placed by the site team }
  - name: pod-b
    index: 3
    fabric:
      name: lab-ub
      x: { maxNpus: 8, bandwidthPerNpu: 2 TB/s, latency: 200 ns, source: lab bench, confidence: measured }
      y: { maxNpus: 64, bandwidthPerNpu: 1 TB/s, latency: 500 ns, source: lab bench, confidence: measured }
      z: { maxNpus: 512, bandwidthPerNpu: 500 GB/s, latency: 1 us, source: design target, confidence: estimated }
      uplink:
        kind: uboe
        bandwidthPerNpu: 50 GB/s
        latency: 3 us
        source: design target
        confidence: estimated
    racks:
      - name: rack-0
        height: 48
        reserved: 8
        power:
          busbar: { voltage: 800 V, current: 150 A }
        cooling:
          directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }
        nodes:
          - name: dt-{i}
            count: 4
            type: ascend-950dt-node
            role: decode
            height: 4
workloads:
  - kind: InferenceService
    name: chat
    labelName: chat-east
    model: llama-3.1-70b
    precision: { weights: int8, activations: bf16, kvCache: int8 }
    prefill: { pool: atlas-350-server-prefill, replicas: 1, parallelism: { tp: 4, pp: 1, ep: 1, dp: 1 } }
    decode: { pool: ascend-950dt-node-decode, replicas: 2, parallelism: { tp: 8, pp: 1, ep: 1, dp: 1 }, maxBatch: 64 }
    slo: { timeToFirstToken: 2 s, timePerOutputToken: 50 ms }
    traffic: { requestsPerSecond: 5, inputTokens: 2048, outputTokens: 256 }
    namespace: serving
    queue: interactive
    container:
      image: registry.example.com/vllm-ascend:0.9
      command: [python, -m, vllm.entrypoints.openai.api_server]
      args: [--max-model-len, "8192"]
      env: { VLLM_USE_V1: "1" }
      cpu: 32
      memory: 256 GiB
      sharedMemory: 64 GiB
      port: 8000
      healthPath: /health
      startupTimeout: 15 min
    suppressions:
      - { rule: SLO-001, reason: accepted for the pilot }
  - kind: RecommendationService
    name: ranker
    model: dlrm-v2
    pool: atlas-350-server-prefill
    replicas: 2
    devicesPerReplica: 4
    sharding: table-wise
    precision: { embeddings: fp16, dense: bf16 }
    hostOffload: true
    traffic: { queriesPerSecond: 2000, samplesPerQuery: 270 }
    slo: { p99: 60 ms }
    namespace: recsys
    queue: default
    container: { image: registry.example.com/dlrm:1, port: 8000, healthPath: /health, startupTimeout: 30 min }
  - kind: TrainingJob
    name: sft
    pool: ascend-950dt-node-training
    replicas: 4
    npusPerPod: 8
    model: llama-3.1-8b
    parallelism: { tp: 8, pp: 1, ep: 1, dp: 4 }
    raBlock: 16
    spBlock: 32
    namespace: training
    queue: default
    container: { image: registry.example.com/train:1 }
`;
