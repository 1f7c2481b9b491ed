// ArgoCD Applications and ApplicationSets of a deployment repo, read for what they tell about an app × env:
// the chart and its version, the value files in ArgoCD's order, and the namespace; so lint renders what
// ArgoCD renders. ApplicationSets are understood through their git directory generators (also inside
// matrix and merge generators), with ArgoCD's path parameters in both template syntaxes.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMap, parseAllDocuments, type Document } from 'yaml';
import { checkChartSource, ChartError, localChart, type ChartSource } from './chart-source.ts';
import { parsedOnce } from './parsed-cache.ts';

export interface ArgoDeployment {
  /** "file:line" of the Application or ApplicationSet */
  from: string;
  chart: ChartSource;
  /** absolute paths, in ArgoCD's order */
  valueFiles: string[];
  namespace?: string;
  /** settings ArgoCD applies that lint does not, for a note to the user */
  ignored: string[];
}

/** An Application lint cannot follow: exit status 2, with the file, line and what to change. */
export class ArgoError extends Error {}

interface Manifest {
  kind: 'Application' | 'ApplicationSet';
  spec: Record<string, unknown>;
  metadata: Record<string, unknown>;
  from: string;
}

const MAX_FILE_BYTES = 1024 * 1024;
const MAX_DEPTH = 6;
const MAX_ENTRIES = 20_000;

/** YAML files under root that may hold ArgoCD objects: not in node_modules, dot folders or charts; in name order. */
function candidateFiles(root: string): string[] {
  // Walked first as the folders list their entries: within the walk's bounds that finds the same files as a walk in
  // name order, and only the files found are put in that order (comparing names in the locale's order is slow to
  // start, and most repos have few such files). A repo beyond the bounds is walked again in name order, as what
  // the bounds leave out depends on the order.
  const walk = walkYaml(root, false);
  if (walk.seen > MAX_ENTRIES) return walkYaml(root, true).found;
  if (walk.found.length < 2) return walk.found;
  const parts = new Map(walk.found.map((file) => [file, relative(root, file).split(sep)]));
  return walk.found.sort((a, b) => {
    const [x, y] = [parts.get(a)!, parts.get(b)!];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const order = x[i].localeCompare(y[i]);
      if (order !== 0) return order;
    }
    return x.length - y.length;
  });
}

function walkYaml(root: string, inNameOrder: boolean): { found: string[]; seen: number } {
  const found: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    const entries = readdirSync(dir, { withFileTypes: true });
    if (inNameOrder) entries.sort((a, b) => a.name.localeCompare(b.name));
    // a chart's templates are not applied as written
    if (entries.some((e) => e.isFile() && e.name === 'Chart.yaml')) return;
    for (const entry of entries) {
      seen++;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && namesArgo(path)) found.push(path);
    }
  };
  walk(root, 0);
  return { found, seen };
}

const ARGO_GROUP = Buffer.from('argoproj.io/');

/** Whether a file within the size limit has ArgoCD's API group in it: one open, its size from the open file. */
function namesArgo(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) return false;
    return readFileSync(fd).includes(ARGO_GROUP);
  } finally {
    closeSync(fd);
  }
}

const asMap = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The ArgoCD Applications and ApplicationSets of a file, read from the cache when its text was read before. */
function manifestsIn(file: string, named: boolean): Manifest[] {
  const text = readFileSync(file, 'utf8');
  const found = parsedOnce(`argocd ${named ? 'named' : 'found'}`, text, () => manifestsOf(text, file, named));
  return found.map(({ line, ...manifest }) => ({ ...manifest, from: `${file}:${line}` }));
}

/** A manifest as the cache keeps it: the line it starts at, not the file, whose text another file may share. */
type FoundManifest = Omit<Manifest, 'from'> & { line: number };

function manifestsOf(text: string, file: string, named: boolean): FoundManifest[] {
  const docs = parseAllDocuments(text) as Document[];
  const out: FoundManifest[] = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      // a file found by searching may be anything (a template of another tool); one named in the config must parse
      if (named) throw new ArgoError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      continue;
    }
    const obj = asMap(doc.toJS({ maxAliasCount: 100 }));
    if (!obj || typeof obj.apiVersion !== 'string' || !obj.apiVersion.startsWith('argoproj.io/')) continue;
    if (obj.kind !== 'Application' && obj.kind !== 'ApplicationSet') continue;
    const line = isMap(doc.contents) && doc.contents.range ? text.slice(0, doc.contents.range[0]).split('\n').length : 1;
    out.push({ kind: obj.kind, spec: asMap(obj.spec) ?? {}, metadata: asMap(obj.metadata) ?? {}, line });
  }
  return out;
}

