import { describe, expect, it } from 'vitest';
import { locateJsonPointer, parseJsonText } from '../../src/catalog/json-text.ts';
import { SuperpodInputError } from '../../src/errors.ts';

function whereOf(text: string): string {
  try {
    parseJsonText(text, 'f.json');
  } catch (error) {
    if (SuperpodInputError.is(error)) return `${error.where} ${error.problem}`;
    throw error;
  }
  throw new Error('expected a SuperpodInputError');
}

describe('parseJsonText', () => {
  it('parses valid JSON like JSON.parse, ignoring a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a": [1, 2.5e3, "x\\u0041"]}', 'f.json')).toEqual({ a: [1, 2500, 'xA'] });
  });

  it('fails when a comma is trailing, at the closing brace', () => {
    expect(whereOf('{\n  "a": 1,\n}')).toBe(
      'f.json:3:1 not valid JSON: expected another property after the comma (trailing commas are not JSON), found "}"',
    );
  });

  it('fails when a string is not closed before the line ends', () => {
    expect(whereOf('{"a": "open\n}')).toMatch(/^f\.json:1:12 not valid JSON: expected the string to close/);
  });

  it('fails when the input ends early', () => {
    expect(whereOf('{"a": [1, 2')).toBe(
      "f.json:1:12 not valid JSON: expected ',' or ']' after an array element, found the end of the file",
    );
  });

  it('fails when keys are not quoted', () => {
    expect(whereOf('{a: 1}')).toBe('f.json:1:2 not valid JSON: expected a property name in double quotes, found "a"');
  });

  it('fails when there is text after the value', () => {
    expect(whereOf('{} {}')).toBe(
      'f.json:1:4 not valid JSON: expected the end of the file after the top-level value, found "{"',
    );
  });
});

describe('locateJsonPointer', () => {
  const text = '{\n  "models": [\n    {"id": "a", "a/b": {"x~y": 3}}\n  ]\n}\n';

  it('finds values, escaped keys included', () => {
    expect(locateJsonPointer(text, '/models/0/id')).toEqual({ line: 3, column: 12 });
    expect(locateJsonPointer(text, '/models/0/a~1b/x~0y')).toEqual({ line: 3, column: 32 });
    expect(locateJsonPointer(text, '')).toEqual({ line: 1, column: 1 });
  });

  it('returns nothing for a pointer that is not there', () => {
    expect(locateJsonPointer(text, '/models/1')).toBeUndefined();
  });
});
