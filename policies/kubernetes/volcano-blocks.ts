import { defineRule, fail, notApplicable, pass } from '../../src/policy/index.ts';

/** ra-block and sp-block are annotations of the Volcano Ascend plugin: the default kube-scheduler ignores them. */
export const volcanoBlocks = defineRule(import.meta.url, 'training-job', (job, context) => {
  if (job.raBlock === undefined && job.spBlock === undefined) return notApplicable();
  if (context.inventory.kubernetes.scheduler === 'volcano') return pass();
  const used = [job.raBlock !== undefined ? 'ra-block' : '', job.spBlock !== undefined ? 'sp-block' : ''].filter(
    Boolean,
  );
  const both = used.length > 1;
  return fail(
    `${used.join(' and ')} ${both ? 'need' : 'needs'} the Volcano scheduler, but the stack uses the default kube-scheduler, which ignores ${both ? 'them' : 'it'}`,
    { fix: "create the SuperPodStack with scheduler: 'volcano', or drop the block settings" },
  );
});
