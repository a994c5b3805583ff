import { describe, expect, it } from 'vitest';
import { ClusterError, type ClusterErrorKind } from '../../src/deploy/client.ts';
import { clusterProblem } from '../../src/deploy/errors.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

const client = { server: 'https://10.0.0.1:6443', contextName: 'lab' };
const queue = {
  apiVersion: 'scheduling.volcano.sh/v1beta1',
  kind: 'Queue',
  metadata: { name: 'decode', namespace: 'serving' },
} as KubeObject;

function problem(kind: ClusterErrorKind, status: number | undefined, message: string, object?: KubeObject) {
  const error = clusterProblem(new ClusterError(kind, status, message, object), client);
  expect(SuperpodInputError.is(error)).toBe(true);
  const { where, problem, fix } = error as SuperpodInputError;
  return { where, problem, fix };
}

// The one line each answer of the API server becomes (exit 2): the texts a user reads, written out by hand.
describe('clusterProblem', () => {
  it('names the object and says what to create on a 404', () => {
    expect(problem('not-found', 404, 'namespaces "serving" not found', queue)).toEqual({
      where: 'Queue/serving/decode',
      problem: 'the API server could not find what the object needs (404): namespaces "serving" not found',
      fix: 'create it first: the Volcano install creates volcano-system, the platform stage creates the workload namespaces',
    });
  });

  it('quotes the status and the validation message of a rejected object (422 and 400)', () => {
    expect(problem('invalid', 422, 'spec.weight: Invalid value: 0', queue)).toEqual({
      where: 'Queue/serving/decode',
      problem: 'the API server rejected the object (422): spec.weight: Invalid value: 0',
      fix: 'fix the stack (`superpod synth` writes the object to manifests/), or upgrade the cluster if it lacks the field',
    });
    expect(problem('invalid', 400, 'bad request', queue).problem).toBe(
      'the API server rejected the object (400): bad request',
    );
  });

  it('says the server failed, with its status or "no status", and to retry', () => {
    expect(problem('server', 503, 'etcdserver: leader changed', queue)).toEqual({
      where: 'Queue/serving/decode',
      problem: 'the API server failed (503): etcdserver: leader changed',
      fix: 'retry; if it persists, check the API server and its logs',
    });
    expect(problem('server', undefined, 'stream reset').problem).toBe(
      'the API server failed (no status): stream reset',
    );
    expect(problem('server', undefined, 'stream reset').where).toBe('https://10.0.0.1:6443');
  });

  it('points at the server for the connection and the credentials, naming the context', () => {
    expect(problem('unreachable', undefined, 'connect ECONNREFUSED', queue)).toEqual({
      where: 'https://10.0.0.1:6443',
      problem: 'cannot reach the Kubernetes API server: connect ECONNREFUSED',
      fix: 'check that the cluster is running and that --kubeconfig/--context (now "lab") point at it',
    });
    expect(problem('unauthorized', 401, 'Unauthorized')).toEqual({
      where: 'https://10.0.0.1:6443',
      problem: 'the API server did not accept the credentials of context "lab" (401 Unauthorized)',
      fix: 'refresh the token or certificate in the kubeconfig, or pick another --context',
    });
  });

  it('gives RBAC, conflict and missing-CRD advice at the object', () => {
    expect(problem('forbidden', 403, 'queues is forbidden', queue)).toEqual({
      where: 'Queue/serving/decode',
      problem: 'the API server denied the request (403 Forbidden): queues is forbidden',
      fix: 'grant the verb to the user of context "lab" with RBAC, or use a --context that has it',
    });
    expect(problem('conflict', 409, 'conflict with "kubectl"', queue).problem).toBe(
      'server-side apply conflict (409): conflict with "kubectl"',
    );
    expect(problem('not-served', 404, 'the cluster does not serve Queue; install its CRDs first', queue)).toEqual({
      where: 'Queue/serving/decode',
      problem: 'the cluster does not serve Queue',
      fix: 'install the CRDs first (Volcano, LeaderWorkerSet), or act on the platform only with --stage platform',
    });
  });

  it('passes any other error through untouched', () => {
    const other = new RangeError('not ours');
    expect(clusterProblem(other, client)).toBe(other);
  });
});
