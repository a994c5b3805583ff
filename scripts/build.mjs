// `npm run build`: compiles the library, the CLI and the reference stack to dist/ (ES modules, declarations, source
// maps with their sources inlined) and copies the JSON catalogues and schemas next to the modules that read them
// at run time, so every file resolves relative to the compiled module exactly as it does in the sources.
// `--out-dir <dir>` compiles to another folder (the tests' built binary, test/helpers/built-package.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out-dir');
const dist = outFlag === -1 ? path.join(root, 'dist') : path.resolve(process.argv[outFlag + 1]);
const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist],
  { cwd: root, stdio: 'inherit' },
);

let copied = 0;
for (const folder of config.include.filter((entry) => !path.extname(entry))) {
  for (const file of fs.readdirSync(path.join(root, folder), { recursive: true })) {
    if (!file.endsWith('.json')) continue;
    const target = path.join(dist, folder, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(root, folder, file), target);
    copied += 1;
  }
}
console.log(`${outFlag === -1 ? 'dist' : dist}/: compiled ${config.include.join(', ')}; copied ${copied} JSON files`);
