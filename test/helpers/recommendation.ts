import {
  Atlas350Server,
  Cooling,
  Current,
  DeviceAllocation,
  Duration,
  type HeatRejectionProps,
  Mass,
  Power,
  Rack800VDC,
  RackPower,
  RackUnits,
  RecommendationModel,
  type RecommendationServiceProps,
  SuperPod,
  Voltage,
} from '../../constructs/index.ts';
import { testStack } from './fixtures.ts';

export const REC_IMAGE = 'registry.example.com/serving/dlrm-v2-ascend:1.0.0';

/**
 * An air-cooled card hall: one rack of `servers` Atlas 350 servers (8 cards each, pool `rec`, role prefill) on a
 * 40 kW rear-door heat exchanger; `heatRejection` names the hall's plants when given.
 */
export function recommendationHall(
  opts: {
    servers?: number;
    allocation?: DeviceAllocation;
    scheduler?: 'volcano' | 'default';
    heatRejection?: HeatRejectionProps;
  } = {},
) {
  const stack = testStack('rec', { scheduler: opts.scheduler ?? 'volcano' });
  const pod = new SuperPod(stack, 'hall', {
    pue: 1.25,
    designPue: 1.4,
    facilityPowerBudget: Power.kilowatts(200),
    switchPowerPerRack: Power.kilowatts(2),
    interconnectPower: Power.kilowatts(0),
    ...(opts.heatRejection ? { heatRejection: opts.heatRejection } : {}),
  });
  const rack = new Rack800VDC(pod, 'rack-0', {
    power: RackPower.busbar({ voltage: Voltage.volts(800), current: Current.amperes(100), redundancy: 'a-b' }),
    cooling: Cooling.air({ capacity: Power.kilowatts(40), airClass: 'A2', rearDoorHeatExchanger: true }),
    height: RackUnits.of(48),
    reserved: RackUnits.of(6),
  });
  for (let i = 0; i < (opts.servers ?? 4); i++)
    new Atlas350Server(rack, `pr-${i}`, {
      cards: 8,
      role: 'prefill',
      pool: 'rec',
      height: RackUnits.of(4),
      weight: Mass.kilograms(60),
      deviceAllocation: opts.allocation ?? DeviceAllocation.DEVICE_PLUGIN,
    });
  return { stack, pod, rack };
}

/** DLRM-v2 with fp16 rows, one card per replica, 4 replicas at 20,000 queries/s of 270 samples, p99 60 ms. */
export function recommendationProps(overrides: Partial<RecommendationServiceProps> = {}): RecommendationServiceProps {
  return {
    model: RecommendationModel.DLRM_V2,
    pool: 'rec',
    replicas: 4,
    devicesPerReplica: 1,
    precision: { embeddings: 'fp16' },
    traffic: { queriesPerSecond: 20_000, samplesPerQuery: 270 },
    slo: { p99: Duration.milliseconds(60) },
    namespace: 'recommendation',
    queue: 'serving',
    container: { image: REC_IMAGE },
    ...overrides,
  };
}
