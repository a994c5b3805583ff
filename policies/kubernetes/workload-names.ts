import { isDnsLabel } from '../../src/inventory/kubernetes-names.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

/** Workload names and namespaces become object names and namespaces: DNS-1123 labels. */
export const workloadNames = defineRule(import.meta.url, 'workload', (workload) => {
  const problems: string[] = [];
  if (!isDnsLabel(workload.name)) problems.push(`name "${workload.name}"`);
  if (!isDnsLabel(workload.namespace)) problems.push(`namespace "${workload.namespace}"`);
  if (problems.length === 0) return pass();
  return fail(
    `${problems.join(' and ')} ${problems.length === 1 ? 'is not a DNS-1123 label' : 'are not DNS-1123 labels'} (lower-case letters, digits and "-", at most 63 characters)`,
    {
      fix: 'rename to a DNS-1123 label, e.g. "llama-70b-chat"',
    },
  );
});
