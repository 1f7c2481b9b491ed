// Turns Helm's error output into messages that say where (file:line:col and values path) and how to fix it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import type { JSONSchema7 } from 'json-schema';
import { bundledChartDir } from './install.ts';
import { chartSchema } from './chart-schema.ts';
import { pointerPath } from './json-pointer.ts';
import { locateInText, locatePath, readYamlTexts, splitDotted } from './lint/positions.ts';
import type { Location } from './lint/types.ts';
import type { YamlText } from './lint/yaml.ts';
import { formatPath, type ValuesPath } from './values-path.ts';

interface SchemaProblem {
  path: ValuesPath;
  message: string;
  /** the misspelt key, for "additional property" problems */
  unknownKey?: string;
}

/** Helm 3 (gojsonschema): "- deployment.replicas: Invalid type. Expected: [integer,null], given: string" */
function helm3Problem(line: string, files: YamlText[]): SchemaProblem | undefined {
  const match = /^- (\(root\)|[^:]+): (.*)$/.exec(line);
  if (!match) return undefined;
  const path: ValuesPath = match[1] === '(root)' ? [] : splitDotted(match[1], files);
  const extra = /^Additional property (.+) is not allowed$/.exec(match[2]);
  if (extra) return { path: [...path, extra[1]], message: 'unknown key', unknownKey: extra[1] };
  return { path, message: match[2].replace(/^Invalid type\. /, 'wrong type: ') };
}

/** Helm 4 (santhosh-tekuri/jsonschema): "- at '/deployment': additional properties 'replicsa' not allowed" */
function helm4Problems(line: string): SchemaProblem[] {
  const match = /^\s*- at '([^']*)': (.*)$/.exec(line);
  if (!match || match[2] === 'validation failed') return [];
  const path = pointerPath(match[1]);
  const extra = /^additional propert(?:y|ies) (.+) not allowed$/.exec(match[2]);
  if (extra) {
    return [...extra[1].matchAll(/'([^']+)'/g)].map((m) => ({
      path: [...path, m[1]],
      message: 'unknown key',
      unknownKey: m[1],
    }));
  }
  return [{ path, message: match[2] }];
}

/** A chart's values schema, for the words of an explanation: a schema that does not parse explains nothing. */
function schemaForExplaining(chartDir: string): JSONSchema7 {
  try {
    return chartSchema(chartDir);
  } catch {
    return {};
  }
}

/**
 * The schema that a $ref, or an anyOf, stands for where a path goes on with `step`: of an anyOf, the first
 * alternative that has list items for an index, keys for a key (labels are a map or a list of {key, value}).
 */
function resolve(node: JSONSchema7 | undefined, root: JSONSchema7, step?: string | number): JSONSchema7 | undefined {
  const definitions = root.definitions ?? {};
  const fits = (n: JSONSchema7 | undefined) => (typeof step === 'number' ? n?.items : n?.properties || n?.additionalProperties);
  for (let depth = 0; node && depth < 10; depth++) {
    if (node.$ref?.startsWith('#/definitions/')) node = definitions[node.$ref.slice('#/definitions/'.length)] as JSONSchema7 | undefined;
    else if (node.anyOf) node = node.anyOf.map((n) => resolve(n as JSONSchema7, root, step)).find(fits);
    else return node;
  }
  return node;
}

function schemaAt(path: ValuesPath, root: JSONSchema7): JSONSchema7 | undefined {
  let node: JSONSchema7 | undefined = root;
  for (const segment of path) {
    node = resolve(node, root, segment);
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.items as JSONSchema7 | undefined;
    else
      node = (node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined)) as
        | JSONSchema7
        | undefined;
  }
  return resolve(node, root);
}

/**
 * What to say of `key`, unknown in the map at `mapPath`: the known key it is closest to, else the keys there (of
 * the map among the forms the key takes, for a map that may also be null or a list).
 */
