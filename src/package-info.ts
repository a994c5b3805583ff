import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * superpod's own package.json: the nearest one above this module. Read from the file rather than imported, so the
 * sources (`src/`) and the compiled package (`dist/src/`), one folder deeper, find the same file.
 */
function readPackageInfo(): PackageInfo {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json of superpod not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  const { name, version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return Object.freeze({ name, version });
}

export const PACKAGE_INFO: PackageInfo = readPackageInfo();
