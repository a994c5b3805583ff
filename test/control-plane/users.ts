/**
 * The users of a test control plane. Only the admin's rights come from its group (system:masters); the restricted
 * users' rights come from real RBAC objects, applied when the control plane starts.
 */
export const USERS = [
  { name: 'admin', groups: ['system:masters'] },
  /** Reads everything, writes nothing. */
  { name: 'viewer', groups: ['superpod-test'] },
  /** Writes the platform stage's kinds, reads everything: apply --stage all stops at the first workloads file. */
  { name: 'platform-deployer', groups: ['superpod-test'] },
] as const;

export type UserName = (typeof USERS)[number]['name'];

const WRITE = ['create', 'patch', 'update', 'delete'];

/** Platform-stage kinds by API group, as the platform deployer may write them. */
const PLATFORM_RESOURCES: ReadonlyArray<{ apiGroups: string[]; resources: string[] }> = [
  { apiGroups: [''], resources: ['namespaces', 'serviceaccounts', 'configmaps', 'nodes'] },
  { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'] },
  { apiGroups: ['apps'], resources: ['daemonsets'] },
  { apiGroups: ['resource.k8s.io'], resources: ['deviceclasses', 'resourceslices'] },
];

function clusterRole(name: string, rules: object[]) {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

function bindTo(role: string, user: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${role}-${user}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

export function testRbacObjects(): Array<Record<string, unknown>> {
  const readAll = { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] };
  return [
    clusterRole('superpod-test-read', [readAll]),
    bindTo('superpod-test-read', 'viewer'),
    clusterRole('superpod-test-platform', [
      readAll,
      ...PLATFORM_RESOURCES.map((r) => ({ ...r, verbs: WRITE })),
      // The device plugin's ClusterRole grants rights the deployer does not hold itself: RBAC refuses that
      // (privilege escalation) unless the deployer may escalate and bind.
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles', 'clusterrolebindings'],
        verbs: [...WRITE, 'escalate', 'bind'],
      },
    ]),
    bindTo('superpod-test-platform', 'platform-deployer'),
  ];
}
