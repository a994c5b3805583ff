import { humanSeconds, kilowatts, litres, significant, wholePercent } from '../../units/index.ts';
import { bulletBars, stackedBars } from '../charts/bars.ts';
import type { CapacityData } from '../data.ts';
import { esc, orDash } from '../format.ts';
import { plantName, recommendationVerdict } from '../markdown-recommendation.ts';
import type { RecommendationFigures } from '../recommendation.ts';
import { MEMORY_COLORS } from './services.ts';
import { badge, type Cell, figure, table } from './table.ts';

/** The recommendation services: load against the SLO, memory per device by table, where a batch's time goes. */
export function recommendationSection(data: CapacityData): string {
  if (data.recommendations.length === 0) return '';
  const rows: Cell[][] = data.recommendations.map((r) => {
    const link = { html: `<a href="#${esc(r.anchor)}">${esc(r.service.id)}</a>` };
    const p = r.prediction;
    if (!p) return [link, r.service.modelId, { html: badge('not predicted', 'bad') }, '', '', ''];
    const server = p.replica.server;
    const verdict = recommendationVerdict(r);
    return [
      link,
      `${r.service.modelId} · ${r.service.replicas} × ${r.service.devicesPerReplica} ${p.replica.accelerator} · ${p.replica.sharding}`,
      { html: badge(verdict, verdict === 'meets SLO' ? 'ok' : 'bad') },
      figure(
        `${significant(r.service.traffic.queriesPerSecond)} / ${significant(p.maxQueriesPerSecond)}`,
        p.maxQueriesPerSecond < r.service.traffic.queriesPerSecond,
      ),
      figure(
        `${orDash(server.feasible ? server.p99Ms / 1e3 : null, humanSeconds)} / ${humanSeconds(r.service.slo.p99S)}`,
        !server.meetsSlo,
      ),
      figure(`${p.replica.memory.totalGB.toFixed(1)} / ${p.replica.memory.capacityGBPerDevice} GB`),
    ];
  });
  return [
    '<section id="recommendation"><h2>Recommendation services</h2>',
    table(
      ['service', 'model · layout', 'verdict', 'queries/s / max within SLO', 'p99 / SLO', 'memory per device'],
      rows,
    ),
    ...data.recommendations.map(recommendationBlock),
    '</section>',
  ].join('\n');
}

function recommendationBlock(r: RecommendationFigures): string {
  const s = r.service;
  const head = `<article class="service" id="${esc(r.anchor)}"><h3>${esc(s.id)} <span class="muted">${esc(s.modelId)} on pool ${esc(s.pool)}</span></h3>`;
  const target = `<p>Target: ${esc(significant(s.traffic.queriesPerSecond))} queries/s of ${esc(String(s.traffic.samplesPerQuery))} samples over ${esc(String(s.replicas))} replicas of ${esc(String(s.devicesPerReplica))} device(s); p99 SLO ${esc(humanSeconds(s.slo.p99S))}.</p>`;
  if (!r.prediction) {
    return `${head}${target}<p class="bad">The performance model cannot predict this service: ${esc(r.error ?? 'unknown reason')}</p></article>`;
  }
  const p = r.prediction.replica;
  const m = p.memory;
  const p99 = bulletBars(
    [{ label: 'p99 per query', value: p.server.p99Ms / 1e3, limit: s.slo.p99S, format: humanSeconds }],
    `p99 of ${s.id} against its SLO`,
  );
  const memory = stackedBars(
    [
      {
        label: `busiest ${p.accelerator}`,
        capacity: m.capacityGBPerDevice,
        segments: [
          { label: 'embedding tables', value: m.tablesGB, color: MEMORY_COLORS.kv },
          { label: 'dense weights', value: m.denseWeightsGB, color: MEMORY_COLORS.weights },
          { label: 'activations', value: m.activationsGB, color: MEMORY_COLORS.activations },
          { label: 'runtime reserve', value: m.reserveGB, color: MEMORY_COLORS.reserve },
        ],
      },
    ],
    'GB',
    `Memory per device of ${s.id}`,
  );
  const tables = table(
    ['table', 'tables', 'devices', 'GB on the busiest device', 'GB in HBM (all devices)', 'GB in host memory'],
    m.byTable.map((t) => [
      t.table,
      t.tables,
      t.devices,
      figure(t.busiestDeviceGB.toFixed(2)),
      figure(t.hbmGB.toFixed(2)),
      figure(t.hostGB.toFixed(2), t.hostGB > 0 && !s.hostOffload),
    ]),
  );
  const time = table(
    ['stage', 'ms per batch', 'share'],
    p.timeBreakdown.map((t) => [t.stage, figure(significant(t.ms)), figure(wholePercent(t.share))]),
  );
  const facts = table(
    ['figure', 'value'],
    [
      [
        'Layout',
        `${p.devices} × ${p.accelerator}, ${p.sharding}; rows ${p.embeddingPrecision}, dense layers ${p.densePrecision}`,
      ],
      [
        'Per replica',
        `${significant(r.prediction.queriesPerSecondPerReplica)} queries/s of at most ${significant(p.server.maxQueriesPerSecond)} within the SLO; batch ${significant(p.server.batchItems)} samples, utilisation ${wholePercent(p.server.utilisation)}`,
      ],
      ['Offline throughput per replica', `${significant(p.offline.queriesPerSecond)} queries/s`],
      [
        'Bytes per lookup',
        `${significant(p.memory.lookupBytesMoved)} moved for ${significant(p.memory.lookupBytesUseful)} used (${p.accessGranularityB} B access granularity)`,
      ],
      ['Confidence', `${p.confidence.level} (weakest input ${p.confidence.weakestInput}); ${p.confidence.note}`],
    ],
    'kv',
  );
  return [
    head,
    target,
    facts,
    `<h4>p99 against the SLO</h4>${p99}`,
    `<h4>Memory per device</h4>${memory}${m.advice ? `<p class="bad">${esc(m.advice)}</p>` : ''}`,
    `<h4>Memory by table</h4>${tables}`,
    `<h4>Where a batch's time goes</h4>${time}`,
    '</article>',
  ].join('\n');
}

