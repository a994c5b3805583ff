/** Kubernetes name and label syntax (apimachinery validation: IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName). */

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedName = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && dnsLabel.test(value);
}

export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && dnsSubdomain.test(value);
}

/** Why a label key is invalid, or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return `prefix "${prefix}" is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63) return 'the name part must have 1 to 63 characters';
  if (!qualifiedName.test(name))
    return 'the name part must be letters, digits, "-", "_" or ".", starting and ending alphanumeric';
  return undefined;
}

/** Why a label value is invalid, or undefined when it is valid (empty values are allowed). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'longer than 63 characters';
  if (value !== '' && !qualifiedName.test(value))
    return 'must be letters, digits, "-", "_" or ".", starting and ending alphanumeric';
  return undefined;
}
