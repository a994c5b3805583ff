import { getAccelerator, getModel, getNodeType, listNodeTypes, loadHuggingFaceConfig } from '../../catalog/index.ts';
import { getRecommendationModel, isRecommendationModel } from '../../catalog/recommendation.ts';
import type { ModelSpec } from '../../catalog/types.ts';
import { SuperpodInputError } from '../../errors.ts';
import type { PriceInput } from '../../perf/cost.ts';
import {
  defaultPrecisionChoice,
  type InferencePrediction,
  nodePowerInputs,
  PRECISIONS,
  predictInference,
} from '../../perf/index.ts';
import type { Interval } from '../../perf/uncertainty.ts';
import { Power } from '../../units/index.ts';
import { booleanFlags, integerFlag, numberFlag, precisionFlag, requiredFlag, stringFlags } from '../args.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import {
  LANGUAGE_MODEL_PERF_FLAGS,
  RECOMMENDATION_OPTIONS,
  RECOMMENDATION_USAGE,
  rejectRecommendationFlags,
  runRecommendationPerf,
} from '../recommendation-perf.ts';

const usage = `superpod perf: predict one model instance with the embedded roofline model

Usage:
  superpod perf --accelerator <id> --model <id> [options] [--json]

Workload (a static batch):
  --batch N               prompts prefilled together and decoded together (default 1)
  --input-tokens N        prompt length (default 1024)
  --output-tokens N       tokens generated per prompt (default 256)
  --context N             KV length of the reported decode step (default input + output / 2)

Deployment:
  --accelerator <id>      catalogue accelerator (superpod catalog list accelerators)
  --model <id>            catalogue model (superpod catalog list models)
  --model-config <file>   a Hugging Face config.json instead of --model
  --precision p           weights and activations (default: the model's native weight format)
  --weights-precision p   weights of the linear layers (default --precision)
  --expert-precision p    routed-expert weights of an MoE model (default --weights-precision)
  --kv-precision p        KV cache (default --precision, at least 8 bits)
  --tp N --pp N --ep N    tensor, pipeline and expert parallelism (default 1)
  --dp N                  data-parallel attention ranks inside the instance (default 1); devices = tp x pp x dp
  --tdp-w W               accelerator TDP in watts (required where the vendor has not published it)
  --power-cap-w W         power limit per accelerator (nvidia-smi -pl, MLPerf MaxQ): clocks drop to fit it
  --node-type <id>        node the accelerators sit in, for node wall power (default: the catalogue's node
                          type for the accelerator)
  --node-idle-w W         the node's measured idle wall power (where the catalogue has none, or to override it)
  --draft-tokens N        speculative decoding (MTP/EAGLE) draft tokens per step
  --acceptance R          probability each draft token is accepted (0..1, with --draft-tokens)

Cost (optional; gives cost per million output tokens):
  --card-hour-price X     all-in price of one accelerator-hour
  --capex X               purchase cost per accelerator, amortised over --years (default 4)
  --energy-price X        price per kWh, added to the capex basis
  --pue X                 facility PUE for the energy cost (default 1)

Output:
  --json                  one JSON object: ttftMs, tpotMs, outputTokensPerSecond, memory {weightsGB, kvCacheGB,
                          activationsGB, totalGB, capacityGB, capacityGiB, fits}, powerW, tokensPerJoule,
                          power {perAcceleratorW, perInstanceW, perNodeW, nodeType, nodeBasis}, energy {outputTokensPerJoule,
                          allTokensPerJoule, nodeOutputTokensPerJoule, nodeAllTokensPerJoule}, intervals {ttftMs,
                          tpotMs, outputTokensPerSecond, powerPerAcceleratorW, powerPerNodeW, tokensPerJoule: each
                          {p10, p90, basis}}, cost, confidence, ...

Precisions: ${PRECISIONS.join(', ')}. A format the accelerator cannot run is an error, never a silent fallback.
ttftMs is the prefill of --batch prompts; tpotMs one decode step of --batch sequences per emitted token;
outputTokensPerSecond counts whole requests: batch x output / (TTFT + (output - 1) x TPOT at the mean context).
Power is the mean while serving: idle floor plus compute, memory-traffic and network terms, capped at the TDP or
--power-cap-w; the node figure adds the node's measured idle and PSU losses. tokensPerJoule counts output tokens per
joule of accelerator energy; energy.* gives all tokens and node wall energy too. Intervals are p10-p90 of the
validation residuals for the metric and accelerator family, widened for Ascend 950 (no measurement exists).
When the batch does not fit in memory the prediction is still printed, with memory.fits false, and a warning
on stderr says by how much and what would fit. Exit codes: 0 predicted, 2 bad usage or input.
${RECOMMENDATION_USAGE}`;

const options = {
  ...stringFlags('accelerator', 'model', 'model-config', 'precision', ...LANGUAGE_MODEL_PERF_FLAGS),
  ...booleanFlags('json'),
  ...RECOMMENDATION_OPTIONS,
};

