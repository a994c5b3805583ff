import type { ServicePrediction } from '../../perf/index.ts';
import { formatPercent, humanSeconds, kilowatts, significant, wholeNumber } from '../../units/index.ts';
import { type BulletRow, bulletBars, type StackedRow, stackedBars } from '../charts/bars.ts';
import { flopsLabel, PHASE_COLORS, rooflineChart } from '../charts/roofline.ts';
import type { CapacityData } from '../data.ts';
import { esc } from '../format.ts';
import type { ServiceFigures } from '../services.ts';
import { badge, type Cell, figure, table } from './table.ts';

export const MEMORY_COLORS = {
  weights: '#0072b2',
  kv: '#e69f00',
  activations: '#009e73',
  reserve: '#999999',
} as const;

export function servicesSection(data: CapacityData): string {
  const parts = ['<section id="services"><h2>Services and jobs</h2>'];
  if (data.services.length === 0) {
    parts.push('<p class="empty">No inference services in this stack: nothing to predict.</p>');
  } else {
    parts.push(serviceOverview(data.services));
    for (const s of data.services) parts.push(serviceBlock(s));
  }
  parts.push(trainingTable(data));
  parts.push('</section>');
  return parts.join('\n');
}

function serviceOverview(services: readonly ServiceFigures[]): string {
  const rows: Cell[][] = services.map((s) => {
    const p = s.prediction;
    if (!p)
      return [
        { html: `<a href="#${esc(s.anchor)}">${esc(s.service.id)}</a>` },
        { html: badge('not predicted', 'bad') },
        '',
        '',
        '',
        '',
        '',
      ];
    return [
      { html: `<a href="#${esc(s.anchor)}">${esc(s.service.id)}</a>` },
      { html: `${esc(p.model)} · ${esc(p.mode)}` },
      figure(`${humanSeconds(p.ttftS)} / ${humanSeconds(s.service.slo.ttftS)}`, !p.meetsSlo.ttft),
      figure(`${humanSeconds(p.tpotS)} / ${humanSeconds(s.service.slo.tpotS)}`, !p.meetsSlo.tpot),
      figure(
        `${significant(p.goodput.requestsPerSecond)} req/s`,
        p.goodput.requestsPerSecond < s.service.traffic.requestsPerSecond,
      ),
      figure(p.tokensPerJoule === null ? '—' : significant(p.tokensPerJoule)),
      figure(s.cost ? significant(s.cost.perMillionOutputTokens) : '—'),
    ];
  });
  return table(
    ['service', 'model · mode', 'TTFT / SLO', 'TPOT / SLO', 'goodput', 'tokens per joule', 'cost per M output tokens'],
    rows,
  );
}

function rangesText(p: ServicePrediction): string {
  const i = p.intervals;
  const parts = [
    i.ttftS ? `TTFT ${humanSeconds(i.ttftS.p10)}-${humanSeconds(i.ttftS.p90)}` : null,
    i.tpotS ? `TPOT ${humanSeconds(i.tpotS.p10)}-${humanSeconds(i.tpotS.p90)}` : null,
    i.nodePowerW ? `node power ${kilowatts(i.nodePowerW.p10)}-${kilowatts(i.nodePowerW.p90)}` : null,
  ].filter((x) => x !== null);
  const extrapolated = [i.ttftS, i.tpotS].some((x) => x?.basis === 'extrapolated');
  return parts.length === 0
    ? '—'
    : `${parts.join(' · ')}${extrapolated ? ' (extrapolated: no measurement backs Ascend 950)' : ''}`;
}

