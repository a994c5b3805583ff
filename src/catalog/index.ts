import { SuperpodInputError } from '../errors.ts';
import { catalog } from './load.ts';
import { unknownIdFix } from './suggest.ts';
import type { AcceleratorSpec, FabricSpec, ModelSpec, NodeTypeSpec, Sourced, SourceEntry } from './types.ts';

export { loadHuggingFaceConfig, parseHuggingFaceConfig } from './huggingface.ts';
export { isSuperPodNodeType } from './superpod-node.ts';
export type {
  AcceleratorSpec,
  Confidence,
  FabricLevelSpec,
  FabricLinkSpec,
  FabricSpec,
  ModelArchitecture,
  ModelSpec,
  NodeTypeSpec,
  Precision,
  Sourced,
  SourceEntry,
} from './types.ts';

/** An accelerator by id (`atlas-350`, `ascend-950dt`, `h100-sxm`, ...). Unknown ids are input errors listing the known ones. */
export function getAccelerator(id: string): AcceleratorSpec {
  return findById('accelerator', catalog().accelerators, id);
}

/** A node type by id (`atlas-350-server`, `ascend-950dt-node`, `dgx-h100`, ...). */
export function getNodeType(id: string): NodeTypeSpec {
  return findById('node type', catalog().nodeTypes, id);
}

/** A model by id (`llama-3.1-70b`, `deepseek-v3`, ...). */
export function getModel(id: string): ModelSpec {
  return findById('model', catalog().models, id);
}

/** A SuperPoD fabric by id (`atlas-950-ub`): its X/Y/Z levels and uplinks, each figure with source and confidence. */
export function getFabric(id: string): FabricSpec {
  return findById('fabric', catalog().fabrics, id);
}

export function listAccelerators(): readonly AcceleratorSpec[] {
  return catalog().accelerators;
}

export function listNodeTypes(): readonly NodeTypeSpec[] {
  return catalog().nodeTypes;
}

export function listModels(): readonly ModelSpec[] {
  return catalog().models;
}

/** A source by id (`S_cann_issue`, `S_glenn_h100`, ...): title, location, kind, reliability. */
export function getSource(id: string): SourceEntry {
  const sources = catalog().sources;
  if (typeof id === 'string' && Object.hasOwn(sources, id)) return sources[id]!;
  throw new SuperpodInputError({
    where: 'catalog',
    problem: 'unknown source id',
    value: id,
    fix: unknownIdFix('source', String(id), Object.keys(sources)),
  });
}

/**
 * The value of a catalogue number, or an input error when the catalogue does not know it
 * (`value: null`, confidence `unknown`). Engines call it where they need a number the user must supply:
 * `knownValue(acc.tdpW, 'accelerator ascend-950dt TDP', 'pass tdp: Power.watts(...) on the node')`.
 */
export function knownValue(s: Sourced, what: string, fix: string): number {
  if (s.value !== null) return s.value;
  throw new SuperpodInputError({
    where: what,
    problem: `is not known to the catalogue (value null, source ${s.source}); it must be supplied`,
    value: null,
    fix,
  });
}

function findById<T extends { readonly id: string }>(kind: string, entries: readonly T[], id: string): T {
  const found = entries.find((entry) => entry.id === id);
  if (found) return found;
  throw new SuperpodInputError({
    where: 'catalog',
    problem: `unknown ${kind} id`,
    value: id,
    fix: unknownIdFix(
      kind,
      String(id),
      entries.map((e) => e.id),
    ),
  });
}
