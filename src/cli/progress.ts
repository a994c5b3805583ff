import type { CliIO } from './io.ts';

/** A one-line progress bar on stderr, redrawn at most every 100 ms; only for terminals (see CliIO.interactive). */
export class ProgressBar {
  private readonly io: CliIO;
  private last = 0;

  constructor(io: CliIO) {
    this.io = io;
  }

  update(label: string, done: number, total: number): void {
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const width = 30;
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    this.io.stderr(
      `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${label} ${Math.floor((100 * done) / Math.max(total, 1))} %`,
    );
  }

  clear(): void {
    this.io.stderr('\r\x1b[K');
  }
}
