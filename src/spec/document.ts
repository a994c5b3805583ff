import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { SuperpodInputError } from '../errors.ts';
import { readInputText } from '../file-errors.ts';

/** A parsed spec file that still knows where every value came from. */
export interface SpecDocument {
  /** The file as the user named it (relative paths stay relative, for messages). */
  readonly file: string;
  readonly data: unknown;
  /** `file:line:column` of the value at `path` (or of the key `key` inside it), falling back to the nearest parent. */
  locate(path: ReadonlyArray<string | number>, key?: string): string;
}

const MAX_SPEC_BYTES = 256 * 1024 * 1024;

export function readSpecFile(file: string): SpecDocument {
  const text = readInputText(
    file,
    'the spec',
    'pass the path of a YAML or JSON spec, e.g. -f spec.yaml (superpod spec init writes one); use count: to repeat racks and nodes in a large one',
    MAX_SPEC_BYTES,
  );
  return parseSpecText(text, file);
}

/** Parses YAML (or JSON, a subset of it) keeping positions; syntax errors become one-line input errors. */
export function parseSpecText(text: string, file: string): SpecDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const first = doc.errors[0];
  if (first) {
    throw new SuperpodInputError({
      where: at(first.pos[0]),
      problem: `not valid YAML: ${first.message.split('\n')[0]}`, // prettyErrors: false leaves the position out
      fix: 'fix the syntax at that position (indentation, a missing ":" or quote, a duplicate key)',
    });
  }
  let data: unknown;
  try {
    // Stryker disable next-line ObjectLiteral: 100 is also yaml's default; stated because the alias-bomb guard relies on it
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SuperpodInputError({
      where: file,
      problem: `cannot read the YAML: ${(error as Error).message.split('\n')[0]}`,
      fix: 'remove anchors and aliases that expand too much',
    });
  }
  return { file, data, locate: (path, key) => locateIn(doc, path, key, at, file) };
}

function locateIn(
  doc: Document,
  path: ReadonlyArray<string | number>,
  key: string | undefined,
  at: (offset: number) => string,
  file: string,
): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (depth === path.length && key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      const keyNode = pair && isPair(pair) && isScalar(pair.key) ? pair.key : undefined;
      if (keyNode?.range) return at(keyNode.range[0]);
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return at(range[0]);
  }
  return `${file}:1:1`;
}
