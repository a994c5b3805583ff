import { SuperpodInputError } from '../errors.ts';
import { objectKey } from '../k8s/object.ts';
import { ClusterError } from './client.ts';

/**
 * A failed cluster request as the one-line input error every command prints (exit 2): where (the server or the
 * object), what the API server said, and what to do about it.
 */
export function clusterProblem(error: unknown, client: { server: string; contextName: string }): unknown {
  if (!(error instanceof ClusterError)) return error;
  const where = error.object ? objectKey(error.object) : client.server;
  switch (error.kind) {
    case 'unreachable':
      return new SuperpodInputError({
        where: client.server,
        problem: `cannot reach the Kubernetes API server: ${error.message}`,
        fix: `check that the cluster is running and that --kubeconfig/--context (now "${client.contextName}") point at it`,
      });
    case 'unauthorized':
      return new SuperpodInputError({
        where: client.server,
        problem: `the API server did not accept the credentials of context "${client.contextName}" (401 Unauthorized)`,
        fix: 'refresh the token or certificate in the kubeconfig, or pick another --context',
      });
    case 'forbidden':
      return new SuperpodInputError({
        where,
        problem: `the API server denied the request (403 Forbidden): ${error.message}`,
        fix: `grant the verb to the user of context "${client.contextName}" with RBAC, or use a --context that has it`,
      });
    case 'conflict':
      return new SuperpodInputError({
        where,
        problem: `server-side apply conflict (409): ${error.message}`,
        fix: 'another field manager owns these fields: re-run with --force-conflicts to take them over, or drop them from the stack',
      });
    case 'not-served':
      return new SuperpodInputError({
        where,
        // Stryker disable next-line Regex: the message is one line, so ending at $ or anywhere is the same
        problem: error.message.replace(/;.*$/, ''),
        fix: 'install the CRDs first (Volcano, LeaderWorkerSet), or act on the platform only with --stage platform',
      });
    case 'not-found':
      return new SuperpodInputError({
        where,
        problem: `the API server could not find what the object needs (404): ${error.message}`,
        fix: 'create it first: the Volcano install creates volcano-system, the platform stage creates the workload namespaces',
      });
    case 'invalid':
      return new SuperpodInputError({
        where,
        problem: `the API server rejected the object (${error.status}): ${error.message}`,
        fix: 'fix the stack (`superpod synth` writes the object to manifests/), or upgrade the cluster if it lacks the field',
      });
    default:
      return new SuperpodInputError({
        where,
        problem: `the API server failed (${error.status ?? 'no status'}): ${error.message}`,
        fix: 'retry; if it persists, check the API server and its logs',
      });
  }
}
