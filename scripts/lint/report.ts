// The outputs of app-chart lint: text for people, JSON for tools (versioned, with a JSON schema), GitHub
// Actions workflow commands that annotate the pull request's files, and SARIF 2.1.0 for code scanning.
import type { JSONSchema7 } from 'json-schema';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { LintResult, ReportedFinding } from './index.ts';
import type { ShardRecord } from './shard.ts';
import type { RuleDoc } from './types.ts';

/** A chart as the reports name it (CheckedChart in deployment.ts); diff's report uses it too. */
export const checkedChartSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'digest', 'source'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    digest: {
      type: 'string',
      pattern: '^sha256:[0-9a-f]{64}$',
      description: "SHA-256 of the chart archive, or of the chart folder's files.",
    },
    source: {
      type: 'string',
      description: 'Where it came from and what named it (an ArgoCD Application, the config, the command line, or the default).',
    },
  },
};

export const REPORT_VERSION = 1;

export interface JsonReport {
  version: typeof REPORT_VERSION;
  tool: 'app-chart lint';
  summary: { errors: number; warnings: number; targets: number; cached: number };
  targets: LintResult['targets'];
  findings: (Omit<ReportedFinding, 'severity'> & { severity: 'error' | 'warning' })[];
  /** with --shard: what app-chart lint merge needs of this shard */
  shard?: ShardRecord;
}

/** Why lint stopped before it could report findings; every kind exits with status 2. */
export type LintErrorKind = 'usage' | 'config' | 'environment' | 'internal';

/** What `--format json` prints when lint cannot run to the end: no summary, so no reader mistakes it for a clean run. */
export interface JsonErrorReport {
  version: typeof REPORT_VERSION;
  tool: 'app-chart lint';
  error: { kind: LintErrorKind; message: string };
}

export function toJsonError(kind: LintErrorKind, message: string): JsonErrorReport {
  return { version: REPORT_VERSION, tool: 'app-chart lint', error: { kind, message } };
}

/** A GitHub Actions workflow command for an error that stopped lint. */
export const toGithubError = (message: string) => `::error title=${escapeProperty('app-chart lint')}::${escapeData(message)}\n`;

export function toJson(result: LintResult): JsonReport {
  return {
    version: REPORT_VERSION,
    tool: 'app-chart lint',
    summary: { errors: result.errors, warnings: result.warnings, targets: result.targets.length, cached: result.cached },
    targets: result.targets,
    findings: result.findings.map(({ repoFile: _, ...f }) => ({ ...f, severity: f.severity === 'error' ? 'error' : 'warning' })),
    ...(result.shard ? { shard: result.shard } : {}),
  };
}

const finding: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'severity', 'message', 'targets'],
  properties: {
    rule: { type: 'string', description: 'Rule id; docs/lint-rules.md describes each.' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    message: { type: 'string', description: 'What is wrong and how to fix it, in one line.' },
    file: { type: 'string', description: 'The values file, relative to the working directory.' },
    line: { type: 'integer', minimum: 1 },
    col: { type: 'integer', minimum: 1 },
    path: { type: 'string', description: 'The values path, e.g. customResourcesMap.tcp-route or deployment.envVariables[0].value.' },
    object: { type: 'string', description: 'Kind/name of the rendered object, for findings about one.' },
    targets: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Every app/env the finding was seen in.' },
  },
};

const findingsReport: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'tool', 'summary', 'targets', 'findings'],
  properties: {
    version: { const: REPORT_VERSION, description: 'Version of this shape; a change that breaks readers bumps it.' },
    tool: { const: 'app-chart lint' },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['errors', 'warnings', 'targets', 'cached'],
      properties: {
        errors: { type: 'integer', minimum: 0 },
        warnings: { type: 'integer', minimum: 0 },
        targets: { type: 'integer', minimum: 0, description: 'Apps × envs linted.' },
        cached: { type: 'integer', minimum: 0, description: 'Apps × envs whose results came from the cache.' },
      },
    },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['app', 'env', 'namespace', 'cached', 'rendered', 'chart'],
        properties: {
          app: { type: 'string' },
          env: { type: 'string' },
          namespace: { type: 'string' },
          cached: { type: 'boolean' },
          rendered: { type: 'boolean', description: 'false when the render failed or the files do not parse.' },
          chart: { ...checkedChartSchema, description: 'The chart the app × env was checked against.' },
        },
      },
    },
    findings: { type: 'array', items: finding },
    shard: {
      type: 'object',
      required: ['index', 'count', 'targets', 'configs', 'pathFindings', 'notes', 'rows'],
      description:
        'Only with --shard <index>/<count>: what app-chart lint merge needs of this shard. The findings above are those of the ' +
        "shard's app × envs, without the checks across apps, which the merge runs. Paths are relative to the folder lint ran in. " +
        'Written by lint for the merge: its inner shape may change with any version of app-chart; merge the reports of one version.',
      properties: {
        index: { type: 'integer', minimum: 1, description: 'Which shard, from 1.' },
        count: { type: 'integer', minimum: 1, description: 'How many shards the run was split into.' },
        targets: {
          type: 'array',
          description: 'Every app × env of the repo, in the order the shards split them: the same in every shard of one run.',
          items: {
            type: 'object',
            required: ['root', 'app', 'env'],
            properties: { root: { type: 'string' }, app: { type: 'string' }, env: { type: 'string' } },
          },
        },
        configs: {
          type: 'array',
          items: { type: 'object' },
          description: 'What the checks across apps and severities need of each repo config.',
        },
        pathFindings: {
          type: 'array',
          items: { type: 'object' },
          description: 'Findings about the paths given, before severities (every shard finds them alike).',
        },
        notes: { type: 'array', items: { type: 'string' } },
        rows: {
          type: 'array',
          items: { type: 'object' },
          description:
            "The shard's app × envs: findings before severities, the facts the checks across apps read, the chart checked against.",
        },
      },
    },
  },
};

