import { builtBinary } from './built-package.ts';

/** Builds the package the end-to-end tests start (once per state of the sources) before any test file runs. */
export default function setup(): void {
  builtBinary();
}
