import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubernetesOutput } from '../../src/k8s/synthesize.ts';
import { NODE_LABELS_FILE, toYamlDocuments, writeManifests } from '../../src/k8s/write-manifests.ts';

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

const dirs: string[] = [];
const scratch = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superpod-manifests-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('manifest files', () => {
  it('joins objects as YAML documents separated by ---', () => {
    expect(toYamlDocuments([namespace('a'), namespace('b')])).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n',
    );
    expect(toYamlDocuments([])).toBe('');
  });

  it('writes one file per manifest file and the node labels as partial Node objects, creating the directory', () => {
    const dir = path.join(scratch(), 'nested', 'kubernetes');
    const output: KubernetesOutput = {
      files: [
        { name: '00-namespaces.yaml', stage: 'platform', objects: [namespace('ai')] },
        { name: '50-workloads.yaml', stage: 'workloads', objects: [namespace('x'), namespace('y')] },
      ],
      nodeLabels: [{ node: 'n-0', labels: { 'superpod.dev/rack': 'r0' } }],
    } as KubernetesOutput;
    writeManifests(dir, output);
    expect(fs.readdirSync(dir).sort()).toEqual(['00-namespaces.yaml', NODE_LABELS_FILE, '50-workloads.yaml']);
    expect(NODE_LABELS_FILE).toBe('20-node-labels.yaml');
    expect(fs.readFileSync(path.join(dir, '00-namespaces.yaml'), 'utf8')).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ai\n',
    );
    expect(fs.readFileSync(path.join(dir, '50-workloads.yaml'), 'utf8').split('---\n')).toHaveLength(2);
    expect(fs.readFileSync(path.join(dir, NODE_LABELS_FILE), 'utf8')).toBe(
      'apiVersion: v1\nkind: Node\nmetadata:\n  name: n-0\n  labels:\n    superpod.dev/rack: r0\n',
    );
  });

  it('writes no node-label file when no node has labels to apply', () => {
    const dir = scratch();
    writeManifests(dir, {
      files: [{ name: '00-namespaces.yaml', stage: 'platform', objects: [namespace('ai')] }],
      nodeLabels: [],
    } as KubernetesOutput);
    expect(fs.readdirSync(dir)).toEqual(['00-namespaces.yaml']);
  });
});
