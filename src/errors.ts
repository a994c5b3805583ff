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

/**
 * Short, single-line rendering of a received value for error messages. Never throws: the value may be anything a
 * user's untyped stack hands over (an object whose `toString` is a number, a getter that throws, a cycle).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    // Our value objects (Power, Duration, ...) say what they hold through their own toString.
    const own = typeof value === 'object' ? (value as { toString?: unknown }).toString : undefined;
    if (typeof own === 'function' && own !== Object.prototype.toString) {
      const text = String(own.call(value));
      return shorten(text.replace(/\s+/g, ' '));
    }
    const text = JSON.stringify(value);
    if (typeof text === 'string') return shorten(text);
  } catch {
    // Falls through to the tag below.
  }
  return Object.prototype.toString.call(value);
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
