import { App } from '../../src/app/app.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { buildFromSpec } from '../../src/spec/build.ts';
import { parseSpecText } from '../../src/spec/document.ts';
import { validateSpec } from '../../src/spec/validate.ts';

/** The Inventory a spec text builds, as `superpod synth -f <file>` would, in an App that never writes output. */
export function inventoryOfSpec(text: string, file: string): Inventory {
  const doc = parseSpecText(text, file);
  const app = new App({ outdir: '/tmp/superpod-spec-unused' });
  try {
    return buildFromSpec(app, validateSpec(doc), doc).inventory();
  } finally {
    app.discard();
  }
}