/** The halls' water: WUE, litres per hour at load and per year, the budget, and each service's share. */
export function waterSection(data: CapacityData): string {
  const w = data.water;
  const f = w.figures;
  const summary =
    f.wueLitresPerKWh === null
      ? '<p class="empty">No SuperPoD names its heat-rejection plants (SuperPod heatRejection): water is not estimated.</p>'
      : `<p>WUE ${esc(f.wueLitresPerKWh.toFixed(2))} L/kWh · ${esc(litres(f.litresPerHour))} per hour at nameplate load · ${esc(litres(f.litresPerYear))} per year at that load${w.budgetLitresPerHour === null ? '' : ` · budget ${esc(litres(w.budgetLitresPerHour))} per hour`}${w.budgetLitresPerYear === null ? '' : ` · budget ${esc(litres(w.budgetLitresPerYear))} per year`}.</p>`;
  const pods = table(
    ['SuperPoD', 'IT load', 'liquid plant', 'air plant', 'WUE L/kWh', 'litres per hour', 'per year'],
    f.pods.map((p) => [
      p.pod.id,
      figure(kilowatts(p.itLoadW)),
      plantName(p.pod.heatRejection?.liquid),
      plantName(p.pod.heatRejection?.air),
      figure(orDash(p.water?.wueLitresPerKWh ?? null, (x) => x.toFixed(2))),
      figure(
        orDash(p.water?.litresPerHour ?? null, significant),
        w.budgetLitresPerHour !== null && f.litresPerHour > w.budgetLitresPerHour,
      ),
      figure(orDash(p.water?.litresPerYear ?? null, litres)),
    ]),
  );
  const workloads =
    w.workloads.length === 0
      ? ''
      : table(
          ['service', 'litres per hour', 'litres per million'],
          w.workloads.map((x) => [
            { html: `<a href="#${esc(x.anchor)}">${esc(x.id)}</a>` },
            figure(orDash(x.litresPerHour, significant)),
            figure(x.litresPerMillion === null ? '—' : `${significant(x.litresPerMillion)} per M ${x.unit}`),
          ]),
        );
  return `<section id="water"><h2>Water</h2><p class="note">Each hall's liquid heat through its liquid plant and its air heat through its air plant, at nameplate IT load; per year at that load all year (an upper bound). A service is charged its NPUs' share of its halls' water.</p>${summary}${pods}${workloads}</section>`;
}
