import type { CduInfo } from '../facility/index.ts';
import type {
  InferenceServiceInfo,
  Inventory,
  NodeInfo,
  NodePoolInfo,
  RackInfo,
  RecommendationServiceInfo,
  SuperClusterInfo,
  SuperPodInfo,
  TrainingJobInfo,
  WorkloadInfo,
} from '../inventory/types.ts';
import type { ServicePredictions } from '../perf/predictions.ts';
import type { SourceLocation } from '../source-location.ts';
import type { InventoryIndex } from './inventory-index.ts';

/** How much a finding matters: errors fail `check` and `synth`, warnings fail with `--fail-on warning`, info never. */
export type Level = 'error' | 'warning' | 'info';
export const LEVELS: readonly Level[] = ['error', 'warning', 'info'];

export type { CduInfo } from '../facility/index.ts';

/** The kinds of things a rule can apply to, and the data it then receives. */
export interface ElementTypes {
  readonly stack: Inventory;
  readonly 'super-cluster': SuperClusterInfo;
  readonly superpod: SuperPodInfo;
  readonly rack: RackInfo;
  readonly node: NodeInfo;
  readonly 'node-pool': NodePoolInfo;
  readonly cdu: CduInfo;
  readonly 'inference-service': InferenceServiceInfo;
  readonly 'recommendation-service': RecommendationServiceInfo;
  readonly 'training-job': TrainingJobInfo;
  /** Inference services, recommendation services and training jobs alike. */
  readonly workload: WorkloadInfo;
}
export type ElementKind = keyof ElementTypes;

/**
 * What a finding is about: the element's inventory id and construct path, where it was created, and how to show it.
 * Elements that are not constructs (a CDU, a node pool) name the inventory elements they stand for in `within`.
 */
export interface Subject {
  readonly kind: ElementKind;
  /** Inventory id (`pod-a/rack-07`); `cdu:<id>` and `pool:<name>` for the derived elements; '' for the stack. */
  readonly id: string;
  /** Full construct path (`pd-slice/pod-a/rack-07`). */
  readonly path: string;
  /** `rack pod-a/rack-07`: the words messages start with. */
  readonly label: string;
  readonly source?: SourceLocation;
  /** Inventory ids this derived element stands for (a CDU's racks, a pool's nodes). */
  readonly within?: readonly string[];
}

/** Another element a finding points at (SARIF related locations): the nodes of an overloaded rack, a CDU's racks. */
export interface Related {
  readonly id: string;
  readonly label: string;
  readonly source?: SourceLocation;
}

/** A figure a finding carries for machines (JSON, SARIF properties): watts, bytes, counts, ids. */
export type FindingData = Readonly<Record<string, number | string | boolean>>;

/** The element complies with the rule. */
export interface Compliant {
  readonly status: 'pass';
}
/** The rule has nothing to say about this element (an N+1 rule on a single-feed rack). */
export interface NotApplicable {
  readonly status: 'not-applicable';
}
/** The rule applies but cannot be decided: an input is missing. Shown in every report, never silently passed. */
export interface NotEvaluated {
  readonly status: 'not-evaluated';
  readonly reason: string;
}
/** The element breaks the rule. */
export interface Violation {
  readonly status: 'fail';
  /** What is wrong, with the numbers: `138.4 kW exceeds the 800 VDC feed's derated 120.0 kW (150 kW x 80%)`. */
  readonly message: string;
  /** What to do about this case: `remove 2 nodes or raise the feed`. Defaults to the pack's fix. */
  readonly fix?: string;
  readonly data?: FindingData;
  readonly related?: readonly Related[];
}
export type Verdict = Compliant | NotApplicable | NotEvaluated | Violation;

/** What a rule can read besides its element: the whole inventory, indexes over it and the pack parameters. */
export interface RuleContext {
  readonly inventory: Inventory;
  readonly index: InventoryIndex;
  /** A pack parameter (config file `parameters:`, else the pack's default). Throws for an undeclared key. */
  param<T = unknown>(key: string): T;
  /** The performance model's prediction of each inference and recommendation service, computed once per run (or synth). */
  readonly predictions: ServicePredictions;
}

/**
 * A rule: one pure function from an element to a verdict, cdk-nag style. It knows nothing of ids, levels or
 * wording of titles; a pack wires those.
 */
