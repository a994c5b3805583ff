import { buildFromSpec } from '../spec/build.ts';
import { readSpecFile } from '../spec/document.ts';
import type { ClusterSpec } from '../spec/types.ts';
import { validateSpec } from '../spec/validate.ts';
import type { SuperPodStack } from '../terraform/superpod-stack.ts';
import { App } from './app.ts';

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
