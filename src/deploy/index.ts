// Deploy API: desired state against a live cluster (server-side apply, field manager `superpod`), and live nodes
// back into an Inventory.
export { ClusterClient, ClusterError, type ConnectOptions, FIELD_MANAGER } from './client.ts';
export { applyStack, type DeployOptions, type DeployReport, diffStack } from './deploy.ts';
export { type DesiredGroup, desiredGroups, ownerSelector } from './desired.ts';
export { inventoryJson, readInventoryFile } from './inventory-file.ts';
export {
  type ImportOptions,
  type ImportResult,
  inventoryFromLive,
  type LiveState,
  readLiveState,
} from './inventory-import.ts';
