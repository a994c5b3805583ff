/** True for file names a spec can have (YAML or JSON). */
export function isSpecFile(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file);
}
