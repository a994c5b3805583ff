import type { InferenceServiceInfo, Inventory, ServingPoolInfo, TrainingJobInfo } from '../inventory/types.ts';
import {
  type CostResult,
  costPerMillionTokens,
  type Deployment,
  decodeStep,
  type PoolPrediction,
  type PredictionOutcome,
  type PriceInput,
  prefillStep,
  type ServicePrediction,
  type ServicePredictions,
  servingDeployment,
} from '../perf/index.ts';
import { anchorId } from './format.ts';

/** One operator of a forward step placed on the roofline: arithmetic intensity against achieved FLOP/s. */
export interface RooflinePoint {
  readonly name: string;
  readonly kind: string;
  readonly phase: 'prefill' | 'decode';
  /** FLOP per byte of HBM traffic. */
  readonly intensity: number;
  /** Achieved FLOP/s on one device (FLOPs over the operator's time, fixed launch time included). */
  readonly flopsPerSecond: number;
  /** Share of its step's time. */
  readonly timeShare: number;
  readonly bound: string;
}

/** The roofline of one accelerator as a service uses it: its roofs and the service's operators. */
export interface Roofline {
  readonly accelerator: string;
  readonly acceleratorName: string;
  readonly hbmBandwidthBps: number;
  /** Compute roofs: the matmul format's dense peak, and the 16-bit peak when it differs. */
  readonly roofs: readonly { readonly label: string; readonly flopsPerSecond: number }[];
  readonly points: readonly RooflinePoint[];
  /** Which steps were placed: `prefill of one 4,096-token prompt`, `decode step at batch 203, context 4,608`. */
  readonly steps: readonly string[];
}

export interface ServiceFigures {
  readonly service: InferenceServiceInfo;
  readonly anchor: string;
  readonly prediction: ServicePrediction | null;
  /** Why there is no prediction (an input the model rejects). */
  readonly error: string | null;
  readonly rooflines: readonly Roofline[];
  readonly cost: CostResult | null;
  /** Why there is no cost, when there is none. */
  readonly costNote: string | null;
}

export interface TrainingFigures {
  readonly job: TrainingJobInfo;
  readonly anchor: string;
  readonly npus: number;
}

/** The performance model's view of every inference service of the inventory. */
export function serviceFigures(
  inventory: Inventory,
  predictions: ServicePredictions,
  price?: PriceInput,
): ServiceFigures[] {
  const services = inventory.workloads.filter((w): w is InferenceServiceInfo => w.kind === 'inference-service');
  return services.map((service, i) =>
    oneService(inventory, service, predictions.of(service), anchorId('service', i, service.id), price),
  );
}

export function trainingFigures(inventory: Inventory): TrainingFigures[] {
  return inventory.workloads
    .filter((w): w is TrainingJobInfo => w.kind === 'training-job')
    .map((job, i) => ({ job, anchor: anchorId('job', i, job.id), npus: job.replicas * job.npusPerPod }));
}

function oneService(
  inventory: Inventory,
  service: InferenceServiceInfo,
  outcome: PredictionOutcome,
  anchor: string,
  price: PriceInput | undefined,
): ServiceFigures {
  if (outcome.kind !== 'predicted') {
    return { service, anchor, prediction: null, error: outcome.message, rooflines: [], cost: null, costNote: null };
  }
  const prediction = outcome.prediction;
  const rooflines = serviceRooflines(inventory, service, prediction);
  const { cost, note } = serviceCost(inventory, prediction, price);
  return { service, anchor, prediction, error: null, rooflines, cost, costNote: note };
}

