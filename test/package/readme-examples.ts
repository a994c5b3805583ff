/**
 * The README's examples, read from the README itself so they cannot drift: its TypeScript blocks and its shell
 * command blocks. A shell block whose first line is `# in a clone ...` holds the repository's own set-up commands;
 * one whose first line is `# synopsis ...` lists flags of commands that need a cluster; every other block is run.
 */
export interface ReadmeBlock {
  readonly lang: 'ts' | 'sh' | 'yaml';
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly text: string;
}

export type ShellBlockKind = 'clone' | 'synopsis' | 'run';

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|sh|yaml)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end === -1) throw new Error(`README.md:${i + 1}: code block never closed`);
    blocks.push({ lang: open[1] as ReadmeBlock['lang'], line: i + 1, text: `${lines.slice(i + 1, end).join('\n')}\n` });
    i = end;
  }
  return blocks;
}

export function shellBlockKind(block: ReadmeBlock): ShellBlockKind {
  if (/^# in a clone\b/.test(block.text)) return 'clone';
  if (/^# synopsis\b/.test(block.text)) return 'synopsis';
  return 'run';
}

/** The commands of a shell block: continuation lines joined, comment lines dropped. */
export function commandLines(block: ReadmeBlock): string[] {
  return block.text
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** A synopsis line's command (`inventory import`) and its flags (`--dry-run`), trailing comment ignored. */
export function synopsis(line: string): { command: string; flags: string[] } {
  const words = line.replace(/\s#.*$/, '').split(/\s+/);
  const start = words.indexOf('superpod') + 1;
  const command: string[] = [];
  for (const word of words.slice(start)) {
    if (word.startsWith('[') || word.startsWith('-')) break;
    command.push(word);
  }
  const flags = [...line.replace(/\s#.*$/, '').matchAll(/(?<![\w-])(--?[a-z][\w-]*)/g)].map((m) => m[1]!);
  return { command: command.join(' '), flags: [...new Set(flags)] };
}

/**
 * The TypeScript examples as files: the first is `my-stack.ts` (the README says so); each later one holds lines
 * that go into it before `app.synth()`.
 */
export function typescriptExamples(blocks: readonly ReadmeBlock[]): Map<string, string> {
  const [stack, ...additions] = blocks.filter((b) => b.lang === 'ts');
  if (!stack?.text.includes('app.synth();')) throw new Error('README.md: the first TypeScript example is not an app');
  const files = new Map([['my-stack.ts', stack.text]]);
  additions.forEach((block, i) => {
    files.set(`my-stack-${i + 2}.ts`, stack.text.replace('app.synth();\n', `${block.text}app.synth();\n`));
  });
  return files;
}
