import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInventoryFile } from '../deploy/inventory-file.ts';
import { SuperpodInputError } from '../errors.ts';
import type { Inventory } from '../inventory/types.ts';
import { isSpecFile } from '../spec/load.ts';
import type { TerraformApp } from '../terraform/app.ts';
import { captureApps } from '../terraform/session.ts';
import { appFromSpecFile } from './spec-app.ts';
import { importUserModule } from './user-module.ts';

/**
 * The embedded default: the reference stack shipped with superpod, `stacks/main.ts` in the sources and its compiled
 * `stacks/main.js` in the package (the same extension as this module).
 */
export const DEFAULT_APP_FILE = fileURLToPath(
  new URL(`../../stacks/main${path.extname(import.meta.url)}`, import.meta.url),
);

/** Resolves a user-given app file, as an input error when it does not exist. */
export function resolveAppFile(file: string | undefined): string {
  if (file === undefined) return DEFAULT_APP_FILE;
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
    throw new SuperpodInputError({
      where: file,
      problem: 'app file not found',
      value: file,
      fix: 'pass the TypeScript file that builds your App, e.g. --app stacks/main.ts',
    });
  }
  return resolved;
}

/**
 * True for a JSON file written by `superpod inventory import` (an Inventory, `"schemaVersion": 1`), as opposed to a
 * JSON cluster spec (`"apiVersion": "superpod.dev/..."`). Only the head of the file is read.
 */
function isInventoryFile(file: string): boolean {
  if (!/\.json$/i.test(file) || !fs.existsSync(file)) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return (
      /"schemaVersion"\s*:\s*1\b/.test(head.subarray(0, read).toString('utf8')) &&
      !/"apiVersion"\s*:\s*"superpod\.dev\//.test(head.subarray(0, read).toString('utf8'))
    );
  } finally {
    fs.closeSync(fd);
  }
}

/** Imports an app file as a fresh module instance (so a file can be loaded more than once in one process). */
export async function importAppFile(file: string): Promise<void> {
  await importUserModule(file, `?superpod-load=${randomUUID()}`);
}

/**
 * Runs an app file (TypeScript), builds a spec file (YAML/JSON) or reads an imported Inventory (JSON from
 * `superpod inventory import`) without writing output, and returns the Inventory of each SuperPodStack, in tree order.
 */
export async function loadInventories(file?: string): Promise<Inventory[]> {
  if (file !== undefined && isInventoryFile(file)) return [readInventoryFile(file)];
  if (file !== undefined && isSpecFile(file)) {
    const { app, stack } = appFromSpecFile(file);
    try {
      return [stack.inventory()];
    } finally {
      app.discard();
    }
  }
  const resolved = resolveAppFile(file);
  const apps: TerraformApp[] = await captureApps(() => importAppFile(resolved));
  const inventories = apps.flatMap((app) => app.superPodStacks.map((stack) => stack.inventory()));
  if (inventories.length === 0) {
    throw new SuperpodInputError({
      where: path.relative(process.cwd(), resolved) || resolved,
      problem: 'the app defines no SuperPodStack or never calls app.synth()',
      fix: 'create a SuperPodStack in an App from superpod and call app.synth() at the end',
    });
  }
  return inventories;
}

/** The Inventory of one stack of an app file: the only one, or the one named `stack`. */
export async function loadInventory(file?: string, stack?: string): Promise<Inventory> {
  const inventories = await loadInventories(file);
  if (stack === undefined) {
    if (inventories.length > 1) {
      throw new SuperpodInputError({
        where: 'superpod --stack',
        problem: 'the app has several stacks',
        value: inventories.map((i) => i.stack).join(', '),
        fix: 'name one with --stack <id>',
      });
    }
    return inventories[0]!;
  }
  const found = inventories.find((i) => i.stack === stack);
  if (!found)
    throw new SuperpodInputError({
      where: 'superpod --stack',
      problem: 'no stack of that name',
      value: stack,
      fix: `use one of ${inventories.map((i) => i.stack).join(', ')}`,
    });
  return found;
}