function serviceCost(
  inventory: Inventory,
  p: ServicePrediction,
  price: PriceInput | undefined,
): { cost: CostResult | null; note: string | null } {
  if (!price || (price.cardHourPrice === undefined && price.capexPerCard === undefined)) {
    return { cost: null, note: 'no price given (superpod report --card-hour-price <price>)' };
  }
  if (!p.feasible || p.outputTokensPerSecond <= 0) return { cost: null, note: 'the load cannot be served' };
  const cards = p.pools.reduce((s, pool) => s + pool.cards, 0);
  const needsPower = price.cardHourPrice === undefined && (price.energyPricePerKWh ?? 0) > 0;
  if (needsPower && p.powerW === null) return { cost: null, note: 'the accelerator TDP is unknown' };
  const pue = price.pue ?? podPue(inventory, p.pools[0]?.pool);
  const cost = costPerMillionTokens(
    { ...price, ...(pue === undefined ? {} : { pue }) },
    p.outputTokensPerSecond / cards,
    (p.powerW ?? 0) / cards,
  );
  return { cost, note: null };
}

function podPue(inventory: Inventory, poolName: string | undefined): number | undefined {
  const nodeId = inventory.nodePools.find((p) => p.name === poolName)?.nodeIds[0];
  const podId = inventory.nodes.find((n) => n.id === nodeId)?.superPodId;
  return inventory.superPods.find((p) => p.id === podId)?.pue;
}

/** One roofline per accelerator the service runs on, with the prefill and decode steps its pools run. */
function serviceRooflines(inventory: Inventory, service: InferenceServiceInfo, p: ServicePrediction): Roofline[] {
  const traffic = service.traffic;
  const byAccelerator = new Map<string, { d: Deployment; points: RooflinePoint[]; steps: string[] }>();
  const pools: [ServingPoolInfo, PoolPrediction | undefined][] = service.prefill
    ? [
        [service.prefill, p.pools.find((x) => x.role === 'prefill')],
        [service.decode, p.pools.find((x) => x.role === 'decode')],
      ]
    : [[service.decode, p.pools[0]]];
  for (const [pool, prediction] of pools) {
    if (!prediction) continue;
    const d = servingDeployment(inventory, service, pool);
    const entry = byAccelerator.get(d.hw.id) ?? { d, points: [], steps: [] };
    byAccelerator.set(d.hw.id, entry);
    if (prediction.role !== 'decode') {
      const step = prefillStep(d, 1, traffic.inputTokens);
      entry.points.push(...pointsOf(step, 'prefill'));
      entry.steps.push(`prefill of one ${traffic.inputTokens.toLocaleString('en-US')}-token prompt (${pool.pool})`);
    }
    if (prediction.role !== 'prefill') {
      const batch = Math.max(1, Math.round(prediction.batch));
      const context = Math.round(traffic.inputTokens + traffic.outputTokens / 2);
      entry.points.push(...pointsOf(decodeStep(d, batch, context), 'decode'));
      entry.steps.push(
        `decode step at batch ${batch.toLocaleString('en-US')}, context ${context.toLocaleString('en-US')} (${pool.pool})`,
      );
    }
  }
  return [...byAccelerator.values()].map(({ d, points, steps }) => {
    const roofs = [{ label: `${d.precision.matmul} dense peak`, flopsPerSecond: d.precision.matmulPeak }];
    if (d.precision.widePeak !== d.precision.matmulPeak && d.precision.widePeak > 0) {
      roofs.push({ label: '16-bit dense peak', flopsPerSecond: d.precision.widePeak });
    }
    return {
      accelerator: d.hw.id,
      acceleratorName: d.hw.name,
      hbmBandwidthBps: d.hw.hbmBandwidthBps,
      roofs,
      points,
      steps,
    };
  });
}

function pointsOf(step: ReturnType<typeof prefillStep>, phase: RooflinePoint['phase']): RooflinePoint[] {
  const total = step.operators.reduce((s, op) => s + op.timeS, 0);
  return step.operators
    .filter((op) => op.kind !== 'collective' && op.flops > 0 && op.bytes > 0 && op.timeS > 0)
    .map((op) => ({
      name: op.name,
      kind: op.kind,
      phase,
      intensity: op.flops / op.bytes,
      flopsPerSecond: op.flops / op.timeS,
      timeShare: total > 0 ? op.timeS / total : 0,
      bound: op.bound,
    }));
}