export function unknownKeyMessage(key: string, mapPath: ValuesPath, root: JSONSchema7): string {
  const known = Object.keys(schemaAt(mapPath, root)?.properties ?? {});
  const guess = didYouMean(key, known);
  if (guess) return `unknown key; did you mean "${guess}"?`;
  return known.length ? `unknown key; the keys here are: ${known.join(', ')}` : 'unknown key';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The known key closest to a misspelt one, when it is close enough to be what was meant. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function explainSchemaProblem(problem: SchemaProblem, files: YamlText[], schema: JSONSchema7): { position: Location; text: string } {
  const position = locatePath(files, problem.path);
  const where = formatLocation(position);
  let message = problem.message;
  if (problem.unknownKey !== undefined) message = unknownKeyMessage(problem.unknownKey, problem.path.slice(0, -1), schema);
  return { position, text: `  ${where ? `${where}: ` : ''}${formatPath(problem.path) || '(root)'}: ${message}` };
}

/** "file:line:col" as messages show a position: the file relative to the working folder; "" for none. */
function formatLocation(at: Location): string {
  return at.file === undefined ? '' : `${relative(process.cwd(), at.file) || at.file}:${at.line}:${at.col}`;
}

/**
 * A line of an entry's text, for an error Helm names by line only: the column Helm adds counts the template
 * the chart wraps the text in, not the text, so the position keeps the line and points at its start.
 */
const lineOnly = (at: Location): Location => (at.file === undefined ? at : { ...at, col: 1 });

/** File order as given (base before env), then line and column; problems with no position last. */
function byPosition(files: string[]) {
  const rank = ({ file, line = 0, col = 0 }: Location) =>
    file === undefined ? [Infinity, 0, 0] : [files.findIndex((f) => resolvePath(f) === resolvePath(file)), line, col];
  return (a: { position: Location }, b: { position: Location }) => {
    const [x, y] = [rank(a.position), rank(b.position)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
}

/** customResources[2] -> ["customResources", 2]; customResourcesMap.tcp-route -> ["customResourcesMap", "tcp-route"] */
function entryPath(label: string): ValuesPath | undefined {
  const list = /^customResources\[(\d+)\]/.exec(label);
  if (list) return ['customResources', Number(list[1])];
  const map = /^customResourcesMap\.([^\s(:]+)/.exec(label);
  return map ? ['customResourcesMap', map[1]] : undefined;
}

/** Go's %q quoting of the entry's label, undone (labels are values keys: any text). */
function unquoteGo(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/**
 * A failing template inside a custom resource entry: the chart renders it with tpl after a comment that names the
 * entry, so Helm's message quotes "{{/* customResourcesMap.tcp-route *\/}}..." and a line of the entry's text.
 */
function explainEntryTemplateError(stderr: string, files: YamlText[], chartDir: string): string | undefined {
  const source = /(?:error during tpl function execution for|cannot parse template) "\{\{\/\* ((?:[^"\\]|\\.)*?) \*\/\}\}/.exec(stderr);
  if (!source) return undefined;
  const label = unquoteGo(source[1]);
  // the label is the entry's own: a map entry's key is all that follows "customResourcesMap.", spaces included
  const path: ValuesPath | undefined = label.startsWith('customResourcesMap.')
    ? ['customResourcesMap', label.slice('customResourcesMap.'.length)]
    : entryPath(label);
  const exec = /gotpl:(\d+):\d+: executing "gotpl" at <(.*?)>: (.*)$/m.exec(stderr);
  const parse = /cannot parse template[\s\S]*?: template: gotpl:(\d+): (.*)$/m.exec(stderr);
  const line = Number(exec?.[1] ?? parse?.[1] ?? 1);
  const failure = exec?.[3]
    .replace(/^error calling \w+: /, '')
    .replace(/template: no template "([^"]+)" associated with template "gotpl"/, (_, name: string) => unknownHelper(name, chartDir));
  const reason = exec ? `{{ ${exec[2]} }} failed: ${failure}` : `template syntax error: ${parse?.[2] ?? 'unreadable template'}`;
  const where = path ? formatLocation(lineOnly(locateInText(files, path, line))) : '';
  return `${where ? `${where}: ` : ''}${label} (line ${line} of the entry): ${reason}`;
}

/**
 * The helpers a values file may call: those of the chart's templates/_public.tpl, or, in a chart without one,
 * every helper it defines.
 */
function publicHelpers(chartDir: string): string[] {
  const templates = join(chartDir, 'templates');
  const files = existsSync(join(templates, '_public.tpl')) ? ['_public.tpl'] : readdirSync(templates).filter((f) => f.endsWith('.tpl'));
  return files.flatMap((file) =>
    [...readFileSync(join(templates, file), 'utf8').matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)].map((m) => m[1]),
  );
}

