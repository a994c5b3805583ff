import { isDnsLabel } from '../../src/inventory/kubernetes-names.ts';
import { defineRule, fail, pass } from '../../src/policy/index.ts';

/** The device plugin namespace is a DNS-1123 label and its image a plain reference. */
export const clusterSettings = defineRule(import.meta.url, 'stack', (inventory) => {
  const { devicePluginNamespace, devicePluginImage } = inventory.kubernetes;
  const problems: string[] = [];
  if (!isDnsLabel(devicePluginNamespace))
    problems.push(`device plugin namespace "${devicePluginNamespace}" is not a DNS-1123 label`);
  if (devicePluginImage.trim() === '' || /\s/.test(devicePluginImage))
    problems.push(`device plugin image "${devicePluginImage}" is not an image reference`);
  if (problems.length === 0) return pass();
  return fail(problems.join('; '), { fix: 'fix devicePluginNamespace / devicePluginImage on the SuperPodStack' });
});
