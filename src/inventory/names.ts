/** Best-effort conversion of any id into a DNS-1123 label (63 characters at most). */
export function toDnsLabel(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}

export { isDnsLabel } from './kubernetes-names.ts';