/** The root of the git repository a path is in (the folder holding .git), if it is in one. */
export function findGitRoot(path: string): string | undefined {
  for (let d = resolve(path); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Where ArgoCD's paths start: the git repository root above a folder, else the folder itself. */
export const gitRoot = (dir: string) => findGitRoot(dir) ?? resolve(dir);

/** Go's path.Match, which ArgoCD's git directory generator uses: `*` and `?` never cross a "/". */
function globRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return /(?!)/;
      const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      out += `[${body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The git directory generators of an ApplicationSet, including those inside matrix and merge generators. */
function directoryGenerators(generators: unknown): { include: RegExp[]; exclude: RegExp[] }[] {
  const out: { include: RegExp[]; exclude: RegExp[] }[] = [];
  for (const generator of Array.isArray(generators) ? generators : []) {
    const g = asMap(generator);
    const git = asMap(g?.git);
    if (git && Array.isArray(git.directories)) {
      const dirs = git.directories.map(asMap).filter((d): d is Record<string, unknown> => typeof d?.path === 'string');
      out.push({
        include: dirs.filter((d) => d.exclude !== true).map((d) => globRegExp(String(d.path))),
        exclude: dirs.filter((d) => d.exclude === true).map((d) => globRegExp(String(d.path))),
      });
    }
    for (const nested of ['matrix', 'merge']) out.push(...directoryGenerators(asMap(g?.[nested])?.generators));
  }
  return out;
}

/** ArgoCD's parameters of a git directory, in both template syntaxes. */
function pathParameters(path: string, goTemplate: boolean): (expression: string) => string | undefined {
  const segments = path.split('/');
  const base = segments[segments.length - 1];
  const normalized = base.replace(/[^a-zA-Z0-9-.]/g, '-').toLowerCase();
  return (expression) => {
    const e = expression.trim();
    if (goTemplate) {
      if (e === '.path.path') return path;
      if (e === '.path.basename') return base;
      if (e === '.path.basenameNormalized') return normalized;
      const index = /^index\s+\.path\.segments\s+(\d+)$/.exec(e);
      return index ? segments[Number(index[1])] : undefined;
    }
    if (e === 'path') return path;
    if (e === 'path.basename') return base;
    if (e === 'path.basenameNormalized') return normalized;
    const index = /^path\[(\d+)\]$/.exec(e);
    return index ? segments[Number(index[1])] : undefined;
  };
}

type Evaluate = (text: unknown, field: string) => string | undefined;

function evaluator(manifest: Manifest, lookup: (expression: string) => string | undefined): Evaluate {
  return (text, field) => {
    if (typeof text !== 'string') return undefined;
    return text.replace(/\{\{-?([^{}]*?)-?\}\}/g, (whole, expression: string) => {
      const value = lookup(expression);
      if (value === undefined) {
        throw new ArgoError(
          `${manifest.from}: ${field}: cannot evaluate ${whole}: lint knows the git directory generator's path, path[N], ` +
            'path.basename and path.basenameNormalized (or .path.path, index .path.segments N, .path.basename with goTemplate). ' +
            'Name the chart in app-chart.config.yaml (chart:) and set argocd: false to lint without this file.',
        );
      }
      return value;
    });
  };
}

