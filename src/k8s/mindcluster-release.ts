/**
 * The MindCluster release the synthesised objects follow. MindCluster requires its components at one version: the
 * device-plugin image tag and the Volcano NPU plugin name both derive from it.
 */
export const MINDCLUSTER_VERSION = 'v26.1.0';

/** A container image as registry, repository and tag, each an input. */
export interface ImageParts {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/** The released Ascend device-plugin image on Huawei's public registry (MindCluster docs, `quick_start.md`). */
export const DEVICE_PLUGIN_IMAGE: ImageParts = {
  registry: 'swr.cn-south-1.myhuaweicloud.com',
  repository: 'ascendhub/ascend-k8sdeviceplugin',
  tag: MINDCLUSTER_VERSION,
};

/** `<registry>/<repository>:<tag>`: fully qualified, so kubelet never resolves it against docker.io. */
export function imageReference(parts: ImageParts): string {
  return `${parts.registry}/${parts.repository}:${parts.tag}`;
}

export const DEFAULT_DEVICE_PLUGIN_IMAGE = imageReference(DEVICE_PLUGIN_IMAGE);

/**
 * The Ascend NPU plugin as ascend-for-volcano registers it: `volcano-npu_<version>` (its `build.sh` dropped the
 * `_linux-<arch>` suffix in 2026-01; the docs still show it). An input, because the installed Volcano names it.
 */
export const DEFAULT_VOLCANO_NPU_PLUGIN = `volcano-npu_${MINDCLUSTER_VERSION}`;
