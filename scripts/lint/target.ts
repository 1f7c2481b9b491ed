// Lints one app × env: its files, its merged values, its render and the rendered objects.
import { resolve } from 'node:path';
import { validateObject } from '../models.ts';
import { checkNames, NameError, RenderError, type RenderRequest } from '../render.ts';
import type { ValuesPath } from '../values-path.ts';
import type { Target } from './discover.ts';
import { factsShape, gatherFacts, type Facts } from './facts.ts';
import { chartDefaults, coalesce, mergeFiles, type Values } from './merge.ts';
import { locatePath } from './positions.ts';
import { locateField, parseEntryLabel, parseRender, type RenderedObject } from './rendered.ts';
import { RULES } from './rules/index.ts';
import { invalidName, modelInvalid, modelMissing, modelUnknownField, renderFailed } from './rules/render.ts';
import { report, type ObjectsContext, type ValuesContext } from './rules/rule.ts';
import { valuesSchema } from './rules/values.ts';
import { inputLimit } from './rules/yaml.ts';
import { checkFileSchema, checkMergedSchema } from './values-schema.ts';
import { boolean, list, number, object, string, valuesPath } from './shape.ts';
import type { Finding, Location, TargetFinding } from './types.ts';
import type { ParsedFile } from './yaml.ts';

export type RenderFn = (request: RenderRequest) => Promise<string>;

export interface TargetResult {
  app: string;
  env: string;
  namespace: string;
  findings: TargetFinding[];
  facts?: Facts;
  /** false when the render failed or was not attempted (the files do not parse) */
  rendered: boolean;
}

const knownRule = (v: unknown) => typeof v === 'string' && RULES.some((rule) => rule.id === v);
export const findingShape = object(
  { rule: knownRule, message: string },
  { file: string, line: number, col: number, path: valuesPath, object: string, root: string, app: string, env: string },
);

/** The shape of a TargetResult, to check one read back from the cache. */
export const targetResultShape = object(
  { app: string, env: string, namespace: string, findings: list(findingShape), rendered: boolean },
  { facts: factsShape },
);

export interface TargetInput {
  target: Target;
  /** parsed app files, in Helm's order */
  files: ParsedFile[];
  /** platform values files as Helm gets them (config values written to a file, then config files) */
  platformFiles: string[];
  platformParsed: ParsedFile[];
  render: RenderFn;
  /** the folder of the chart the app × env deploys */
  chartDir: string;
}

