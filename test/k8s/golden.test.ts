import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allObjects, synthesizeKubernetes } from '../../src/k8s/synthesize.ts';
import { toYamlDocuments } from '../../src/k8s/write-manifests.ts';
import { InferenceService, jobProps, pdSlice, serviceProps, TrainingJob } from './fixtures.ts';

// Every object of a disaggregated slice with one inference service and one training job, compared with a reviewed
// manifest (test/k8s/golden/): a field that changes anywhere shows here as a diff to read, not on a cluster.
// After a deliberate change, review the new manifest and write it with SUPERPOD_WRITE_GOLDEN=1.

const GOLDEN = path.join(import.meta.dirname, 'golden');

function slice(scheduler: 'volcano' | 'default') {
  const { stack } = pdSlice({ scheduler });
  // without Volcano there are no queues to name
  const queue = scheduler === 'default' ? { queue: undefined } : {};
  new InferenceService(stack, 'ds', serviceProps(queue));
  new TrainingJob(stack, 'sft', jobProps(queue));
  return synthesizeKubernetes(stack.inventory());
}

function expectGolden(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.SUPERPOD_WRITE_GOLDEN === '1') fs.writeFileSync(file, text);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

describe('the Kubernetes objects of a disaggregated slice, whole', () => {
  it('with Volcano: files in apply order, their stages and Terraform for_each names', () => {
    const output = slice('volcano');
    expect(output.files.map((f) => [f.name, f.stage, f.forEach ?? '-', f.objects.length])).toEqual([
      ['00-namespaces.yaml', 'platform', '-', 4],
      ['00-rbac.yaml', 'platform', '-', 3],
      ['10-device-plugins.yaml', 'platform', '-', 1],
      ['15-dra-device-classes.yaml', 'platform', '-', 1],
      ['16-dra-resource-slices.yaml', 'platform', 'resource_slices', 2],
      ['30-volcano-scheduler.yaml', 'platform', '-', 1],
      ['40-volcano-queues.yaml', 'workloads', '-', 2],
      ['41-volcano-hypernodes.yaml', 'workloads', 'hypernodes', 2],
      ['50-workloads.yaml', 'workloads', '-', 9],
    ]);
    expect(output.nodeLabels.map((l) => l.node)).toHaveLength(10);
    expectGolden('pd-volcano.yaml', toYamlDocuments(allObjects(output)));
  });

  it('with the default scheduler: no Volcano files, plain Jobs and Deployments', () => {
    const output = slice('default');
    expect(output.files.map((f) => f.name)).toEqual([
      '00-namespaces.yaml',
      '00-rbac.yaml',
      '10-device-plugins.yaml',
      '15-dra-device-classes.yaml',
      '16-dra-resource-slices.yaml',
      '50-workloads.yaml',
    ]);
    expectGolden('pd-default.yaml', toYamlDocuments(allObjects(output)));
  });

  it('the Volcano training Job asks for 8 pods of 8 NPUs: WORLD_SIZE 64 and 8 GiB of /dev/shm per NPU', () => {
    const text = fs.readFileSync(path.join(GOLDEN, 'pd-volcano.yaml'), 'utf8');
    const job = text.split('---\n').find((d) => d.startsWith('apiVersion: batch.volcano.sh/v1alpha1\nkind: Job'))!;
    expect(job).toContain('          - name: WORLD_SIZE\n            value: "64"\n');
    expect(job).toContain('            sizeLimit: "64Gi"\n');
    expect(job).toContain('    replicas: 8\n    minAvailable: 8\n');
  });
});
