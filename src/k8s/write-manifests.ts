import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from './object.ts';
import { type KubernetesOutput, nodeLabelObjects } from './synthesize.ts';
import { toYaml } from './yaml.ts';

export const NODE_LABELS_FILE = '20-node-labels.yaml';

/** Multi-document YAML, one document per object, ready for `kubectl apply --server-side -f`. */
export function toYamlDocuments(objects: readonly KubeObject[]): string {
  return objects.map((o) => toYaml(o)).join('---\n');
}

/** Writes every manifest file and the node labels (as partial Node objects) into `dir`. */
export function writeManifests(dir: string, output: KubernetesOutput): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of output.files) fs.writeFileSync(path.join(dir, file.name), toYamlDocuments(file.objects));
  if (output.nodeLabels.length > 0)
    fs.writeFileSync(path.join(dir, NODE_LABELS_FILE), toYamlDocuments(nodeLabelObjects(output.nodeLabels)));
}
