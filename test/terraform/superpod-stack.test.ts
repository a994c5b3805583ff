import { describe, expect, it } from 'vitest';
import { terraformSafe } from '../../src/terraform/superpod-stack.ts';

describe('Terraform output of workload objects', () => {
  it('escapes Terraform template sequences so literals reach the cluster as written', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'echo ${HOME} %{ if }', b: 'plain', 'k${x}': '$ {' },
    };
    expect(terraformSafe(object)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'echo $${HOME} %%{ if }', b: 'plain', 'k$${x}': '$ {' },
    });
  });
});
