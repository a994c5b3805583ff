import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_REPORT_FILE, apiReport } from '../../scripts/api-report.ts';

describe('public API report', () => {
  it('api/superpod.api.md matches the declarations of the entry points (else review and run npm run api-report)', () => {
    const committed = fs.readFileSync(API_REPORT_FILE, 'utf8');
    const current = apiReport();
    expect(current.split('\n')).toEqual(committed.split('\n'));
  }, 300_000);
});
