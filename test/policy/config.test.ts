/**
 * The policy config file on its own: where it is found, the label messages use, and the file:line:column each
 * error and each suppression points at, worked out by hand from the texts below.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findDefaultConfig, loadPolicyConfig, parsePolicyConfig, pointerToPath } from '../../src/policy/config.ts';
import { inputErrorOf } from '../helpers/errors.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-config-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const inputError = inputErrorOf;

describe('finding the config file', () => {
  it('takes .yaml before .yml before .json, and skips a directory of that name', () => {
    const dir = fs.mkdtempSync(path.join(work, 'find-'));
    expect(findDefaultConfig(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'superpod.policy.json'), '{}');
    expect(findDefaultConfig(dir)).toBe(path.join(dir, 'superpod.policy.json'));
    fs.writeFileSync(path.join(dir, 'superpod.policy.yml'), '');
    expect(findDefaultConfig(dir)).toBe(path.join(dir, 'superpod.policy.yml'));
    fs.mkdirSync(path.join(dir, 'superpod.policy.yaml'));
    expect(findDefaultConfig(dir)).toBe(path.join(dir, 'superpod.policy.yml'));
  });

  it('labels the file relative to the working directory, and says how to fix a missing one', () => {
    const file = path.join(process.cwd(), 'test', 'policy', 'fixtures', 'no-such-config.yaml');
    const missing = inputError(() => loadPolicyConfig(file));
    expect(missing.fix).toBe('pass an existing YAML or JSON file with --config, or leave --config out');
    const written = path.join(work, 'p.yaml');
    fs.writeFileSync(written, 'rules:\n  PHYS-003: off\n');
    const config = loadPolicyConfig(written);
    expect(config.file).toBe(path.relative(process.cwd(), written).split(path.sep).join('/'));
    expect(config.rules).toEqual({ 'PHYS-003': 'off' });
  });
});

describe('parsing', () => {
  it('reads an empty file as no settings', () => {
    const config = parsePolicyConfig('', 'p.yaml');
    expect([config.file, config.rules, config.suppressions, config.parameters]).toEqual([
      'p.yaml',
      undefined,
      undefined,
      undefined,
    ]);
    expect('suppressions' in config).toBe(false);
  });

  it('gives each suppression the line of its entry', () => {
    const config = parsePolicyConfig(
      'suppressions:\n  - rule: POWER-002\n    target: pod-a\n    reason: feed upgrade in March\n  - { rule: COOL-001, target: "**", reason: second CDU arrives }\n',
      'p.yaml',
    );
    expect(config.suppressions).toEqual([
      {
        rule: 'POWER-002',
        target: 'pod-a',
        reason: 'feed upgrade in March',
        source: { file: 'p.yaml', line: 2, column: 5 },
      },
      { rule: 'COOL-001', target: '**', reason: 'second CDU arrives', source: { file: 'p.yaml', line: 5, column: 5 } },
    ]);
  });

  it('says where the YAML breaks, on one line', () => {
    const error = inputError(() => parsePolicyConfig('rules:\n  PHYS-003: off\n  PHYS-003: error\n', 'p.yaml'));
    expect(error.where).toBe('p.yaml:3:3');
    expect(error.problem).toMatch(/^the policy config is not valid YAML or JSON: Map keys must be unique/);
    expect(error.problem).not.toContain('\n');
    expect(error.fix).toBe('fix the syntax at that line');
  });

  it('points a schema error at the bad key, the bad value, or the entry missing a field', () => {
    expect(inputError(() => parsePolicyConfig('packs:\n  include: [power]\n', 'p.yaml')).where).toBe('p.yaml:2:3');
    expect(inputError(() => parsePolicyConfig('packs:\n  exclude: [Power]\n', 'p.yaml')).where).toBe('p.yaml:2:13');
    expect(
      inputError(() =>
        parsePolicyConfig('suppressions:\n  - rule: POWER-002\n    reason: feed upgrade in March\n', 'p.yaml'),
      ).where,
    ).toBe('p.yaml:2:5');
    expect(inputError(() => parsePolicyConfig('parameters:\n  Power.x: 1\n', 'p.yaml')).where).toBe('p.yaml:2:3');
    expect(inputError(() => parsePolicyConfig('[1, 2]', 'p.json')).where).toBe('p.json:1:1');
  });
});

describe('pointerToPath', () => {
  it('splits a JSON pointer, unescapes ~1 and ~0, and reads indexes as numbers', () => {
    expect(pointerToPath('')).toEqual([]);
    expect(pointerToPath('/rules/POWER-002')).toEqual(['rules', 'POWER-002']);
    expect(pointerToPath('/suppressions/12/reason')).toEqual(['suppressions', 12, 'reason']);
    expect(pointerToPath('/parameters/a~1b~0c~01')).toEqual(['parameters', 'a/b~c~1']);
    expect(pointerToPath('/x/1a/a1')).toEqual(['x', '1a', 'a1']);
  });
});
