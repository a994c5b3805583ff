import { megawattsOrKilowatts, plural, wholeNumber } from '../../units/index.ts';
import type { ComparisonView } from '../comparison.ts';
import type { CapacityData } from '../data.ts';
import { elevationDefs } from '../elevation.ts';
import { esc } from '../format.ts';
import { recommendationVerdict } from '../markdown-recommendation.ts';
import { alternativesNav, alternativesSection } from './alternatives.ts';
import { comparisonSection } from './comparison.ts';
import { elevationsSection } from './elevations.ts';
import { facilitySection } from './facility.ts';
import { findingsSection } from './findings.ts';
import { inputsSection } from './inputs.ts';
import { recommendationSection, waterSection } from './recommendation.ts';
import { schedulerSection } from './scheduler.ts';
import { servicesSection } from './services.ts';

/**
 * No network, ever: the policy blocks every fetch (fonts, images, scripts) a future edit might add by mistake.
 * Inline SVG and the inline style sheet are all the page needs.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root{--ink:#1b1f24;--muted:#5c6670;--line:#d8dde3;--bg:#ffffff;--panel:#f5f7f9;--bad:#a50f15;--ok:#2b7a3b;--warn:#a86400;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:var(--panel)}
header h1{margin:0 0 4px;font-size:22px}
main{padding:0 28px 40px;max-width:1400px}
nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;font-size:13px}
nav a{margin-right:16px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
h2{margin:32px 0 8px;font-size:19px;border-bottom:2px solid var(--ink);padding-bottom:3px}
h3{margin:22px 0 6px;font-size:16px}
h4{margin:16px 0 6px;font-size:14px}
section,article{scroll-margin-top:44px}
.muted{color:var(--muted);font-weight:normal}
.note{color:var(--muted);font-size:12.5px;margin:4px 0 8px;max-width:980px}
.empty{color:var(--muted);font-style:italic}
.bad{color:var(--bad)}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin-top:12px}
.tile{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:150px}
.tile .v{font-size:19px;font-weight:600}
.tile .k{font-size:12px;color:var(--muted)}
.tile.bad{border-color:var(--bad)}.tile.bad .v{color:var(--bad)}
.tile.ok .v{color:var(--ok)}
.tile .d{font-size:12px;font-weight:600;color:var(--accent)}
.table-wrap{overflow-x:auto;margin:6px 0 10px}
table{border-collapse:collapse;font-size:12.5px}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600;white-space:nowrap}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.bad,td.num.bad{color:var(--bad);font-weight:600}
table.kv td:first-child{color:var(--muted);white-space:nowrap}
table.kv thead{display:none}
table.racks td{white-space:nowrap}
.badge{display:inline-block;border-radius:9px;padding:0 7px;font-size:11.5px;font-weight:600;border:1px solid}
.badge.ok{color:var(--ok);border-color:var(--ok)}
.badge.bad{color:#fff;background:var(--bad);border-color:var(--bad)}
.badge.warn{color:var(--warn);border-color:var(--warn)}
.badge.muted{color:var(--muted);border-color:var(--line)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
.heatmaps{display:flex;flex-wrap:wrap;gap:14px}
figure{margin:0}
figure.heat figcaption,.charts figcaption,figure.roofline figcaption{font-size:12.5px;font-weight:600;margin-bottom:2px}
.charts{display:flex;flex-wrap:wrap;gap:18px}
.elevations{display:flex;flex-wrap:wrap;gap:14px}
figure.elevation{border:1px solid var(--line);border-radius:6px;padding:8px;width:268px;background:#fff;scroll-margin-top:48px}
figure.elevation.over{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad)}
figure.elevation:target{outline:3px solid var(--accent);outline-offset:2px}
figure.elevation figcaption{font-size:12px;margin-bottom:6px}
.rack-facts{font-size:11px;color:var(--muted);margin:6px 0 4px}
.swatch{display:inline-block;width:11px;height:11px;border:1px solid #333;margin:0 4px 0 8px;vertical-align:-1px}
.key{font-weight:normal;color:var(--muted)}
article.service{border-top:1px solid var(--line);margin-top:18px}
details.rule{margin:6px 0;border:1px solid var(--line);border-radius:6px;padding:4px 10px}
details.rule summary{cursor:pointer}
svg{max-width:100%;height:auto;overflow:visible}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;font-size:10px}
svg .tick{font-size:9.5px;fill:#555}
svg .axis-label{font-size:10.5px;fill:#333}
svg .grid{stroke:#e6e9ed;stroke-width:1}
svg .axis{stroke:#888;stroke-width:1}
svg .series{fill:none;stroke-width:2}
svg .roof{fill:none;stroke:#222;stroke-width:2}
svg .roof-2{stroke:#777;stroke-dasharray:5 3;stroke-width:1.5}
svg .roof-label{font-size:9.5px;fill:#333}
svg .point{stroke:#fff;stroke-width:0.8;fill-opacity:0.9}
svg .point-label{font-size:9px;fill:#333}
svg .leader{stroke:#777;stroke-width:0.7}
svg .limit{stroke:#111;stroke-width:1.6}
svg .track{fill:#eef1f4}
svg .bar-value{font-size:10px;fill:#333}
svg .bar-value.over{fill:#a50f15;font-weight:700}
svg .row-label{font-size:10.5px}
svg .row-label.strong{font-weight:700}
svg.heatmap rect.over{stroke:#000;stroke-width:1.5}
svg .cell text{font-size:9px;font-weight:600;pointer-events:none}
svg .rack-frame{fill:#3a3f45}
svg .u-num{font-size:6.5px;fill:#666}
svg .node-text{font-size:9px}
svg .node-text.dim{fill:#555}
svg .node:hover rect{stroke-width:1.6}
footer{color:var(--muted);font-size:12px;padding:16px 28px;border-top:1px solid var(--line)}
@media print{nav{display:none}figure.elevation{break-inside:avoid}details.rule{break-inside:avoid}}
`;

export interface CapacityHtmlOptions {
  /** "Compared with" mode: the changed figures and the added and removed nodes against a base. */
  readonly comparison?: ComparisonView;
}

