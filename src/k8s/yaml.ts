/**
 * A small YAML emitter for Kubernetes objects (plain JSON data: objects, arrays, strings, numbers, booleans, null).
 * At SuperCluster scale the general-purpose `yaml` library spends seconds building document trees for 65,536 node
 * objects; this writes the same block style directly. Strings that could read as anything but themselves (numbers,
 * booleans, null, leading indicators, ": " or " #", empty) are written as JSON strings, which YAML reads back exactly.
 */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./=+-]*(?:[ ][A-Za-z0-9_./=+()-]+)*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|nan|inf)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === 'boolean') return String(value);
  const text = String(value);
  return PLAIN.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}

function isCollection(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)
  );
}

function emptyCollection(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)
    return '{}';
  return undefined;
}

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !Array.isArray(item)) {
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        out.push(`${indent}- ${lines[0]!.slice(indent.length + 2)}`, ...lines.slice(1));
      } else if (isCollection(item)) {
        out.push(`${indent}-`);
        emit(item, `${indent}  `, out);
      } else {
        out.push(`${indent}- ${emptyCollection(item) ?? scalar(item)}`);
      }
    }
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child === undefined) continue;
    const k = scalar(key);
    if (isCollection(child)) {
      out.push(`${indent}${k}:`);
      emit(child, Array.isArray(child) ? indent : `${indent}  `, out);
    } else {
      out.push(`${indent}${k}: ${emptyCollection(child) ?? scalar(child)}`);
    }
  }
}

/** One YAML document for a JSON-like object, ending in a newline. */
export function toYaml(value: object): string {
  const empty = emptyCollection(value);
  if (empty) return `${empty}\n`;
  const out: string[] = [];
  emit(value, '', out);
  return `${out.join('\n')}\n`;
}
