import type { Command } from '../command.ts';

export const command: Command = {
  name: 'synth',
  summary: 'synthesise Kubernetes manifests and Terraform JSON into cdktf.out/',
  usage: 'superpod synth',
  async run() {
    throw new Error('synth is being written');
  },
};
