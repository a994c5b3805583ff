import { App } from '../terraform/app.ts';
import type { SuperPodStack } from '../terraform/superpod-stack.ts';
import { buildFromSpec } from './build.ts';
import { readSpecFile } from './document.ts';
import type { ClusterSpec } from './types.ts';
import { validateSpec } from './validate.ts';

/** True for file names a spec can have (YAML or JSON). */
export function isSpecFile(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file);
}

/** Reads, validates and builds a spec into a new App; nothing is written until `app.synth()`. */
export function appFromSpecFile(file: string, outdir?: string): { app: App; stack: SuperPodStack; spec: ClusterSpec } {
  const doc = readSpecFile(file);
  const spec = validateSpec(doc);
  const app = new App(outdir === undefined ? {} : { outdir });
  try {
    const stack = buildFromSpec(app, spec, doc);
    return { app, stack, spec };
  } catch (error) {
    app.discard();
    throw error;
  }
}