/** What an Application (or an ApplicationSet's template) deploys for an app × env. */
function deployment(manifest: Manifest, spec: Record<string, unknown>, evaluate: Evaluate, repoRoot: string): ArgoDeployment | undefined {
  const sources = (Array.isArray(spec.sources) ? spec.sources : [spec.source]).map(asMap).filter((s): s is Record<string, unknown> => !!s);
  const chartSource = sources.find((s) => s.chart !== undefined) ?? sources.find((s) => s.path !== undefined && asMap(s.helm));
  if (!chartSource) return undefined;
  const where = `${manifest.from}`;
  const ignored: string[] = [];
  let chart: ChartSource;
  const helm = asMap(chartSource.helm) ?? {};
  try {
    if (chartSource.chart !== undefined) {
      const repoURL = evaluate(chartSource.repoURL, 'repoURL') ?? '';
      const name = evaluate(chartSource.chart, 'chart') ?? '';
      const version = evaluate(chartSource.targetRevision, 'targetRevision') ?? '';
      // ArgoCD names OCI Helm repositories with or without the oci:// scheme; anything not http(s) is OCI
      chart = /^https?:\/\//.test(repoURL)
        ? checkChartSource({ kind: 'repo', repo: repoURL, name, version }, where)
        : checkChartSource({ kind: 'oci', ref: `${repoURL.startsWith('oci://') ? repoURL : `oci://${repoURL}`}/${name}`, version }, where);
    } else {
      chart = localChart(evaluate(chartSource.path, 'path') ?? '', repoRoot, `${where}: path (a chart in this repo)`);
    }
  } catch (error) {
    if (error instanceof ChartError) throw new ArgoError(error.message);
    throw error;
  }
  const refs = new Map(sources.filter((s) => typeof s.ref === 'string').map((s) => [`$${String(s.ref)}`, repoRoot]));
  const valueFiles: string[] = [];
  for (const raw of Array.isArray(helm.valueFiles) ? helm.valueFiles : []) {
    const file = evaluate(raw, 'helm.valueFiles') ?? '';
    const ref = /^(\$[^/]+)\/(.*)$/.exec(file);
    let path: string;
    if (ref && refs.has(ref[1])) path = resolve(refs.get(ref[1])!, ref[2]);
    else if (chart.kind === 'local') path = resolve(chart.path, file);
    else {
      ignored.push(`helm.valueFiles ${file} (a file inside the chart)`);
      continue;
    }
    // ArgoCD refuses value files outside the repo; so does lint
    if (relative(repoRoot, path).startsWith('..')) throw new ArgoError(`${where}: helm.valueFiles: ${file} is outside the repository`);
    if (!existsSync(path) && helm.ignoreMissingValueFiles === true) continue;
    valueFiles.push(path);
  }
  for (const key of ['values', 'valuesObject', 'parameters', 'fileParameters', 'releaseName']) {
    if (helm[key] !== undefined) ignored.push(`helm.${key}`);
  }
  const destination = asMap(spec.destination);
  let namespace: string | undefined;
  try {
    namespace = evaluate(destination?.namespace, 'destination.namespace');
  } catch {
    ignored.push('destination.namespace (it uses parameters lint does not know)');
  }
  return { from: manifest.from, chart, valueFiles, ...(namespace ? { namespace } : {}), ignored };
}

export interface ArgoApps {
  /** the files read, for cache keys */
  files: string[];
  /** what ArgoCD deploys for an app × env, when an Application or ApplicationSet of the repo covers it */
  forTarget(appDir: string, env: string): ArgoDeployment | undefined;
}

/**
 * Reads the repo's ArgoCD objects: the named files, or every YAML file under root that holds some. Their paths
 * start at `repoRoot` (default: the git repository root above root).
 */
export function readArgoApps(root: string, files: true | string[], repoRoot = gitRoot(root)): ArgoApps {
  const named = files !== true;
  const list = named ? files : candidateFiles(root);
  const manifests = list.flatMap((file) => manifestsIn(file, named));
  const cache = new Map<string, ArgoDeployment | undefined>();
  return {
    files: list,
    forTarget(appDir, env) {
      const envDir = join(appDir, 'envs', env);
      const key = envDir;
      if (cache.has(key)) return cache.get(key);
      const path = relative(repoRoot, envDir).split(sep).join('/');
      const envFile = join(envDir, 'values.yaml');
      let found: ArgoDeployment | undefined;
      for (const manifest of manifests) {
        if (manifest.kind === 'ApplicationSet') {
          const generators = directoryGenerators(manifest.spec.generators);
          if (!generators.some((g) => g.include.some((r) => r.test(path)) && !g.exclude.some((r) => r.test(path)))) continue;
          const template = asMap(manifest.spec.template);
          const evaluate = evaluator(manifest, pathParameters(path, manifest.spec.goTemplate === true));
          found = deployment(manifest, asMap(template?.spec) ?? {}, evaluate, repoRoot);
          if (found && manifest.spec.templatePatch !== undefined) found.ignored.push('templatePatch');
        } else {
          // an Application is for the app × env whose values file it lists; another one's problems are not this target's
          try {
            const candidate = deployment(
              manifest,
              manifest.spec,
              evaluator(manifest, () => undefined),
              repoRoot,
            );
            if (candidate?.valueFiles.includes(envFile)) found = candidate;
          } catch (error) {
            if (error instanceof ArgoError && JSON.stringify(manifest.spec).includes(`${path}/values.yaml`)) throw error;
            if (!(error instanceof ArgoError)) throw error;
          }
        }
        if (found) break;
      }
      cache.set(key, found);
      return found;
    },
  };
}