export const command = defineCommand('perf', usage, {
  options,
  async run({ values: v }, io) {
    const accelerator = getAccelerator(requiredFlag('perf', 'accelerator', v.accelerator, 'ascend-950dt'));
    if (v.model !== undefined && v['model-config'] === undefined && isRecommendationModel(v.model)) {
      return runRecommendationPerf(accelerator, getRecommendationModel(v.model), v, io);
    }
    const model = modelFromFlags('perf', v.model, v['model-config'], 'llama-3.1-70b');
    rejectRecommendationFlags('perf', Object.keys(RECOMMENDATION_OPTIONS), v, model.id);
    const precision = precisionFlag('perf', 'precision', v.precision);
    const weights = precisionFlag('perf', 'weights-precision', v['weights-precision']);
    const expertWeights = precisionFlag('perf', 'expert-precision', v['expert-precision']);
    const kvCache = precisionFlag('perf', 'kv-precision', v['kv-precision']);
    const int = (flag: keyof typeof v, fallback?: number, max = 1 << 20) =>
      integerFlag('perf', flag, v[flag] as string | undefined, {
        min: 1,
        max,
        ...(fallback === undefined ? {} : { fallback }),
      });
    const num = (flag: keyof typeof v, min: number, max?: number) =>
      numberFlag('perf', flag, v[flag] as string | undefined, { min, ...(max === undefined ? {} : { max }) });

    const parallelism = {
      tp: int('tp', 1, 4096)!,
      pp: int('pp', 1, 4096)!,
      ep: int('ep', 1, 4096)!,
      dp: int('dp', 1, 4096)!,
    };
    const batch = int('batch', 1)!;
    const inputTokens = int('input-tokens', 1024, 10_000_000)!;
    const outputTokens = int('output-tokens', 256, 10_000_000)!;
    const context = int('context', undefined, 10_000_000);
    const tdpW = num('tdp-w', 1, 100_000);
    const powerCapW = num('power-cap-w', 1, 100_000);
    const node = nodeFromFlags(accelerator.id, v['node-type'], num('node-idle-w', 1, 1_000_000));
    const draftTokens = int('draft-tokens', undefined, 16);
    const acceptance = num('acceptance', 0, 1);
    if ((draftTokens === undefined) !== (acceptance === undefined)) {
      throw new SuperpodInputError({
        where: 'superpod perf',
        problem: '--draft-tokens and --acceptance go together',
        fix: 'pass both, e.g. --draft-tokens 1 --acceptance 0.7, or neither',
      });
    }
    const price = priceFromFlags(v);

    const prediction = predictInference(
      {
        accelerator,
        model,
        precision: defaultPrecisionChoice({
          native: model.nativeWeightsPrecision,
          ...(precision ? { precision } : {}),
          ...(weights ? { weights } : {}),
          ...(kvCache ? { kvCache } : {}),
          ...(expertWeights ? { expertWeights } : {}),
        }),
        parallelism,
        ...(tdpW === undefined ? {} : { tdp: Power.watts(tdpW) }),
        ...(powerCapW === undefined ? {} : { powerCap: Power.watts(powerCapW) }),
        ...(draftTokens !== undefined && acceptance !== undefined
          ? { speculative: { draftTokens, acceptanceRate: acceptance } }
          : {}),
      },
      { batch, inputTokens, outputTokens, ...(context === undefined ? {} : { context }) },
      { ...(price ? { price } : {}), ...(node ? { node } : {}) },
    );

    if (!prediction.memory.fits) {
      io.stderr(
        `warning: ${prediction.accelerator} x${prediction.devices}: does not fit in memory: ${prediction.memory.advice}\n`,
      );
    }
    io.stdout(v.json ? `${JSON.stringify(prediction, null, 2)}\n` : formatPrediction(prediction));
    return ExitCode.ok;
  },
});

/** The node for the node power figure: --node-type, else the catalogue's first node type for the accelerator. */
function nodeFromFlags(acceleratorId: string, typeId: string | undefined, idleW: number | undefined) {
  const type =
    typeId !== undefined ? getNodeType(typeId) : listNodeTypes().find((t) => t.acceleratorId === acceleratorId);
  if (type && type.acceleratorId !== acceleratorId) {
    throw new SuperpodInputError({
      where: 'superpod perf --node-type',
      problem: `node type ${type.id} holds ${type.acceleratorId}, not ${acceleratorId}`,
      value: typeId,
      fix: `use a node type of ${acceleratorId} (superpod catalog list node-types)`,
    });
  }
  if (!type) return undefined;
  const inputs = nodePowerInputs(type);
  return idleW === undefined ? inputs : { ...inputs, idleW, idleConfidence: 'user-supplied' as const };
}

/** The model of `--model <catalogue id>` or `--model-config <config.json>` (one of them, required). */
export function modelFromFlags(
  command: string,
  id: string | undefined,
  config: string | undefined,
  example: string,
): ModelSpec {
  if (id !== undefined && config !== undefined) {
    throw new SuperpodInputError({
      where: `superpod ${command}`,
      problem: '--model and --model-config exclude each other',
      fix: 'give the model by catalogue id or by config.json, not both',
    });
  }
  if (config !== undefined) return loadHuggingFaceConfig(config);
  return getModel(requiredFlag(command, 'model', id, example));
}

