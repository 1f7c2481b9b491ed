// What a rule is: its documentation and, for rules that are not reported by a stage of lint itself, a check
// run on one of three contexts: the values of an app × env, its rendered objects, or the facts of all of them.
import type { ValuesPath } from '../../values-path.ts';
import type { LintConfig } from '../config.ts';
import type { Target } from '../discover.ts';
import type { Facts } from '../facts.ts';
import type { Values } from '../merge.ts';
import type { RenderedObject } from '../rendered.ts';
import type { Finding, Location, RuleDoc, TargetFinding } from '../types.ts';
import type { ParsedFile } from '../yaml.ts';

export interface ValuesContext {
  target: Target;
  config: LintConfig;
  /** the app's files, in the order Helm applies them */
  files: ParsedFile[];
  /** platform values (config) and files, applied first */
  platform: Values;
  /** the files merged, before the chart's defaults */
  user: Values;
  /** what the templates see */
  merged: Values;
  /** the folder of the chart that renders this app × env */
  chartDir: string;
}

export interface ObjectsContext extends ValuesContext {
  objects: RenderedObject[];
  /** the name the chart gives the app's objects (appName, else the release name) */
  appName: string;
  /** the namespace of the app's objects: namespaceOverride, else the env's */
  namespace: string;
  /** where a field of an object is written in the values files */
  at(object: RenderedObject, field: ValuesPath): Location;
  /** where a values path is written in the app's files */
  locate(path: ValuesPath): Location;
}

/**
 * What the checks across apps and the report need of a repo's config (its folder, what the platform provides,
 * severities) and every app of the repo, linted in this run or not: plain data a shard's report carries.
 */
export type RepoConfig = Pick<LintConfig, 'root' | 'services' | 'tlsOptions' | 'rules' | 'overrides'> & { apps: string[] };

export interface RepoContext {
  facts: Facts[];
  configs: RepoConfig[];
  /** every app of each repo root, linted in this run or not */
  repoApps: Map<string, string[]>;
}

export interface RuleDef extends RuleDoc {
  values?: (ctx: ValuesContext) => Finding[];
  objects?: (ctx: ObjectsContext) => Finding[];
  repo?: (ctx: RepoContext) => TargetFinding[];
}

/** What fills a message's placeholders: {name} takes data.name. */
export type MessageData = Record<string, string | number>;

const PLACEHOLDER = /\{([A-Za-z]\w*)\}/g;

/**
 * The text of message `id` of a rule, its placeholders filled from `data`. A message the rule does not declare,
 * or a placeholder the data does not fill, is a mistake in lint itself: it throws.
 */
export function messageText(rule: Pick<RuleDoc, 'id' | 'messages'>, id: string, data: MessageData = {}): string {
  const template = rule.messages[id];
  if (template === undefined) throw new Error(`lint: rule ${rule.id} declares no message "${id}"`);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in data)) throw new Error(`lint: message ${rule.id}/${id} needs data for {${name}}`);
    return String(data[name]);
  });
}

/** Where a finding points, and the object it is about. */
type Where = Omit<TargetFinding, 'rule' | 'message'>;

/**
 * A finding of `rule`, saying its message `id` filled with `data`. The message ids a rule may report are the keys
 * of its `messages`, which the type of a rule declared `satisfies RuleDef` keeps.
 */
export function report<M extends Record<string, string>>(
  rule: { id: string; messages: M },
  id: keyof M & string,
  data: MessageData,
  where: Where,
): TargetFinding {
  return { rule: rule.id, ...where, message: messageText(rule, id, data) };
}
