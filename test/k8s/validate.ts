import fs from 'node:fs';
import path from 'node:path';
import * as clientNode from '@kubernetes/client-node';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/k8s/object.ts';
import { repoRoot } from '../helpers/cli.ts';
import { validateKubeObject } from '../helpers/validate-k8s.ts';

/**
 * Validation of every object superpod emits: built-in and DRA kinds with kubernetes-models (the Kubernetes OpenAPI
 * schema), custom resources against the published CRD schemas vendored in `test/vendor/crds/` (see its PROVENANCE.md). CRD schemas are structural: Kubernetes prunes (or, with strict field validation,
 * rejects) fields a schema does not declare, so unknown fields are errors here too.
 */
export const CRD_DIR = path.resolve(repoRoot, 'test/vendor/crds');

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction<unknown>>();
const loadedFiles = new Set<string>();

/** CRD files by API group, from their names (`<group>_<plural>.yaml`), so only the files an object needs are parsed. */
function crdFiles(): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const file of fs
    .readdirSync(CRD_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const group = file.split('_')[0]!;
    byGroup.set(group, [...(byGroup.get(group) ?? []), file]);
  }
  return byGroup;
}

function validatorFor(apiVersion: string, kind: string): ValidateFunction<unknown> | undefined {
  const key = `${apiVersion}/${kind}`;
  const group = apiVersion.split('/')[0]!;
  for (const file of crdFiles().get(group) ?? []) {
    if (validators.has(key)) break;
    if (loadedFiles.has(file)) continue;
    loadedFiles.add(file);
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
    }
    const crd = parse(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'));
    for (const version of crd.spec.versions) {
      const schema = closeObjects(structuredClone(version.schema.openAPIV3Schema));
      validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
  return validators.get(key);
}

/** Declared-only fields: every object schema with properties and no escape hatch gets `additionalProperties: false`. */
function closeObjects(schema: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const s = node as Record<string, unknown>;
    if (s.properties && s.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) {
      s.additionalProperties = false;
    }
    for (const value of Object.values(s)) walk(value);
  };
  walk(schema);
  return schema;
}

/** Whether an API group is one of the CRDs' (Volcano, LeaderWorkerSet). */
export function isCustomGroup(apiVersion: string): boolean {
  return crdFiles().has(apiVersion.split('/')[0]!);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates one custom resource against its CRD; throws with every schema error. */
export function validateCustomResource(object: KubeObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const validate = validatorFor(object.apiVersion, object.kind);
  if (!validate) throw new Error(`no CRD in ${CRD_DIR} defines ${key}`);
  if (!validate(object as unknown)) {
    const errors = (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`,
    );
    throw new Error(`${key} ${object.metadata.name}: ${errors.join('; ')}`);
  }
  const name = object.metadata.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name))
    throw new Error(`${key} ${name}: metadata.name is not a DNS subdomain`);
  celRules(object);
}

/** The CEL rules (`x-kubernetes-validations`) of the CRDs, which a JSON Schema validator cannot run. */
function celRules(object: KubeObject): void {
  if (object.kind !== 'HyperNode') return;
  const members = (object.spec as { members?: Array<{ selector?: Record<string, unknown> }> })?.members ?? [];
  for (const [i, member] of members.entries()) {
    const set = ['exactMatch', 'regexMatch', 'labelMatch'].filter((k) => member.selector?.[k] !== undefined);
    if (set.length !== 1)
      throw new Error(
        `HyperNode ${object.metadata.name}: members[${i}].selector needs exactly one of exactMatch, regexMatch, labelMatch`,
      );
  }
}

type ModelClass = { getAttributeTypeMap(): Array<{ name: string; baseName: string; type: string }> };
const models = clientNode as unknown as Record<string, ModelClass | undefined>;

/**
 * Fields of a built-in object that the Kubernetes API does not define. kubernetes-models checks types and required
 * fields but lets unknown fields through (the API server would drop or, under strict field validation, reject them);
 * the generated model classes of @kubernetes/client-node list every field, so a walk over them finds typos.
 */
export function unknownFields(object: KubeObject): string[] {
  const version = object.apiVersion.includes('/') ? object.apiVersion.split('/')[1]! : object.apiVersion;
  const root = `${version.charAt(0).toUpperCase()}${version.slice(1)}${object.kind}`;
  if (!models[root]) throw new Error(`@kubernetes/client-node has no model ${root}`);
  const found: string[] = [];
  const walk = (value: unknown, type: string, at: string) => {
    if (value === undefined || value === null) return;
    const array = /^Array<(.+)>$/.exec(type);
    if (array) {
      if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, array[1]!, `${at}[${i}]`);
      return;
    }
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, map[1]!, `${at}.${k}`);
      return;
    }
    const model = models[type];
    if (!model || typeof value !== 'object') return;
    const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const t = attributes.get(k);
      if (t === undefined) found.push(`${at}.${k}`.replace(/^\./, ''));
      else walk(v, t, `${at}.${k}`);
    }
  };
  const { apiVersion: _a, kind: _k, ...rest } = object;
  walk(rest, root, '');
  return found;
}

/** Validates any object superpod emits, choosing kubernetes-models or the CRD schema by its API group. */
export async function validateObject(object: KubeObject): Promise<void> {
  if (isCustomGroup(object.apiVersion)) {
    validateCustomResource(object);
    return;
  }
  await validateKubeObject(object);
  const unknown = unknownFields(object);
  if (unknown.length > 0)
    throw new Error(
      `${object.apiVersion}/${object.kind} ${object.metadata.name}: unknown fields ${unknown.join(', ')}`,
    );
}
