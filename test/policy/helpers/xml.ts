/**
 * A small strict XML 1.0 parser for the JUnit reports (no XML parser is among the dependencies): elements,
 * attributes, text, the five predefined entities and character references. It throws on anything not well-formed
 * that a writer could get wrong: unbalanced or crossed tags, a raw '<' or '&', duplicate attributes, unquoted values,
 * text outside the root element.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;

export function parseXml(input: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    const line = input.slice(0, pos).split('\n').length;
    throw new Error(`XML error at line ${line}: ${message}`);
  };
  const skipSpace = () => {
    while (pos < input.length && /\s/.test(input[pos]!)) pos++;
  };
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('raw "<" in text or attribute');
    return raw.replace(/&([^;]*);?/g, (match, entity: string) => {
      if (!match.endsWith(';')) fail(`"&" without an entity: ${match}`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (entity in named) return named[entity]!;
      const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
      if (numeric)
        return String.fromCodePoint(
          Number.parseInt(entity.slice(entity[1] === 'x' ? 2 : 1), entity[1] === 'x' ? 16 : 10),
        );
      return fail(`unknown entity &${entity};`);
    });
  };
  const readName = (): string => {
    const match = NAME.exec(input.slice(pos));
    if (!match) fail('expected a name');
    pos += match![0].length;
    return match![0];
  };
  const element = (): XmlElement => {
    if (input[pos] !== '<') fail('expected "<"');
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (input.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (input[pos] === '>') {
        pos++;
        break;
      }
      const attr = readName();
      skipSpace();
      if (input[pos] !== '=') fail(`expected "=" after ${attr}`);
      pos++;
      skipSpace();
      const quote = input[pos];
      if (quote !== '"' && quote !== "'") fail(`unquoted value of ${attr}`);
      const end = input.indexOf(quote!, pos + 1);
      if (end === -1) fail(`unterminated value of ${attr}`);
      if (attr in attributes) fail(`duplicate attribute ${attr}`);
      attributes[attr] = decode(input.slice(pos + 1, end));
      pos = end + 1;
    }
    const node: XmlElement = { name, attributes, children: [], text: '' };
    for (;;) {
      const next = input.indexOf('<', pos);
      if (next === -1) fail(`unclosed <${name}>`);
      node.text += decode(input.slice(pos, next));
      pos = next;
      if (input.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (input[pos] !== '>') fail('expected ">"');
        pos++;
        return node;
      }
      if (input.startsWith('<!--', pos)) {
        const end = input.indexOf('-->', pos);
        if (end === -1) fail('unterminated comment');
        pos = end + 3;
        continue;
      }
      node.children.push(element());
    }
  };
  if (input.startsWith('<?xml')) {
    const end = input.indexOf('?>');
    if (end === -1) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (pos !== input.length) fail('content after the root element');
  return root;
}