/** The capacity report as one self-contained HTML page: inline CSS and SVG, no script, no external resource. */
export function renderCapacityHtml(data: CapacityData, options: CapacityHtmlOptions = {}): string {
  const comparison = options.comparison;
  const inv = data.inventory;
  const title = `Capacity review: ${inv.stack}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="superpod ${esc(data.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${elevationDefs()}
<header>
<h1>${esc(title)}</h1>
<div class="muted">${esc(plural(data.site.pods.length, 'SuperPoD'))} · ${esc(plural(data.site.racks, 'rack'))} · ${esc(plural(data.site.nodes, 'node'))} · ${esc(wholeNumber(data.site.npus))} NPUs · generated by superpod ${esc(data.version)} from the stack's inventory</div>
${tiles(data, comparison)}
</header>
<nav>${comparison ? '<a href="#comparison">Changes</a>' : ''}<a href="#facility">Power, cooling, space</a><a href="#elevations">Rack elevations</a><a href="#services">Services</a>${alternativesNav(data)}${data.recommendations.length > 0 ? '<a href="#recommendation">Recommendation</a>' : ''}<a href="#water">Water</a><a href="#scheduler">Scheduling</a><a href="#findings">Policy findings</a><a href="#inputs">Inputs</a></nav>
<main>
${comparison ? comparisonSection(comparison) : ''}
${facilitySection(data)}
${elevationsSection(data, comparison)}
${servicesSection(data)}
${alternativesSection(data)}
${recommendationSection(data)}
${waterSection(data)}
${schedulerSection(data)}
${findingsSection(data)}
${inputsSection(data)}
</main>
<footer>Nameplate figures from the inventory and the superpod catalogues; predictions from the embedded performance model, schedules from the simulated Ascend scheduler. The same inventory always gives this same page.</footer>
</body>
</html>
`;
}

function tiles(data: CapacityData, comparison: ComparisonView | undefined): string {
  const site = data.site;
  const overloaded = site.pods.reduce((s, p) => s + p.overloadedRacks, 0);
  const services = data.services.length + data.recommendations.length;
  const meeting =
    data.services.filter((s) => s.prediction?.feasible && s.prediction.meetsSlo.ttft && s.prediction.meetsSlo.tpot)
      .length + data.recommendations.filter((r) => recommendationVerdict(r) === 'meets SLO').length;
  const sum = data.checks.summary;
  const delta = comparison?.tiles ?? {};
  const items: { v: string; k: string; tone?: 'bad' | 'ok'; d?: string | undefined }[] = [
    { v: wholeNumber(site.npus), k: `NPUs in ${plural(site.racks, 'rack')}`, d: delta.npus },
    {
      v: megawattsOrKilowatts(site.itLoadW),
      k: `IT load, nameplate${site.unknownPowerNodes > 0 ? ` (+${site.unknownPowerNodes} nodes unknown)` : ''}`,
      d: delta.itLoad,
    },
    { v: megawattsOrKilowatts(site.facilityW), k: 'average facility load (annual PUE)', d: delta.facility },
    { v: String(overloaded), k: 'racks over a power limit', tone: overloaded > 0 ? 'bad' : 'ok' },
    {
      v: services === 0 ? '—' : `${meeting} / ${services}`,
      k: 'services meeting their SLO',
      ...(services > 0 ? { tone: meeting === services ? ('ok' as const) : ('bad' as const) } : {}),
    },
    {
      v: `${sum.errors} / ${sum.warnings}`,
      k: `policy errors / warnings (${sum.suppressed} suppressed)`,
      tone: sum.errors > 0 ? 'bad' : 'ok',
    },
  ];
  return `<div class="tiles">${items
    .map(
      (t) =>
        `<div class="tile${t.tone ? ` ${t.tone}` : ''}"><div class="v">${esc(t.v)}</div>${t.d ? `<div class="d">${esc(t.d)} vs base</div>` : ''}<div class="k">${esc(t.k)}</div></div>`,
    )
    .join('')}</div>`;
}
