import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * awslint's docs-public-apis and props-default-doc for the authoring API: every prop of an exported interface and
 * every public member of an exported class in `constructs/` and `src/units/` (and the stack's props) has JSDoc, every optional
 * prop says its `@default`, and no prop is an inline object type (aws-cdk names them `XxxProps`).
 */
const FILES = [
  ...['constructs', 'src/units'].flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f)),
  ),
  'src/terraform/superpod-stack.ts',
];

function problemsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const docs = (node: ts.Node) => ts.getJSDocCommentsAndTags(node);
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const hidden = (node: ts.Node) =>
    (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).some(
      (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
    ) || ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
  for (const statement of source.statements) {
    if (!exported(statement)) continue;
    if (ts.isInterfaceDeclaration(statement)) {
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member)) continue;
        const name = `${statement.name.text}.${member.name.getText(source)}`;
        if (member.type && ts.isTypeLiteralNode(member.type)) {
          problems.push(`${where(member)} ${name} is an inline object type: name it (XxxProps)`);
        }
        if (docs(member).length === 0) problems.push(`${where(member)} ${name} has no JSDoc`);
        else if (member.questionToken && !ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) {
          problems.push(`${where(member)} ${name} is optional without @default`);
        }
      }
    }
    if (ts.isClassDeclaration(statement) && statement.name) {
      for (const member of statement.members) {
        if (ts.isConstructorDeclaration(member) || hidden(member) || !member.name) continue;
        if (!(ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member) || ts.isGetAccessor(member))) continue;
        if (docs(member).length === 0) {
          problems.push(`${where(member)} ${statement.name.text}.${member.name.getText(source)} has no JSDoc`);
        }
      }
    }
  }
  return problems;
}

describe('public API documentation', () => {
  it('documents every public prop and attribute of the constructs, with @default on optional props', () => {
    expect(FILES.flatMap(problemsOf)).toEqual([]);
  });

  it('fails when a prop has no JSDoc or an optional prop no @default', () => {
    const dir = fs.mkdtempSync(path.join('test', 'api', '.docs-'));
    try {
      const file = path.join(dir, 'thing.ts');
      fs.writeFileSync(
        file,
        'export interface ThingProps {\n  readonly a: number;\n  /** b */\n  readonly b?: number;\n  /** c @default 1 */\n  readonly c?: { d: number };\n}\n',
      );
      expect(problemsOf(file)).toEqual([
        `${file}:2 ThingProps.a has no JSDoc`,
        `${file}:4 ThingProps.b is optional without @default`,
        `${file}:6 ThingProps.c is an inline object type: name it (XxxProps)`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
