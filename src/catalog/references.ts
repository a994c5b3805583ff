import { SuperpodInputError } from '../errors.ts';
import { whereInFile } from './json-text.ts';
import type { FabricSpec } from './types.ts';
import { type CatalogFile, type CatalogFiles, describePointer } from './validate.ts';

/**
 * Cross-file checks the schemas cannot express: ids unique, every source id listed in sources.json,
 * node types point at known accelerators with min <= default <= max, precisions consistent, model
 * shapes coherent. Throws on the first problem, pointing at the file, line and field.
 */
export function checkCatalogReferences(files: CatalogFiles): void {
  const sources = files.sources.data.sources;
  const accelerators = files.accelerators.data.accelerators;
  const nodeTypes = files.nodeTypes.data.nodeTypes;
  const models = files.models.data.models;

  const seen = new Map<string, string>();
  const checkUnique = (file: CatalogFile<unknown>, listKey: string, ids: readonly string[]) => {
    ids.forEach((id, index) => {
      const other = seen.get(id);
      if (other !== undefined) {
        fail(
          file,
          `/${listKey}/${index}/id`,
          `id "${id}" is already used in ${other}`,
          id,
          'give every entry an id used nowhere else in the catalogue',
        );
      }
      seen.set(id, file.label);
    });
  };
  checkUnique(
    files.accelerators,
    'accelerators',
    accelerators.map((a) => a.id),
  );
  checkUnique(
    files.nodeTypes,
    'nodeTypes',
    nodeTypes.map((n) => n.id),
  );
  checkUnique(
    files.models,
    'models',
    models.map((m) => m.id),
  );
  checkUnique(
    files.fabrics,
    'fabrics',
    files.fabrics.data.fabrics.map((f) => f.id),
  );

  const checkSources = (file: CatalogFile<unknown>, value: unknown, pointer: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        checkSources(file, item, `${pointer}/${index}`);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'source' && typeof child === 'string' && !Object.hasOwn(sources, child)) {
          fail(
            file,
            `${pointer}/source`,
            'names a source that sources.json does not list',
            child,
            `add "${child}" to src/catalog/data/sources.json or use a listed source id`,
          );
        }
        checkSources(file, child, `${pointer}/${key}`);
      }
    }
  };
  checkSources(files.accelerators, files.accelerators.data, '');
  checkSources(files.nodeTypes, files.nodeTypes.data, '');
  checkSources(files.models, files.models.data, '');
  checkSources(files.fabrics, files.fabrics.data, '');
  files.fabrics.data.fabrics.forEach((f, index) => {
    checkFabricLevels(files.fabrics, f, index);
  });

  accelerators.forEach((a, index) => {
    const listed = new Set(a.supportedPrecisions);
    const rated = new Set(Object.keys(a.denseTflops));
    for (const p of listed) {
      if (!rated.has(p)) {
        fail(
          files.accelerators,
          `/accelerators/${index}/supportedPrecisions`,
          `lists ${p} but denseTflops has no ${p} entry`,
          p,
          `add denseTflops.${p} (null with confidence "unknown" if unpublished) or drop ${p}`,
        );
      }
    }
    for (const p of rated) {
      if (!listed.has(p as never)) {
        fail(
          files.accelerators,
          `/accelerators/${index}/denseTflops/${p}`,
          `rates ${p} but supportedPrecisions does not list it`,
          p,
          `add ${p} to supportedPrecisions or remove denseTflops.${p}`,
        );
      }
    }
  });

  const acceleratorIds = accelerators.map((a) => a.id);
  nodeTypes.forEach((n, index) => {
    const at = `/nodeTypes/${index}`;
    const accelerator = accelerators.find((a) => a.id === n.acceleratorId);
    if (!accelerator) {
      fail(
        files.nodeTypes,
        `${at}/acceleratorId`,
        'names an accelerator that accelerators.json does not list',
        n.acceleratorId,
        `use one of ${acceleratorIds.join(', ')}`,
      );
    } else if (accelerator.vendor !== n.vendor) {
      fail(
        files.nodeTypes,
        `${at}/vendor`,
        `is ${n.vendor} but its accelerator ${accelerator.id} is ${accelerator.vendor}`,
        n.vendor,
        'make the node vendor match its accelerator',
      );
    }
    const { min, max, default: usual } = n.acceleratorCount;
    if (!(min <= usual && usual <= max)) {
      fail(
        files.nodeTypes,
        `${at}/acceleratorCount`,
        'needs min <= default <= max',
        n.acceleratorCount,
        'fix min, default and max',
      );
    }
    const group = n.ubGroupSize?.value;
    if (typeof group === 'number' && (!Number.isInteger(group) || min % group !== 0 || max % group !== 0)) {
      fail(
        files.nodeTypes,
        `${at}/ubGroupSize/value`,
        `does not divide the accelerator counts ${min} to ${max}: a node holds whole UB groups`,
        group,
        'set acceleratorCount min and max to multiples of ubGroupSize',
      );
    }
    const fraction = n.liquidFraction.value;
    if (n.cooling === 'air' && fraction !== null && fraction !== 0) {
      fail(
        files.nodeTypes,
        `${at}/liquidFraction/value`,
        'is above 0 on an air-cooled node',
        fraction,
        'set 0 for air cooling or change cooling to "liquid"',
      );
    }
    if (n.cooling === 'liquid' && fraction === 0) {
      fail(
        files.nodeTypes,
        `${at}/liquidFraction/value`,
        'is 0 on a liquid-cooled node',
        fraction,
        'set the share of heat the liquid loop takes (default 0.8) or change cooling to "air"',
      );
    }
  });

  models.forEach((m, index) => {
    const at = `/models/${index}/architecture`;
    const arch = m.architecture;
    if ((arch.attention === 'mla') !== (arch.mla !== undefined)) {
      fail(
        files.models,
        `${at}/attention`,
        'and the "mla" block must come together',
        arch.attention,
        'use attention "mla" with an mla block, or neither',
      );
    }
    if (arch.attention !== 'mla' && (arch.kvHeads > arch.heads || arch.heads % arch.kvHeads !== 0)) {
      fail(
        files.models,
        `${at}/kvHeads`,
        `must divide heads (${arch.heads})`,
        arch.kvHeads,
        'copy num_key_value_heads from the model config',
      );
    }
    if (arch.attention === 'mha' && arch.kvHeads !== arch.heads) {
      fail(
        files.models,
        `${at}/attention`,
        'is "mha" but kvHeads differs from heads',
        arch.attention,
        'use "gqa" when kvHeads < heads',
      );
    }
    if (arch.attention === 'gqa' && arch.kvHeads === arch.heads) {
      fail(
        files.models,
        `${at}/attention`,
        'is "gqa" but kvHeads equals heads',
        arch.attention,
        'use "mha" when every head has its own KV head',
      );
    }
    const moe = arch.moe;
    if (moe && moe.activeExperts > moe.routedExperts) {
      fail(
        files.models,
        `${at}/moe/activeExperts`,
        `exceeds routedExperts (${moe.routedExperts})`,
        moe.activeExperts,
        'copy num_experts_per_tok from the model config',
      );
    }
    if (moe && moe.firstDenseLayers >= arch.layers) {
      fail(
        files.models,
        `${at}/moe/firstDenseLayers`,
        `must be below layers (${arch.layers})`,
        moe.firstDenseLayers,
        'copy first_k_dense_replace from the model config',
      );
    }
    const { totalB, activeB } = m.parameters;
    if (totalB.value !== null && activeB.value !== null && activeB.value > totalB.value) {
      fail(
        files.models,
        `/models/${index}/parameters/activeB/value`,
        `exceeds totalB (${totalB.value})`,
        activeB.value,
        'active parameters are a subset of the total',
      );
    }
  });
}

