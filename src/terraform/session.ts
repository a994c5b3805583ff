import { AsyncLocalStorage } from 'node:async_hooks';
import type { TerraformApp } from './app.ts';

/** Reports synth's stages (for a progress bar on a terminal). */
export type SynthProgress = (stage: string, done: number, total: number) => void;

/**
 * What the code that loads an app file wants from the apps it creates. An app file builds its App and calls
 * `app.synth()` itself; the loader runs it inside a session to capture the App (write nothing) or to learn which apps
 * synthesised. Sessions follow the async call chain (AsyncLocalStorage), so concurrent loads never see each other's.
 */
export interface SynthSession {
  /** true: `synth()` records the app and writes nothing (commands that only need the Inventory). */
  readonly capture: boolean;
  readonly progress?: SynthProgress;
  /** Apps that called `synth()` in this session: captured, or synthesised successfully. */
  readonly apps: TerraformApp[];
}

/**
 * One store for every copy of this module in the process: a user's TypeScript stack in a CommonJS project (the cdktf
 * template's default) is loaded through tsx's require hook, which gives it its own copy of superpod, and its App must
 * still find the session of the CLI that loaded it.
 */
const shared = globalThis as unknown as Record<symbol, AsyncLocalStorage<SynthSession> | undefined>;
const STORE = Symbol.for('superpod.synth-sessions');
shared[STORE] ??= new AsyncLocalStorage<SynthSession>();
const sessions = shared[STORE];

/** The session of the running load, if any (a plain `tsx app.ts` has none: synth writes its output). */
export function currentSynthSession(): SynthSession | undefined {
  return sessions.getStore();
}

/** Runs `load` (which imports an app file) capturing each App instead of writing output; returns them in order. */
export async function captureApps(load: () => Promise<unknown>): Promise<TerraformApp[]> {
  const session: SynthSession = { capture: true, apps: [] };
  await sessions.run(session, load);
  return session.apps;
}

/** Runs `load` (which imports an app file or synthesises an app) and returns the apps that synthesised. */
export async function synthesizeApps(
  load: () => Promise<unknown> | unknown,
  progress?: SynthProgress,
): Promise<TerraformApp[]> {
  const session: SynthSession = { capture: false, apps: [], ...(progress ? { progress } : {}) };
  await sessions.run(session, async () => load());
  return session.apps;
}
