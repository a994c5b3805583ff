import {
  type CatalogEntry,
  CONFIDENCE_LEGEND,
  findCatalogEntry,
  formatNumber,
  formatSourced,
  plainFields,
  sourcedFields,
} from '../../catalog/describe.ts';
import { getSource, listAccelerators, listModels, listNodeTypes, loadHuggingFaceConfig } from '../../catalog/index.ts';
import type { AcceleratorSpec, ModelSpec, NodeTypeSpec, SourceEntry } from '../../catalog/types.ts';
import { SuperpodInputError } from '../../errors.ts';
import { booleanFlags, onePositional, type ParsedFlags, positionalArgs, stringFlags } from '../args.ts';
import { defineSubcommands, subcommand } from '../command.ts';
import type { CliIO } from '../io.ts';
import { textTable } from '../text-table.ts';

const usage = `superpod catalog: the hardware and model catalogues, every number with its source and confidence

Usage:
  superpod catalog list [accelerators|node-types|models] [--json]
  superpod catalog show <id> [--json]
  superpod catalog import-hf <config.json> [--id <id>] [--json]

  list        a table of one catalogue (all three without a kind)
  show        one entry: every number with its unit, confidence, source title and note
  import-hf   the model spec made from a Hugging Face config.json (or a folder holding one)

Options:
  --json      print JSON instead of text
  --id <id>   (import-hf) id of the imported model; default from _name_or_path or the folder name

Confidence marks: ${CONFIDENCE_LEGEND}
`;

const KINDS = ['accelerators', 'node-types', 'models'] as const;
type Kind = (typeof KINDS)[number];

const json = booleanFlags('json');

export const command = defineSubcommands(
  'catalog',
  usage,
  {
    list: subcommand({ options: json, positionals: true, run: list }),
    show: subcommand({ options: json, positionals: true, run: show }),
    'import-hf': subcommand({ options: { ...json, ...stringFlags('id') }, positionals: true, run: importHf }),
  },
  'use `superpod catalog list`, `superpod catalog show <id>` or `superpod catalog import-hf <config.json>`',
);