function fail(file: CatalogFile<unknown>, pointer: string, problem: string, value: unknown, fix: string): never {
  const listKey = pointer.split('/')[1] ?? '';
  throw new SuperpodInputError({
    where: whereInFile(file.label, file.text, pointer),
    problem: `${describePointer(file.data, pointer, listKey)} ${problem}`,
    value,
    fix,
  });
}

/** Levels X, Y, Z in that order, each domain a whole number of the one inside it. */
function checkFabricLevels(file: CatalogFile<unknown>, fabric: FabricSpec, index: number): void {
  const order = ['X', 'Y', 'Z'] as const;
  fabric.levels.forEach((level, i) => {
    const at = `/fabrics/${index}/levels/${i}`;
    if (level.name !== order[i]) {
      fail(
        file,
        `${at}/name`,
        `must be level ${order[i]} (levels run X, Y, Z)`,
        level.name,
        'list X, Y and Z in order',
      );
    }
    const inner = fabric.levels[i - 1];
    const size = level.maxNpus.value;
    if (!Number.isInteger(size) || (inner && size % inner.maxNpus.value !== 0)) {
      fail(
        file,
        `${at}/maxNpus/value`,
        `must be a whole number of ${inner ? `${inner.name} domains (${inner.maxNpus.value} NPUs)` : 'NPUs'}`,
        size,
        'make each maxNpus a multiple of the level inside it',
      );
    }
  });
}
