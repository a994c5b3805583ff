import { SuperpodInputError } from '../errors.ts';
import { readInputText } from '../file-errors.ts';
import type { Inventory } from '../inventory/types.ts';

const LISTS = ['superClusters', 'superPods', 'racks', 'nodes', 'nodePools', 'workloads', 'suppressions'] as const;

/** An Inventory as the JSON file `superpod inventory import` writes: stable key order, two-space indent. */
export function inventoryJson(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}

/**
 * Reads an Inventory JSON file (from `superpod inventory import`) for the checks and the simulator. Checks the
 * envelope (schema version, the lists, node references); the engines validate the rest as for any Inventory.
 */
export function readInventoryFile(file: string): Inventory {
  const text = readInputText(file, 'the inventory file', 'run `superpod inventory import --out <file>` first');
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SuperpodInputError({
      where: file,
      problem: `not JSON: ${(error as Error).message}`,
      fix: 'pass a file written by `superpod inventory import`',
    });
  }
  if (!data || typeof data !== 'object' || data.schemaVersion !== 1) {
    throw new SuperpodInputError({
      where: file,
      problem: 'not a superpod Inventory (schemaVersion 1)',
      value: (data as { schemaVersion?: unknown })?.schemaVersion,
      fix: 'pass a file written by `superpod inventory import`',
    });
  }
  for (const list of LISTS) {
    if (!Array.isArray(data[list]))
      throw new SuperpodInputError({
        where: `${file}: ${list}`,
        problem: 'missing or not a list',
        fix: 're-run `superpod inventory import`',
      });
  }
  const inventory = data as unknown as Inventory;
  const racks = new Set(inventory.racks.map((r) => r.id));
  for (const node of inventory.nodes) {
    if (!racks.has(node.rackId))
      throw new SuperpodInputError({
        where: `${file}: node ${node.name}`,
        problem: 'names a rack the file does not hold',
        value: node.rackId,
        fix: 're-run `superpod inventory import`',
      });
  }
  return inventory;
}
