import { SuperpodInputError } from '../errors.ts';

/** The flags naming what a command reads: a TypeScript app (--app) or a YAML/JSON cluster spec (-f). */
export const sourceFlags = { app: { type: 'string' }, file: { type: 'string', short: 'f' } } as const;

/** `sourceFlags` plus --stack, for commands that read one stack of the app. */
export const stackFlags = { ...sourceFlags, stack: { type: 'string' } } as const;

/** The app or spec file a command reads (undefined: the embedded reference stack); --app and -f are exclusive. */
export function sourceFile(command: string, values: { app?: string; file?: string }): string | undefined {
  if (values.app !== undefined && values.file !== undefined) {
    throw new SuperpodInputError({
      where: `superpod ${command}`,
      problem: '--app and -f are exclusive',
      fix: 'pass a TypeScript app with --app or a spec with -f, not both',
    });
  }
  return values.file ?? values.app;
}
