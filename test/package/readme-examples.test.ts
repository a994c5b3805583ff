import { describe, expect, it } from 'vitest';
import { commandLines, readmeBlocks, shellBlockKind, synopsis, typescriptExamples } from './readme-examples.ts';

const fence = '```';
const markdown = [
  '# title',
  `${fence}sh`,
  '# synopsis: needs a cluster',
  'npx superpod apply [--app f] [--dry-run=server]   # comment',
  fence,
  `${fence}ts`,
  'const app = new App();\napp.synth();',
  fence,
  `${fence}ts`,
  "new TrainingJob(stack, 'job', {});",
  fence,
  `${fence}sh`,
  'npx superpod perf --model x \\',
  '  --batch 4   # trailing comment',
  fence,
].join('\n');

describe('README example extraction', () => {
  it('finds the TypeScript and shell blocks with their lines and kinds', () => {
    const blocks = readmeBlocks(markdown);
    expect(blocks.map((b) => [b.lang, b.line])).toEqual([
      ['sh', 2],
      ['ts', 6],
      ['ts', 10],
      ['sh', 13],
    ]);
    expect(blocks.filter((b) => b.lang === 'sh').map(shellBlockKind)).toEqual(['synopsis', 'run']);
    expect(commandLines(blocks[3]!)).toEqual(['npx superpod perf --model x --batch 4   # trailing comment']);
  });

  it('reads a synopsis line as a command and its flags', () => {
    expect(synopsis('npx superpod inventory import [--app f] [--out live.json]  # --not-a-flag')).toEqual({
      command: 'inventory import',
      flags: ['--app', '--out'],
    });
    expect(synopsis('npx superpod apply [same flags] [--dry-run=server]').flags).toEqual(['--dry-run']);
  });

  it('adds later TypeScript examples to the first before app.synth()', () => {
    const files = typescriptExamples(readmeBlocks(markdown));
    expect([...files.keys()]).toEqual(['my-stack.ts', 'my-stack-2.ts']);
    expect(files.get('my-stack-2.ts')).toBe(
      "const app = new App();\nnew TrainingJob(stack, 'job', {});\napp.synth();\n",
    );
  });

  it('fails when a code block is never closed', () => {
    expect(() => readmeBlocks(`text\n${fence}ts\nconst x = 1;\n`)).toThrow('README.md:2: code block never closed');
  });

  it('fails when the first TypeScript example is not an app', () => {
    expect(() => typescriptExamples(readmeBlocks(`${fence}ts\nconst x = 1;\n${fence}\n`))).toThrow(
      'the first TypeScript example is not an app',
    );
  });
});