function unknownHelper(name: string, chartDir: string): string {
  let guess: string | undefined;
  try {
    guess = didYouMean(name, publicHelpers(chartDir));
  } catch {
    // a chart folder that cannot be read: no guess
  }
  return `no template named "${name}" (${guess ? `did you mean "${guess}"?` : 'a typo, or a helper this chart does not define'})`;
}

/** A `fail` of the chart: "execution error at (app/templates/x.yaml:8:4): <message>" */
function explainFail(stderr: string, files: YamlText[]): string | undefined {
  const match = /execution error at \([^)]*\): ([\s\S]*?)\s*(?:\n\s*Use --debug flag.*)?$/.exec(stderr.trim());
  if (!match) return undefined;
  const message = match[1].trim();
  const entry = entryPath(message);
  // "customResources[1]: is not valid YAML: line 5: ..." points into a single-document entry's text
  const yamlLine = /^[^(:]+: is not valid YAML: line (\d+):/.exec(message);
  const position =
    entry && yamlLine ? lineOnly(locateInText(files, entry, Number(yamlLine[1]))) : locatePath(files, entry ?? dottedPath(message) ?? []);
  const where = formatLocation(position);
  return `${where ? `${where}: ` : ''}${message}`;
}

/** "ingress.entries[0]: ..." -> ["ingress", "entries", 0] */
function dottedPath(message: string): ValuesPath | undefined {
  const head = /^([A-Za-z][\w.[\]-]*):/.exec(message)?.[1];
  if (!head) return undefined;
  return head
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Lines that only say an anyOf / allOf / if-then failed, or that null was the other choice. */
const SUMMARY = /^(Must validate .*|'(anyOf|allOf|oneOf)' failed|validation failed|got \w+, want null)$/;

/** Helm 4's wrong type for one alternative of an anyOf: "got array, want object". */
const WRONG_TYPE = /^got \w+, want /;

/**
 * Drops summary problems when a more specific problem sits at the same path or below it, and a wrong type when a
 * problem sits below it: the value had the type of another alternative (labels as a list, not a map), and what
 * is wrong is inside it.
 */
function withoutSummaries(problems: SchemaProblem[]): SchemaProblem[] {
  const specific = problems.filter((p) => !SUMMARY.test(p.message));
  const below = (p: SchemaProblem, depth: number) =>
    specific.some((q) => q.path.length >= p.path.length + depth && p.path.every((s, i) => q.path[i] === s));
  return problems.filter((p) => (SUMMARY.test(p.message) ? !below(p, 0) : !WRONG_TYPE.test(p.message) || !below(p, 1)));
}

/**
 * Helm's error as a readable message; `chartDir` is the chart rendered (default: the bundled one), `chartLabel`
 * how to name it when that folder is a copy in the cache (of an archive, or of a pulled chart).
 */
export function explainHelmError(stderr: string, files: string[], chartDir = bundledChartDir, chartLabel?: string): string {
  const texts = readYamlTexts(files);
  const text = stderr.replace(/^Error: /m, '').trim();
  if (/values don't meet the specifications of the schema/.test(text)) {
    const lines = text.split('\n');
    const problems = lines.flatMap((line) => {
      if (/^\s*- at '/.test(line)) return helm4Problems(line);
      const problem = helm3Problem(line, texts);
      return problem ? [problem] : [];
    });
    if (problems.length > 0) {
      const schemaFile = chartLabel
        ? `values.schema.json of ${chartLabel}`
        : chartDir === bundledChartDir
          ? 'values.schema.json of the chart bundled with app-chart'
          : relative(process.cwd(), join(chartDir, 'values.schema.json'));
      return [
        `values do not match the chart's schema (${schemaFile}):`,
        ...withoutSummaries(problems)
          .map((p) => explainSchemaProblem(p, texts, schemaForExplaining(chartDir)))
          .sort(byPosition(files))
          .map((p) => p.text),
      ].join('\n');
    }
  }
  return (
    explainEntryTemplateError(text, texts, chartDir) ??
    explainFail(text, texts) ??
    text.replace(/\n\s*Use --debug flag to render out invalid YAML\s*$/, '')
  );
}
