import type { Inventory } from '../inventory/types.ts';
import { loadInventory } from './load-stack.ts';

/** The Inventory of the embedded reference stack (`stacks/main.ts`). */
export async function loadDefaultInventory(): Promise<Inventory> {
  return loadInventory();
}
