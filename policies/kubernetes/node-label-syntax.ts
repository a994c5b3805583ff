import { labelKeyProblem, labelValueProblem } from '../../src/inventory/kubernetes-names.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

/** The labels a user adds to a node are valid Kubernetes label keys and values. */
export const nodeLabelSyntax = defineRule(import.meta.url, 'node', (node) => {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node.labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push(`label key "${key}": ${keyProblem}`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push(`label "${key}" value "${value}": ${valueProblem}`);
  }
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), { fix: 'fix the labels passed to the node' });
});
