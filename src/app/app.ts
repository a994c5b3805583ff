import type { Inventory } from '../inventory/types.ts';
import { type StackReports, TerraformApp } from '../terraform/app.ts';
import { synthReports } from './synth-reports.ts';

/**
 * superpod's App: the cdktf App that synthesises Terraform JSON and manifests, with the policy checks and the capacity
 * report of each stack composed in. Errors of the checks fail the synth after every file is written, as cdk-nag fails
 * `cdk synth`.
 */
export class App extends TerraformApp {
  protected override stackReports(inventory: Inventory): StackReports {
    return synthReports(inventory);
  }
}