/** "spec.routes[0].services[0]" or '(root)' at the start of a model message -> the path and the rest. */
export function splitModelMessage(message: string): { path: ValuesPath; rest: string } {
  if (message.startsWith('(root): ')) return { path: [], rest: message.slice(8) };
  const path: ValuesPath = [];
  let i = 0;
  const token = /^(?:([A-Za-z_$][\w$-]*)|\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  for (;;) {
    const m = token.exec(message.slice(i));
    if (!m || (m[1] !== undefined && i > 0)) break;
    path.push(m[1] ?? m[2] ?? (m[3] !== undefined ? Number(m[3]) : (JSON.parse(m[4]) as string)));
    i += m[0].length;
  }
  return message.slice(i, i + 2) === ': ' ? { path, rest: message.slice(i + 2) } : { path: [], rest: message };
}

/**
 * RenderError text (already explained with file:line:col) -> findings: one per problem of a schema refusal, else
 * one for the whole error, its lines after the first (a message a chart's `fail` wrote over several lines) kept.
 */
function renderFindings(message: string, envFile: string): Finding[] {
  const lines = message.split('\n').filter((l) => l.trim());
  const schema = /^values do not match the chart's schema/.test(lines[0] ?? '');
  const findings: Finding[] = [];
  const rest = schema ? [] : lines.slice(1).map((l) => l.trim());
  for (const line of schema ? lines.slice(1) : lines) {
    const m = /^\s*(.+?):(\d+):(\d+): (.*)$/.exec(line);
    const text = [m ? m[4] : line.trim(), ...rest].join(' ');
    const entry = parseEntryLabel(/^(customResources\[\d+\]|customResourcesMap\.[^\s:(]+)/.exec(text)?.[1] ?? '');
    const where = { ...(m ? { file: resolve(m[1]), line: Number(m[2]), col: Number(m[3]) } : { file: envFile }), path: entry?.path };
    const data = { explanation: text };
    findings.push(schema ? report(valuesSchema, 'helmRefused', data, where) : report(renderFailed, 'helmRefused', data, where));
    if (!schema) break;
  }
  return findings;
}

const appNameOf = (values: Values, release: string) =>
  String(values.appName || release)
    .slice(0, 63)
    .replace(/-$/, '');

/** The name problem that keeps an app × env from being rendered at all, as a finding. */
function nameFinding(target: Target, envFile: string): Finding | undefined {
  try {
    checkNames(target.app, target.env, target.namespace);
    return undefined;
  } catch (error) {
    if (error instanceof NameError) return report(invalidName, 'refused', { reason: error.message }, { file: envFile });
    throw error;
  }
}

export async function lintTarget(input: TargetInput): Promise<TargetResult> {
  const { target, files } = input;
  const envFile = files[files.length - 1].file;
  const badName = nameFinding(target, envFile);
  const parses = !badName && files.every((f) => f.ok) && input.platformParsed.every((f) => f.ok);
  // Helm renders in its own process while the checks below run; its outcome is awaited after them.
  const rendering = parses ? startRender(input) : undefined;
  // the checks below take this thread for a while: other targets in flight start their renders first
  await Promise.resolve();
  const findings: Finding[] = [...(badName ? [badName] : []), ...fileFindings(input)];
  const result: TargetResult = { app: target.app, env: target.env, namespace: target.namespace, findings: [], rendered: false };
  const finish = () => {
    result.findings = findings.map((f) => ({ ...f, root: target.config.root, app: target.app, env: target.env }));
    return result;
  };
  if (!rendering) return finish();

  const valuesCtx = mergedValues(input);
  findings.push(...checkMergedSchema(valuesCtx.merged, [...input.platformParsed, ...files], input.chartDir));
  for (const rule of RULES) if (rule.values) findings.push(...rule.values(valuesCtx));

  const rendered = await rendering;
  if ('error' in rendered) {
    if (!(rendered.error instanceof RenderError)) throw rendered.error;
    findings.push(...unexplainedRenderFindings(renderFindings(rendered.error.message, envFile), findings));
    return finish();
  }
  result.rendered = true;
  const ctx = objectsContext(valuesCtx, rendered.output, findings);
  findings.push(...(await objectFindings(ctx)));
  result.facts = gatherFacts(ctx);
  return finish();
}

/** The render of the app × env, started now; its outcome (output or error) is awaited by the caller. */
function startRender(input: TargetInput): Promise<{ output: string } | { error: unknown }> {
  const { target } = input;
  return input
    .render({
      appDir: target.appDir,
      env: target.env,
      namespace: target.namespace,
      values: input.platformFiles,
      valueFiles: target.files,
      helm: target.config.helm,
      chart: input.chartDir,
    })
    .then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    );
}

/**
 * What each file says alone: how it parses (YAML that Helm reads otherwise included), and the app's files' keys
 * against the chart's schema. A platform file's findings are the same in every app × env that reads it: the report
 * shows each once, with those app × envs.
 */
function fileFindings({ files, platformParsed, chartDir }: TargetInput): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) findings.push(...file.findings, ...checkFileSchema(file, chartDir));
  for (const file of platformParsed) findings.push(...file.findings);
  return findings;
}

/** The values as Helm merges them: platform, then the app's files, over the chart's defaults. */
function mergedValues(input: TargetInput): ValuesContext {
  const { target, files, chartDir } = input;
  const platform = mergeFiles([target.config.platformValues, ...input.platformParsed.map((f) => f.values)]);
  const user = mergeFiles([platform, ...files.map((f) => f.values)]);
  const merged = coalesce(chartDefaults(chartDir), user);
  return { target, config: target.config, files, platform, user, merged, chartDir };
}