function serviceBlock(s: ServiceFigures): string {
  const svc = s.service;
  const head = `<article class="service" id="${esc(s.anchor)}"><h3>${esc(svc.id)} <span class="muted">${esc(svc.modelId)}, ${esc(svc.precision.weights)} weights, ${esc(svc.precision.kvCache)} KV cache</span></h3>`;
  const traffic = `<p>Target: ${esc(significant(svc.traffic.requestsPerSecond))} requests/s of ${esc(wholeNumber(svc.traffic.inputTokens))} input and ${esc(wholeNumber(svc.traffic.outputTokens))} output tokens; SLO TTFT ${esc(humanSeconds(svc.slo.ttftS))}, TPOT ${esc(humanSeconds(svc.slo.tpotS))}.</p>`;
  const p = s.prediction;
  if (!p) {
    return `${head}${traffic}<p class="bad">The performance model cannot predict this service: ${esc(s.error ?? 'unknown reason')}</p></article>`;
  }
  const verdict =
    p.feasible && p.meetsSlo.ttft && p.meetsSlo.tpot
      ? badge('meets its SLO', 'ok')
      : p.feasible
        ? badge('misses its SLO', 'bad')
        : badge('cannot serve the load', 'bad');
  const slo: BulletRow[] = [
    { label: 'time to first token', value: p.ttftS, limit: svc.slo.ttftS, format: humanSeconds },
    { label: 'time per output token', value: p.tpotS, limit: svc.slo.tpotS, format: humanSeconds },
  ];
  const memoryRows: StackedRow[] = p.pools.map((pool) => ({
    label: `${pool.role}: ${pool.accelerator}`,
    capacity: pool.memory.capacityGB,
    segments: [
      { label: 'weights', value: pool.memory.weightsGB, color: MEMORY_COLORS.weights },
      { label: 'KV cache', value: pool.memory.kvCacheGB, color: MEMORY_COLORS.kv },
      { label: 'activations', value: pool.memory.activationsGB, color: MEMORY_COLORS.activations },
      { label: 'runtime reserve', value: pool.memory.reserveGB, color: MEMORY_COLORS.reserve },
    ],
  }));
  const figures: Cell[][] = [
    ['Verdict', { html: `${verdict}${p.reason ? ` ${esc(p.reason)}` : ''}` }],
    [
      'Goodput (both SLOs met)',
      `${significant(p.goodput.requestsPerSecond)} requests/s · ${significant(p.goodput.outputTokensPerSecondPerCard)} output tokens/s per card`,
    ],
    ['Output tokens/s at the target', wholeNumber(p.outputTokensPerSecond)],
    [
      'Accelerator power at the target',
      p.powerW === null ? 'unknown: set the accelerator TDP on the nodes' : kilowatts(p.powerW),
    ],
    [
      'Node power at the target (wall)',
      p.nodePowerW === null
        ? 'unknown: the node type has no measured idle and the nodes no host power'
        : kilowatts(p.nodePowerW),
    ],
    ['Likely range (p10-p90 of the validation residuals)', rangesText(p)],
    ['Output tokens per joule (accelerators)', p.tokensPerJoule === null ? '—' : significant(p.tokensPerJoule)],
    [
      'Cost per million output tokens',
      s.cost
        ? `${significant(s.cost.perMillionOutputTokens)} (${significant(s.cost.perCardHour)} per card-hour, ${s.cost.basis})`
        : `— ${s.costNote ?? ''}`,
    ],
  ];
  if (p.kvTransfer) {
    figures.push([
      'KV cache transfer',
      `${(p.kvTransfer.bytesPerRequest / 1e6).toFixed(1)} MB per request over UB level ${p.kvTransfer.link}: ${humanSeconds(p.kvTransfer.transferS)}, ${humanSeconds(p.kvTransfer.visibleS)} visible in TTFT`,
    ]);
  }
  const pools = table(
    [
      'pool',
      'role',
      'accelerator',
      'instances × devices',
      'cards / in pool',
      'req/s per instance',
      'decode batch',
      'memory per device',
      'max batch',
      'confidence',
    ],
    p.pools.map((pool) => [
      pool.pool,
      pool.role,
      pool.accelerator,
      `${pool.replicas} × ${pool.devicesPerInstance}`,
      figure(`${pool.cards} / ${pool.cardsInPool}`, pool.cards > pool.cardsInPool),
      figure(significant(pool.requestsPerSecondPerInstance)),
      figure(pool.role === 'prefill' ? '—' : significant(pool.batch)),
      figure(
        `${pool.memory.totalGB.toFixed(1)} / ${pool.memory.capacityGB} GB (${pool.memory.capacityGiB} GiB)`,
        !pool.memory.fits,
      ),
      figure(wholeNumber(pool.memory.maxBatch)),
      {
        html: `${esc(pool.confidence.level)}, ${esc(pool.confidence.calibration)}<br><span class="muted">weakest: ${esc(pool.confidence.weakestInput)}</span>`,
      },
    ]),
  );
  const rooflines = s.rooflines
    .map(
      (r) =>
        `<figure class="roofline"><figcaption>Roofline of ${esc(r.acceleratorName)}: ${r.steps.map(esc).join('; ')}. <span class="key"><span class="swatch" style="background:${PHASE_COLORS.prefill}"></span>prefill <span class="swatch" style="background:${PHASE_COLORS.decode}"></span>decode · ● GEMM ■ attention ▲ element-wise</span></figcaption>${rooflineChart(r)}${operatorTable(r)}</figure>`,
    )
    .join('\n');
  return [
    head,
    traffic,
    table(['', ''], figures, 'kv'),
    `<h4>Latency against the SLO</h4>${bulletBars(slo, `TTFT and TPOT of ${svc.id} against the SLO`)}`,
    `<h4>Memory per device</h4><p class="note">The most loaded device of each pool at the pool's batch limit and full context (input + output tokens).</p>${stackedBars(memoryRows, 'GB', `Memory per device of ${svc.id}`)}`,
    `<h4>Pools</h4>${pools}`,
    `<h4>Rooflines</h4>${rooflines}`,
    '</article>',
  ].join('\n');
}

