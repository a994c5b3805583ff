import path from 'node:path';
import { builtInPacks } from '../../../policies/index.ts';
import { policyConfig } from '../../app/checks.ts';
import { DEFAULT_APP_FILE, loadInventory } from '../../app/load-stack.ts';
import { loadUserPacks } from '../../app/user-packs.ts';
import {
  failingFindings,
  findingLine,
  formatReport,
  type Pack,
  REPORT_FORMATS,
  runChecks,
  summaryLine,
} from '../../policy/index.ts';
import { formatLocation } from '../../source-location.ts';
import { booleanFlags, choiceFlag, listFlags, outputFlag, stringFlags } from '../args.ts';
import { defineCommand } from '../command.ts';
import { ExitCode } from '../io.ts';
import { sourceFile, stackFlags } from '../stack-source.ts';
import { writeFileAtomically } from '../write-output.ts';

const usage = `Usage: superpod check [--app <file> | -f <spec.yaml>] [--stack <id>] [--config <file>]
                      [--format text|json|sarif|junit|markdown] [--out <file>] [--fail-on error|warning]
                      [--pack <module.ts>]... [--list-rules]

Checks a stack against the policy packs (power, cooling, memory, fabric, physical, kubernetes, slo) and reports
the findings, each with its rule id, the element's construct path and the file:line that created it.
Exit codes: 0 nothing at the fail level, 1 findings at the fail level, 2 bad usage or input.

Options:
  --app <file>       TypeScript file that builds the App (default: the embedded reference stack)
  -f, --file <spec>  a YAML or JSON cluster spec instead of a TypeScript app
  --stack <id>       the stack to check when the app has several
  --config <file>    policy config (YAML/JSON: rules, parameters, suppressions; default: superpod.policy.yaml,
                     .yml or .json in the working directory, when present)
  --format <f>       text (default), json, sarif (GitHub code scanning), junit or markdown (pull-request comment)
  --out <file>       write the report to a file and print the summary line
  --fail-on <level>  error (default) or warning: the lowest level that makes the check fail
  --pack <module>    also run a pack of your own: a TypeScript module exporting a Pack (default export, \`pack\` or
                     \`packs\`), built with definePack/defineRule from superpod's policy API; repeatable
  --list-rules       print the rules and parameters of the packs and exit`;

export const command = defineCommand('check', usage, {
  options: {
    ...stackFlags,
    ...stringFlags('config', 'format', 'out', 'fail-on'),
    ...listFlags('pack'),
    ...booleanFlags('list-rules'),
  },
  async run({ values }, io) {
    const format = choiceFlag('check', 'format', values.format, REPORT_FORMATS, 'text');
    const failOn = choiceFlag('check', 'fail-on', values['fail-on'], ['error', 'warning'], 'error');
    sourceFile('check', values);
    outputFlag('check', values.out, 'file', 'reports/policy.sarif');
    const packs = [...builtInPacks, ...(await loadUserPacks(values.pack ?? []))];
    if (values['list-rules']) {
      io.stdout(listRules(packs));
      return ExitCode.ok;
    }
    const config = policyConfig(values.config);
    const source = values.file ?? values.app;
    // Built from the construct tree alone, without Kubernetes synthesis, so problems the synthesiser would stop at (a
    // rack overrun, an NPU request the scheduler cannot place) come out as findings with their rule id.
    const inventory = await loadInventory(values.file ?? values.app, values.stack);
    const appFile = path
      .relative(process.cwd(), source ?? DEFAULT_APP_FILE)
      .split(path.sep)
      .join('/');
    const report = runChecks(inventory, {
      packs,
      ...(config ? { config } : {}),
      fallbackLocation: { file: appFile, line: 1, column: 1 },
    });
    const output = formatReport(report, format, { failOn });
    const failing = failingFindings(report, failOn);
    if (values.out !== undefined) {
      writeFileAtomically(values.out, output, '--out');
      io.stdout(`${report.stack}: ${summaryLine(report)} -> ${values.out}\n`);
    } else {
      io.stdout(output);
    }
    // Machine formats on stdout or a report in a file: the log still shows what failed.
    if (failing.length > 0 && (format !== 'text' || values.out !== undefined)) {
      for (const f of failing)
        io.stderr(`${f.level} ${findingLine(f)} (${formatLocation(f.location) ?? f.subject.path})\n`);
    }
    return failing.length > 0 ? ExitCode.findings : ExitCode.ok;
  },
});

function listRules(packs: readonly Pack[]): string {
  const lines: string[] = [];
  for (const pack of packs) {
    lines.push(`${pack.name}: ${pack.description}`);
    for (const rule of pack.rules) {
      lines.push(`  ${rule.id.padEnd(10)} ${rule.level.padEnd(8)} ${rule.rule.appliesTo.padEnd(18)} ${rule.title}`);
    }
    for (const [key, spec] of Object.entries(pack.parameters ?? {})) {
      const value = spec.default === undefined ? 'unset' : JSON.stringify(spec.default);
      lines.push(`  parameter ${key} = ${value}: ${spec.description}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
