import { SuperpodInputError } from '../errors.ts';

/** 1-based line and column in a text file. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * JSON.parse with an error a user can act on: `file:line:column`, what was expected and what was found.
 * JSON.parse stays the authority on validity; the scanner below only finds where the text goes wrong,
 * because V8's messages do not always carry a position.
 */
export function parseJsonText(text: string, fileLabel: string): unknown {
  const body = stripBom(text);
  try {
    return JSON.parse(body);
  } catch (error) {
    const found = scan(body).error;
    const offset = found?.offset ?? body.length;
    const { line, column } = positionAt(body, offset);
    throw new SuperpodInputError({
      where: `${fileLabel}:${line}:${column}`,
      problem: `not valid JSON: ${found?.message ?? (error as Error).message}`,
      fix: 'fix the JSON syntax at that position (quotes around keys and strings, commas between entries, no trailing comma)',
    });
  }
}

/** Where the value at a JSON pointer (`/models/3/architecture`) starts in `text`, when it is there. */
export function locateJsonPointer(text: string, pointer: string): TextPosition | undefined {
  const body = stripBom(text);
  const { pointers } = scan(body);
  const offset = pointers.get(pointer);
  return offset === undefined ? undefined : positionAt(body, offset);
}

/** `file:line:column` for the value at `pointer`, or just `file` when the text does not locate it. */
export function whereInFile(fileLabel: string, text: string | undefined, pointer: string): string {
  if (text === undefined) return fileLabel;
  const at = locateJsonPointer(text, pointer);
  return at ? `${fileLabel}:${at.line}:${at.column}` : fileLabel;
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface ScanResult {
  /** JSON pointer -> offset where its value starts. */
  readonly pointers: Map<string, number>;
  readonly error?: { offset: number; message: string };
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** A strict JSON (RFC 8259) recogniser that records value positions; it builds no values. */
function scan(text: string): ScanResult {
  const pointers = new Map<string, number>();
  let i = 0;

  const describeAt = (at: number) => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]));
  const fail = (message: string, at = i): never => {
    throw new ScanError(at, `${message}, found ${describeAt(at)}`);
  };
  const skipSpace = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const expectLiteral = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (text[i + k] !== word[k]) fail(`expected "${word}"`, i + k);
    }
    i += word.length;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === 92) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('expected 4 hex digits after \\u', i + 2);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          fail('expected a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', i + 1);
        }
      } else if (c < 32) {
        fail('expected the string to close before a control character or line break');
      } else {
        i++;
      }
    }
    return fail('expected a closing quote', start);
  };
  const readNumber = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '-' || match[0] === '') fail('expected a number');
    i += match![0].length;
  };
  const readValue = (pointer: string) => {
    skipSpace();
    pointers.set(pointer, i);
    const c = text[i];
    if (c === '{') readObject(pointer);
    else if (c === '[') readArray(pointer);
    else if (c === '"') readString();
    else if (c === 't') expectLiteral('true');
    else if (c === 'f') expectLiteral('false');
    else if (c === 'n') expectLiteral('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) readNumber();
    else fail('expected a value (object, array, string, number, true, false or null)');
  };
  /** The members of an object or array after its opening bracket, up to `close`; `readMember` reads one. */
  const readMembers = (close: '}' | ']', member: 'property' | 'element', readMember: (index: number) => void) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      readMember(index);
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === close) fail(`expected another ${member} after the comma (trailing commas are not JSON)`);
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`expected ',' or '${close}' after ${member === 'property' ? 'a property value' : 'an array element'}`);
    }
  };
  const readObject = (pointer: string) =>
    readMembers('}', 'property', () => {
      skipSpace();
      if (text[i] !== '"') fail('expected a property name in double quotes');
      const key = readString();
      skipSpace();
      if (text[i] !== ':') fail(`expected ':' after the property name "${key}"`);
      i++;
      readValue(`${pointer}/${escapePointerToken(key)}`);
    });
  const readArray = (pointer: string) => readMembers(']', 'element', (index) => readValue(`${pointer}/${index}`));

  try {
    readValue('');
    skipSpace();
    if (i < text.length) fail('expected the end of the file after the top-level value');
    return { pointers };
  } catch (error) {
    if (error instanceof ScanError) return { pointers, error: { offset: error.offset, message: error.message } };
    // Nesting deep enough to exhaust the stack: no position, the caller falls back to JSON.parse's message.
    return { pointers };
  }
}
