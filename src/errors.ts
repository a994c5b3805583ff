/**
 * The one error type for bad input. Every command turns it into one line on stderr and exit code 2.
 *
 * `where` is a construct path (`pd-slice/pod-a/rack-01`), a file location (`stacks/main.ts:42:5`,
 * `spec.yaml:12:3`) or a catalogue id; `value` is what was received; `fix` says what to do.
 */
export class SuperpodInputError extends Error {
  readonly where: string;
  readonly value: unknown;
  readonly fix: string;
  readonly problem: string;

  constructor(opts: { where: string; problem: string; value?: unknown; fix: string }) {
    const shown = opts.value === undefined ? '' : ` (got ${describeValue(opts.value)})`;
    super(`${opts.where}: ${opts.problem}${shown}; ${opts.fix}`);
    this.name = 'SuperpodInputError';
    this.where = opts.where;
    this.problem = opts.problem;
    this.value = opts.value;
    this.fix = opts.fix;
  }

  static is(x: unknown): x is SuperpodInputError {
    return x instanceof Error && x.name === 'SuperpodInputError';
  }
}

/** Short, single-line rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    'toString' in value &&
    value.toString !== Object.prototype.toString
  ) {
    return String(value);
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The checks found something at the fail level: the command wrote its output and exits 1. */
export class ChecksFailedError extends Error {
  readonly findings: readonly string[];
  constructor(findings: readonly string[]) {
    super(findings.join('\n'));
    this.name = 'ChecksFailedError';
    this.findings = findings;
  }
  static is(x: unknown): x is ChecksFailedError {
    return x instanceof Error && x.name === 'ChecksFailedError';
  }
}
