import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { bottomAxis, type Frame, innerHeight, innerWidth, leftAxis, legend } from './axis.ts';
import { el, svgRoot, title } from './svg.ts';

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  /** [x, y] in data units, in x order. */
  readonly points: readonly (readonly [number, number])[];
  readonly dash?: string;
}

export interface LineChartInput {
  readonly label: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly xFormat?: (v: number) => string;
  readonly yFormat?: (v: number) => string;
  readonly width?: number;
  readonly height?: number;
}

/** A line chart with a legend on the right: d3 scales and path generator, rendered to an SVG string. */
export function lineChart(input: LineChartInput): string {
  const legendWidth = 150;
  const width = input.width ?? 560;
  const height = input.height ?? 260;
  const f: Frame = { width, height, top: 10, right: legendWidth + 10, bottom: 36, left: 52 };
  const x = scaleLinear()
    .domain(input.xDomain)
    .range([0, innerWidth(f)]);
  const y = scaleLinear()
    .domain(input.yDomain)
    .range([innerHeight(f), 0]);
  const path = line<readonly [number, number]>()
    .x((d) => round(f.left + x(d[0])))
    .y((d) => round(f.top + y(d[1])));
  const lines = input.series.map((s) =>
    el(
      'path',
      { class: 'series', d: path(s.points) ?? '', stroke: s.color, 'stroke-dasharray': s.dash },
      title(s.name),
    ),
  );
  const body = [
    leftAxis(f, y, y.ticks(5), input.yFormat ?? y.tickFormat(5), input.yLabel),
    bottomAxis(f, x, x.ticks(8), input.xFormat ?? x.tickFormat(8), input.xLabel),
    ...lines,
    legend(
      width - legendWidth,
      f.top + 8,
      input.series.map((s) => ({ label: s.name, color: s.color, ...(s.dash ? { dash: s.dash } : {}) })),
    ),
  ];
  return svgRoot(width, height, input.label, body.join(''));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
