import { pathToFileURL } from 'node:url';

const TYPESCRIPT_FILE = /\.(?:ts|mts|cts|tsx)$/i;
let tsxRegistered = false;

/**
 * Imports a user's module (a stack, a policy pack). TypeScript files load through tsx, as cdktf users expect, as ES
 * modules or, in projects without "type": "module", as CommonJS. tsx is registered on the first TypeScript file, so
 * commands that load none (and the compiled reference stack) start without it; when superpod itself runs from its
 * TypeScript sources, a loader is already in place.
 */
export async function importUserModule(file: string, query = ''): Promise<Record<string, unknown>> {
  if (TYPESCRIPT_FILE.test(file) && !tsxRegistered && !import.meta.url.endsWith('.ts')) {
    const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    esm.register();
    cjs.register();
    tsxRegistered = true;
  }
  return (await import(`${pathToFileURL(file).href}${query}`)) as Record<string, unknown>;
}
