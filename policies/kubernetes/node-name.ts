import { isDnsSubdomain } from '../../src/inventory/kubernetes-names.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

/** Kubernetes node names are DNS-1123 subdomains. */
export const nodeName = defineRule(import.meta.url, 'node', (node) => {
  if (isDnsSubdomain(node.name)) return pass();
  return fail(
    `node name "${node.name}" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)`,
    {
      fix: 'set nodeName to a valid name such as "pod-a-rack-01-dt-0"',
    },
  );
});
