import type { Inventory } from '../../src/inventory/types.ts';

/** The reference stack's Inventory as plain JSON data, the shape `superpod inventory import` writes. */
export async function fixtureInventory(load: () => Promise<Inventory>): Promise<Inventory> {
  return JSON.parse(JSON.stringify(await load()));
}