function list({ values, positionals }: ParsedFlags<typeof json>, io: CliIO): number {
  const kindFix = `use one of ${KINDS.join(', ')}, or none for all three`;
  const [wanted] = positionalArgs(
    'catalog list',
    positionals,
    { min: 0, max: 1 },
    'takes at most one catalogue kind',
    kindFix,
  );
  if (wanted !== undefined && !KINDS.includes(wanted as Kind)) {
    throw new SuperpodInputError({
      where: 'superpod catalog list',
      problem: 'unknown catalogue kind',
      value: wanted,
      fix: kindFix,
    });
  }
  const kinds: readonly Kind[] = wanted === undefined ? KINDS : [wanted as Kind];
  if (values.json) {
    const out: Record<string, unknown> = {};
    for (const kind of kinds) out[jsonKey(kind)] = entriesOf(kind);
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const sections = kinds.map((kind) => `${kind}\n${renderTable(tableOf(kind))}`);
  io.stdout(`${sections.join('\n')}\nConfidence: ${CONFIDENCE_LEGEND}\n`);
  return 0;
}

function show({ values, positionals }: ParsedFlags<typeof json>, io: CliIO): number {
  const fix = 'run `superpod catalog list` for the ids, then `superpod catalog show <id>`';
  printEntry(findCatalogEntry(onePositional('catalog show', positionals, 'id', fix)), Boolean(values.json), io);
  return 0;
}

function importHf({ values, positionals }: ParsedFlags<typeof json & { id: { type: 'string' } }>, io: CliIO): number {
  const fix =
    'pass the path of a Hugging Face config.json, e.g. `superpod catalog import-hf ./Llama-3.1-8B/config.json`';
  const file = onePositional('catalog import-hf', positionals, 'config.json path', fix);
  const spec = loadHuggingFaceConfig(file, values.id === undefined ? {} : { id: values.id });
  printEntry({ kind: 'model', entry: spec }, Boolean(values.json), io);
  return 0;
}

function printEntry(found: CatalogEntry, json: boolean, io: CliIO): void {
  const numbers = sourcedFields(found.entry);
  const sourceIds = [...new Set([...numbers.map((n) => n.sourced.source), ...modelSource(found)])].sort();
  const sources: Record<string, SourceEntry> = {};
  for (const id of sourceIds) sources[id] = getSource(id);
  if (json) {
    io.stdout(`${JSON.stringify({ kind: found.kind, entry: found.entry, sources }, null, 2)}\n`);
    return;
  }
  const lines = [`${found.kind} ${found.entry.id}: ${found.entry.name}`];
  for (const { path, value } of plainFields(found.entry)) {
    if (path !== 'id' && path !== 'name') lines.push(`  ${path}: ${value}`);
  }
  lines.push('', '  numbers (value unit, confidence, source):');
  const width = Math.max(...numbers.map((n) => n.path.length));
  for (const { path, unit, sourced } of numbers) {
    const value = sourced.value === null ? 'unknown' : `${formatNumber(sourced.value)}${unit ? ` ${unit}` : ''}`;
    lines.push(
      `  ${path.padEnd(width)}  ${value}, ${sourced.confidence}, ${sourced.source}: ${sources[sourced.source]!.title}`,
    );
    if (sourced.note) lines.push(`  ${' '.repeat(width)}  note: ${sourced.note}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
}

function modelSource(found: CatalogEntry): string[] {
  return found.kind === 'model' ? [found.entry.source] : [];
}

function jsonKey(kind: Kind): string {
  return kind === 'node-types' ? 'nodeTypes' : kind;
}

function entriesOf(kind: Kind): readonly object[] {
  if (kind === 'accelerators') return listAccelerators();
  if (kind === 'node-types') return listNodeTypes();
  return listModels();
}

type Table = { header: string[]; rows: string[][] };

const renderTable = ({ header, rows }: Table): string => `${textTable(header, rows)}\n`;

function tableOf(kind: Kind): Table {
  if (kind === 'accelerators') return acceleratorTable(listAccelerators());
  if (kind === 'node-types') return nodeTypeTable(listNodeTypes());
  return modelTable(listModels());
}

function acceleratorTable(entries: readonly AcceleratorSpec[]): Table {
  return {
    header: ['ID', 'NAME', 'BF16', 'FP8', 'MXFP4', 'NVFP4', 'HBM GiB', 'HBM TB/s', 'SCALE-UP GB/s', 'TDP W'],
    rows: entries.map((a) => [
      a.id,
      a.name,
      formatSourced(a.denseTflops.bf16),
      formatSourced(a.denseTflops.fp8),
      formatSourced(a.denseTflops.mxfp4),
      formatSourced(a.denseTflops.nvfp4),
      formatSourced(a.hbm.capacityGiB),
      formatSourced(a.hbm.bandwidthTBps),
      `${formatSourced(a.scaleUp.bandwidthGBps)} ${a.scaleUp.direction === 'bidirectional' ? 'bidir' : 'per dir'}`,
      formatSourced(a.tdpW),
    ]),
  };
}

function nodeTypeTable(entries: readonly NodeTypeSpec[]): Table {
  return {
    header: ['ID', 'NAME', 'ACCELERATOR', 'COUNT', 'HEIGHT U', 'HOST W', 'WEIGHT KG', 'COOLING', 'LIQUID'],
    rows: entries.map((n) => {
      const { min, max, default: usual } = n.acceleratorCount;
      return [
        n.id,
        n.name,
        n.acceleratorId,
        min === max ? String(usual) : `${min}-${max} (${usual})`,
        formatSourced(n.heightU),
        formatSourced(n.hostPowerW),
        formatSourced(n.weightKg),
        n.cooling,
        formatSourced(n.liquidFraction),
      ];
    }),
  };
}

function modelTable(entries: readonly ModelSpec[]): Table {
  return {
    header: ['ID', 'NAME', 'LAYERS', 'HIDDEN', 'ATTENTION', 'EXPERTS', 'PARAMS B', 'ACTIVE B', 'WEIGHTS'],
    rows: entries.map((m) => {
      const a = m.architecture;
      const experts = a.moe
        ? `${a.moe.routedExperts}${a.moe.sharedExperts ? `+${a.moe.sharedExperts}` : ''} (${a.moe.activeExperts})`
        : '-';
      const attention = `${a.attention} ${a.heads}/${a.kvHeads}${a.slidingWindow ? ` swa${a.slidingWindow.window}` : ''}`;
      return [
        m.id,
        m.name,
        String(a.layers),
        String(a.hiddenSize),
        attention,
        experts,
        formatSourced(m.parameters.totalB),
        formatSourced(m.parameters.activeB),
        m.nativeWeightsPrecision,
      ];
    }),
  };
}
