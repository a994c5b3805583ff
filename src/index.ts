// The public API of superpod: constructs, units, the cdktf App and stack, and the engines' entry points.
export * from '../constructs/index.ts';
export { App } from './app/app.ts';
export { SuperpodInputError } from './errors.ts';
export { inventoryFromTree } from './inventory/from-tree.ts';
export type * from './inventory/types.ts';
export { synthesizeKubernetes } from './k8s/synthesize.ts';
export { SuperPodStack, type SuperPodStackProps } from './terraform/superpod-stack.ts';
