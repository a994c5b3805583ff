import type { ErrorObject } from 'ajv';

/** One readable line for an ajv error: what, where, what is allowed. */
export function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath ? `at ${error.instancePath.slice(1).replace(/\//g, '.')}` : 'at the top level';
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return `${at} has a badly formed key "${error.propertyName}"${error.keyword === 'pattern' ? ` (expected ${String(params.pattern)})` : ''}`;
  }
  switch (error.keyword) {
    case 'additionalProperties':
      return `has an unknown key "${String(params.additionalProperty)}" ${at}`;
    case 'enum':
      return `${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `${at} is missing "${String(params.missingProperty)}"`;
    case 'minLength':
      return `${at} must be at least ${String(params.limit)} characters long`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}
