/**
 * `superpod compare`: two capacity reports in, a difference out (pure functions): `diffCapacity`, the `--fail-on`
 * gate, and the Markdown (pull-request comment), text and JSON renderers.
 */
export { diffCapacity } from './diff.ts';
export { deltaText, figureName, rankedFigures, relativeText, summaryPhrases, valueText } from './figures.ts';
export { evaluateGate, type GateCondition, type GateResult, gateHelp, parseGateConditions } from './gate.ts';
export { renderCompareJson } from './json.ts';
export { COMMENT_MARKER, MAX_FIGURE_ROWS, MAX_LIST_ROWS, renderCompareMarkdown } from './markdown.ts';
export { priceBasisText, priceCapacity } from './price.ts';
export { renderCompareText } from './text.ts';
export type * from './types.ts';