const errorReport: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'tool', 'error'],
  description: 'Lint stopped before it could check the repo (exit status 2); there is no summary to mistake for a clean run.',
  properties: {
    version: { const: REPORT_VERSION },
    tool: { const: 'app-chart lint' },
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'message'],
      properties: {
        kind: {
          enum: ['usage', 'config', 'environment', 'internal'],
          description:
            'usage: the command line; config: app-chart.config.yaml; environment: Helm missing or not working, or an ' +
            'APP_CHART_* variable ' +
            'lint cannot use; internal: a fault of lint itself (please report it).',
        },
        message: { type: 'string', description: 'What went wrong and how to fix it.' },
      },
    },
  },
};

/** The schema of `app-chart lint --format json`; docs/lint-report.schema.json is generated from it. */
export const reportSchema: JSONSchema7 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'app-chart lint report (--format json)',
  description: 'The findings of a run that checked the repo, or the error that stopped it.',
  oneOf: [findingsReport, errorReport],
};

/** ANSI select graphic rendition codes. */
const SGR = { bold: 1, dim: 2, underline: 4, red: 31, green: 32, yellow: 33 } as const;

/** Text grouped by file; colour only when the stream is a terminal (and NO_COLOR is unset). */
export function toText(result: LintResult, colour: boolean): string {
  const paint = (style: keyof typeof SGR, text: string) => (colour ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
  const groups = new Map<string, ReportedFinding[]>();
  for (const f of result.findings) {
    const key = f.file ?? '(no file)';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [file, findings] of groups) {
    lines.push(paint('underline', file));
    for (const f of findings) {
      const where = f.line ? `${f.line}:${f.col}` : '';
      const severity = f.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
      const path = f.path ? `${paint('bold', f.path)}: ` : '';
      const targets = paint('dim', ` (${f.targets.join(', ')})`);
      lines.push(`  ${where.padEnd(7)} ${severity}  ${path}${f.message}  ${paint('dim', f.rule)}${targets}`);
    }
    lines.push('');
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary =
    `${count(result.errors, 'error')}, ${count(result.warnings, 'warning')} in ${count(result.targets.length, 'app × env')}` +
    (result.cached ? ` (${result.cached} from cache)` : '');
  lines.push(
    result.errors ? paint('red', `✖ ${summary}`) : result.warnings ? paint('yellow', `⚠ ${summary}`) : paint('green', `✔ ${summary}`),
  );
  const charts = new Map<string, number>();
  for (const { chart } of result.targets) {
    const label = `chart ${chart.name} ${chart.version}: ${chart.source}`;
    charts.set(label, (charts.get(label) ?? 0) + 1);
  }
  for (const [label, n] of charts) lines.push(paint('dim', charts.size > 1 ? `${label} (${count(n, 'app × env')})` : label));
  return `${lines.join('\n')}\n`;
}

const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A path as CI tools want it: relative to the repo root, with "/" between folders. */
const ciPath = (f: ReportedFinding) => (f.repoFile ?? f.file)?.split(/[\\/]/).join('/');

/** GitHub Actions workflow commands: one ::error or ::warning line per finding, its file relative to the repo root. */
export function toGithub(result: LintResult): string {
  return result.findings
    .map((f) => {
      const file = ciPath(f);
      const props = [
        ...(file ? [`file=${escapeProperty(file)}`] : []),
        ...(f.line ? [`line=${f.line}`, `col=${f.col}`] : []),
        `title=${escapeProperty(`app-chart lint: ${f.rule}`)}`,
      ];
      const text = `${f.path ? `${f.path}: ` : ''}${f.message} (${f.targets.join(', ')})`;
      return `::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(text)}\n`;
    })
    .join('');
}

/**
 * SARIF 2.1.0, for code scanning dashboards (github/codeql-action/upload-sarif and others): the rules that
 * found something, and one result per finding, located relative to the repo root.
 */
export function toSarif(result: LintResult, rules: RuleDoc[], version: string): Log {
  const used = rules.filter((r) => result.findings.some((f) => f.rule === r.id));
  const index = new Map(used.map((r, i) => [r.id, i]));
  const descriptors: ReportingDescriptor[] = used.map((r) => ({
    id: r.id,
    shortDescription: { text: r.summary },
    fullDescription: { text: r.why },
    help: { text: r.fix },
    defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' },
    properties: { tags: [r.family] },
  }));
  const results: Result[] = result.findings.map((f) => {
    const file = ciPath(f);
    return {
      ruleId: f.rule,
      ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: `${f.path ? `${f.path}: ` : ''}${f.message} (${f.targets.join(', ')})` },
      ...(file
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                  ...(f.line ? { region: { startLine: f.line, startColumn: f.col ?? 1 } } : {}),
                },
              },
            ],
          }
        : {}),
      properties: { targets: f.targets, ...(f.object ? { object: f.object } : {}) },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'app-chart lint', version, semanticVersion: version, rules: descriptors } }, results }],
  };
}

/** A SARIF log for a lint that could not run to the end: no results, and the error as a failed invocation. */
export function toSarifError(message: string, version: string): Log {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'app-chart lint', version, semanticVersion: version } },
        invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: message } }] }],
        results: [],
      },
    ],
  };
}