export function priceFromFlags(v: {
  'card-hour-price'?: string | undefined;
  capex?: string | undefined;
  years?: string | undefined;
  'energy-price'?: string | undefined;
  pue?: string | undefined;
}): PriceInput | undefined {
  const num = (flag: string, raw: string | undefined, min: number) => numberFlag('perf', flag, raw, { min });
  const cardHourPrice = num('card-hour-price', v['card-hour-price'], 0);
  const capexPerCard = num('capex', v.capex, 0);
  const amortisationYears = num('years', v.years, 0.01);
  const energyPricePerKWh = num('energy-price', v['energy-price'], 0);
  const pue = num('pue', v.pue, 1);
  if (cardHourPrice !== undefined && capexPerCard !== undefined) {
    throw new SuperpodInputError({
      where: 'superpod perf',
      problem: '--card-hour-price and --capex are two different cost bases',
      fix: 'give one: an all-in card-hour price, or capex (with --energy-price)',
    });
  }
  if (cardHourPrice === undefined && capexPerCard === undefined) {
    if (energyPricePerKWh !== undefined || amortisationYears !== undefined) {
      throw new SuperpodInputError({
        where: 'superpod perf',
        problem: '--energy-price and --years need --capex',
        fix: 'add --capex <price per accelerator>',
      });
    }
    return undefined;
  }
  return {
    ...(cardHourPrice === undefined ? {} : { cardHourPrice }),
    ...(capexPerCard === undefined ? {} : { capexPerCard }),
    ...(amortisationYears === undefined ? {} : { amortisationYears }),
    ...(energyPricePerKWh === undefined ? {} : { energyPricePerKWh }),
    ...(pue === undefined ? {} : { pue }),
  };
}

function range(i: Interval): string {
  return `(p10-p90 ${i.p10}-${i.p90}${i.basis === 'measured' ? '' : `, ${i.basis}`})`;
}

function nodeLine(p: InferencePrediction): string {
  if (p.power.perNodeW === null) {
    return p.power.nodeType === null
      ? 'unknown: no node type for this accelerator (--node-type)'
      : `unknown: ${p.power.nodeType} has no idle or host power (--node-idle-w)`;
  }
  const i = p.intervals.powerPerNodeW;
  return `${p.power.perNodeW} W ${i ? range(i) : ''} (${p.power.nodeType}, ${p.power.acceleratorsPerNode} accelerators, ${p.power.nodeBasis})`;
}

function formatPrediction(p: InferencePrediction): string {
  const { tp, pp, ep, dp } = p.parallelism;
  const m = p.memory;
  const lines = [
    `${p.model} on ${p.devices} x ${p.accelerator} (tp ${tp}, pp ${pp}, ep ${ep}, dp ${dp}), weights ${p.precision.weights}, activations ${p.precision.activations}, KV ${p.precision.kvCache}`,
    `batch ${p.batch}, ${p.inputTokens} tokens in, ${p.outputTokens} out; decode step at ${p.context} tokens of context`,
    '',
    `  TTFT (prefill of the batch)    ${p.ttftMs} ms ${range(p.intervals.ttftMs)}  (${p.prefill.bound}-bound)`,
    `  TPOT (one decode step)         ${p.tpotMs} ms ${range(p.intervals.tpotMs)}  (${p.decode.bound}-bound)`,
    `  output throughput              ${p.outputTokensPerSecond} tok/s ${range(p.intervals.outputTokensPerSecond)} (${p.outputTokensPerSecondPerDevice} per device)`,
    `  memory per device              ${m.totalGB} of ${m.capacityGB} GB (${m.capacityGiB} GiB): weights ${m.weightsGB}, KV ${m.kvCacheGB}, activations ${m.activationsGB}, reserve ${m.reserveGB}${m.fits ? '' : '  DOES NOT FIT'}`,
    `  largest batch that fits        ${m.maxBatch}`,
    `  power per accelerator          ${p.power.perAcceleratorW} W ${range(p.intervals.powerPerAcceleratorW)}${p.power.powerCapW === null ? '' : ` (capped at ${p.power.powerCapW} W)`}`,
    `  power per instance             ${p.power.perInstanceW} W (accelerators)`,
    `  power per node (wall)          ${nodeLine(p)}`,
    `  tokens per joule               ${p.tokensPerJoule} output tokens/J ${range(p.intervals.tokensPerJoule)} of accelerator energy; ${p.energy.allTokensPerJoule} counting input tokens too`,
  ];
  if (p.energy.nodeOutputTokensPerJoule !== null)
    lines.push(
      `  tokens per joule at the wall   ${p.energy.nodeOutputTokensPerJoule} output tokens/J (${p.energy.nodeAllTokensPerJoule} all tokens)`,
    );
  if (p.cost)
    lines.push(
      `  cost                           ${p.cost.perMillionOutputTokens} per million output tokens (${p.cost.basis})`,
    );
  lines.push(
    '',
    `confidence: ${p.confidence.level} (weakest input: ${p.confidence.weakestInput}); ${p.confidence.note}`,
    '',
  );
  return lines.join('\n');
}