export interface Rule<K extends ElementKind = ElementKind> {
  /** Name of the function, from its file (`rackItLoad`); shown in the rule documentation. */
  readonly name: string;
  readonly appliesTo: K;
  check(element: ElementTypes[K], context: RuleContext): Verdict;
}

/** A declared pack parameter: a threshold or setting rules read with `context.param(key)`. */
export interface ParameterSpec {
  readonly description: string;
  /** JSON Schema of the value; the config file is validated against it with ajv. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Value used when the config file does not set it; `undefined` means "not set" (rules then skip what needs it). */
  readonly default?: unknown;
}

/** A rule as a pack wires it: id, level, title, explanation and fix. */
export interface PackRule {
  /** `POWER-002`: upper-case prefix, dash, three digits. */
  readonly id: string;
  readonly level: Level;
  /** One line: what compliance means (`Rack IT load within the derated supply`). */
  readonly title: string;
  /** Why the rule exists and how it computes (SARIF fullDescription, at most 1,024 characters). */
  readonly explanation: string;
  /** The general remedy (SARIF help); a violation may give a specific one. */
  readonly fix: string;
  readonly rule: Rule<ElementKind>;
}

/** A set of rules with the parameters they read (`power`, `cooling`, or a user's own). */
export interface Pack {
  /** Lower-case name, used in `packs.exclude` of the config file and in SARIF tags. */
  readonly name: string;
  readonly description: string;
  readonly rules: readonly PackRule[];
  readonly parameters?: Readonly<Record<string, ParameterSpec>>;
}

/** Where a suppression came from: the construct tree (`Suppressions.of(x).add`) or the policy config file. */
export type SuppressionOrigin = 'construct' | 'config';

/** A suppression as the reports list it, with how many findings it matched. */
export interface SuppressionRecord {
  readonly ruleId: string;
  /** Inventory id (construct tree) or id pattern with `*` / `**` (config file). */
  readonly target: string;
  readonly reason: string;
  readonly origin: SuppressionOrigin;
  readonly source?: SourceLocation;
  /** Findings it suppressed. */
  readonly matched: number;
  /** `unknown-rule`: no loaded rule has this id (a typo, or a pack that is not loaded); `disabled`: the rule is off. */
  readonly status: 'used' | 'unused' | 'unknown-rule' | 'disabled';
}

/** The suppression that silenced a finding. */
export interface AppliedSuppression {
  readonly reason: string;
  readonly origin: SuppressionOrigin;
  readonly target: string;
  readonly source?: SourceLocation;
}

/** One violation of one rule by one element. */
export interface Finding {
  readonly ruleId: string;
  readonly pack: string;
  readonly level: Level;
  readonly subject: Subject;
  readonly message: string;
  readonly fix: string;
  readonly data?: FindingData;
  readonly related?: readonly Related[];
  /** The file:line the element (or its nearest located ancestor) was created at. */
  readonly location?: SourceLocation;
  /** Present when a suppression silenced the finding; suppressed findings never fail a run. */
  readonly suppressed?: AppliedSuppression;
  /** Stable across runs and line moves: hash of rule id, construct path and element id (SARIF partialFingerprints). */
  readonly fingerprint: string;
}

/** What one rule said about one element (the JUnit test cases). Not-applicable pairs are left out. */
export interface Evaluation {
  readonly ruleId: string;
  readonly subject: Subject;
  readonly status: 'pass' | 'fail' | 'suppressed' | 'not-evaluated';
  /** Why it was not evaluated. */
  readonly reason?: string;
  /** Index into `findings` for fail and suppressed. */
  readonly finding?: number;
}

/** A rule as the reports describe it. */
export interface RuleDescriptor {
  readonly id: string;
  readonly pack: string;
  /** Effective level after the config file. */
  readonly level: Level;
  readonly defaultLevel: Level;
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
  readonly appliesTo: ElementKind;
  /** Name of the rule function. */
  readonly function: string;
}

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly passed: number;
  readonly notEvaluated: number;
  /** Rule x element pairs evaluated (pass, fail, suppressed, not evaluated). */
  readonly checks: number;
}

/** Everything a check run found, in a stable order; the formatters render it. */
export interface CheckReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'superpod'; readonly version: string };
  readonly stack: string;
  readonly packs: readonly string[];
  readonly rules: readonly RuleDescriptor[];
  readonly findings: readonly Finding[];
  readonly evaluations: readonly Evaluation[];
  readonly suppressions: readonly SuppressionRecord[];
  readonly summary: CheckSummary;
}