/** Causes lint already explained (the schema, another engine's template) are not repeated as render errors. */
function unexplainedRenderFindings(failed: Finding[], findings: Finding[]): Finding[] {
  const known = new Set(
    findings
      .filter((f) => f.rule === 'foreign-template' || f.rule === 'values-schema')
      .map((f) => (f.rule === 'values-schema' ? 'schema' : JSON.stringify(f.path))),
  );
  return failed.filter((f) => !(f.rule === 'values-schema' ? known.has('schema') : known.has(JSON.stringify(f.path))));
}

/**
 * The rendered objects with what the rules need to judge and place them; what lint cannot read of the output is
 * added to `findings`, never passed over in silence. A field's place in the values files is found when a
 * finding or a fact asks for it, once per object and field.
 */
function objectsContext(valuesCtx: ValuesContext, output: string, findings: Finding[]): ObjectsContext {
  const { target, files, merged } = valuesCtx;
  const namespace = typeof merged.namespaceOverride === 'string' && merged.namespaceOverride ? merged.namespaceOverride : target.namespace;
  const { objects, unreadable } = parseRender(output, namespace);
  for (const problem of unreadable) {
    const where = problem.entry ? locatePath(files, problem.entry.path) : { file: files[files.length - 1].file };
    const source = problem.entry ? problem.entry.label : problem.template;
    findings.push(report(inputLimit, 'renderedUnreadable', { source, problem: problem.message }, where));
  }
  const appName = appNameOf(merged, `${target.app}-${target.env}`);
  const located = new Map<RenderedObject, Map<string, Location>>();
  const at = (object: RenderedObject, field: ValuesPath): Location => {
    let fields = located.get(object);
    if (!fields) located.set(object, (fields = new Map()));
    const key = JSON.stringify(field);
    let location = fields.get(key);
    if (!location) fields.set(key, (location = locateField(object, field, files, merged, appName)));
    // a copy: a caller may spread it into a finding and change that
    return { ...location };
  };
  return { ...valuesCtx, objects, appName, namespace, at, locate: (path) => locatePath(files, path) };
}

/** The objects against their Kubernetes models. */
async function modelFindings(ctx: ObjectsContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  // all at once: the models of different kinds load side by side
  const problems = await Promise.all(ctx.objects.map((object) => validateObject(object.obj, { suggest: true })));
  for (const [i, object] of ctx.objects.entries()) {
    for (const problem of problems[i]) {
      const { path, rest } = splitModelMessage(problem.message);
      // a message that ends in a guess ("did you mean …?") says the fix itself
      const guessed = problem.message.endsWith('?');
      const data = { object: object.ref, problem: problem.message };
      const where = { ...ctx.at(object, path), object: object.ref };
      findings.push(
        problem.level === 'warning'
          ? report(modelMissing, guessed ? 'missingGuessed' : 'missing', data, where)
          : /^unknown field /.test(rest)
            ? report(modelUnknownField, guessed ? 'unknownGuessed' : 'unknown', data, where)
            : report(modelInvalid, guessed ? 'invalidGuessed' : 'invalid', data, where),
      );
    }
  }
  return findings;
}

/** The models' findings and the rules' on the rendered objects. */
async function objectFindings(ctx: ObjectsContext): Promise<Finding[]> {
  const models = await modelFindings(ctx);
  const ruleFindings: Finding[] = [];
  for (const rule of RULES) if (rule.objects) ruleFindings.push(...rule.objects(ctx));
  // A domain rule that explains a field says more than the model's "unknown field" for the same line.
  const explained = new Set(ruleFindings.map((f) => `${f.object}\0${f.file}:${f.line}`));
  return [
    ...models.filter((f) => !(f.rule === 'model-unknown-field' && explained.has(`${f.object}\0${f.file}:${f.line}`))),
    ...ruleFindings,
  ];
}