function operatorTable(r: ServiceFigures['rooflines'][number]): string {
  const top = [...r.points].sort((a, b) => b.timeShare - a.timeShare || (a.name < b.name ? -1 : 1)).slice(0, 8);
  return `<details><summary>Operators by time (${r.points.length})</summary>${table(
    ['phase', 'operator', 'kind', 'FLOP/byte', 'achieved', 'share of step', 'bound'],
    top.map((p) => [
      p.phase,
      p.name,
      p.kind,
      figure(significant(p.intensity)),
      figure(flopsLabel(p.flopsPerSecond)),
      figure(formatPercent(p.timeShare, { fixed: true })),
      p.bound,
    ]),
  )}</details>`;
}

function trainingTable(data: CapacityData): string {
  if (data.training.length === 0) return '<h3>Training jobs</h3><p class="empty">No training jobs in this stack.</p>';
  const rows: Cell[][] = data.training.map((t) => {
    const j = t.job;
    const par = j.parallelism
      ? `tp ${j.parallelism.tp} · pp ${j.parallelism.pp} · dp ${j.parallelism.dp} · ep ${j.parallelism.ep}`
      : '—';
    return [
      { html: `<span id="${esc(t.anchor)}">${esc(j.id)}</span>` },
      j.modelId ?? '—',
      j.pool,
      `${j.replicas} × ${j.npusPerPod}`,
      figure(wholeNumber(t.npus)),
      par,
      j.raBlock === undefined ? '—' : String(j.raBlock),
      j.spBlock === undefined ? '—' : String(j.spBlock),
      j.queue,
    ];
  });
  return `<h3>Training jobs</h3><p class="note">The performance model predicts inference only; training jobs count in the scheduler section.</p>${table(
    ['job', 'model', 'pool', 'pods × NPUs', 'NPUs', 'parallelism', 'ra-block', 'sp-block', 'queue'],
    rows,
  )}`;
}
