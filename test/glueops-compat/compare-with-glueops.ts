// Side by side with a checkout of the GlueOps `app` chart (not part of npm test, which never needs it):
//   npx tsx test/glueops-compat/compare-with-glueops.ts <glueops-chart-dir> [--helm 3|4]
// 1. renders every values file of its examples/ and examples/testcases/ through both charts (release app-prod,
//    namespace prod, the same captain_domain) and prints every field in which the objects differ;
// 2. replays its helm-unittest suites (tests/*_test.yaml: the values of each case and its assertions) against
//    this chart, the documents of each GlueOps template matched to the template here that renders them, and prints
//    each assertion that fails; a failedTemplate assertion whose error is worded otherwise is counted apart.
// Read what it prints against README "Differences from the GlueOps chart". The GlueOps chart's files are read from
// the given folder and stay there.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { helmFor, parseHelmMajor, runHelm, type Helm } from '../../scripts/helm.ts';
import { chartDir } from '../../scripts/render.ts';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Maps merge key by key, anything else replaces: how helm-unittest applies `set` and values files. */
function merge(a: unknown, b: unknown): unknown {
  if (!isMap(a) || !isMap(b)) return b;
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = isMap(node[key]) ? (node[key] as Json) : (node[key] = {});
  const last = keys[keys.length - 1];
  node[last] = merge(node[last], value);
}

interface Doc {
  source: string;
  object: Json;
}
interface Render {
  ok: boolean;
  docs: Doc[];
  error: string;
}

const work = mkdtempSync(join(tmpdir(), 'glueops-compare-'));
let renders = 0;

/** helm template with one values file: a file of the GlueOps chart as it is, or values written to a file. */
async function render(helm: Helm, chart: string, values: unknown, release: string, namespace: string): Promise<Render> {
  const file = typeof values === 'string' ? values : join(work, `values-${renders++}.json`);
  if (typeof values !== 'string') writeFileSync(file, JSON.stringify(values));
  const result = await runHelm(helm, [
    'template',
    release,
    chart,
    '--namespace',
    namespace,
    '--values',
    file,
    '--set',
    'captain_domain=nonprod.example.com',
  ]);
  if (result.exitCode !== 0) return { ok: false, docs: [], error: result.stderr.trim() };
  const docs: Doc[] = [];
  for (const text of result.stdout.split(/^---\s*$/m)) {
    const source = /^# Source: [^/]+\/(.+)$/m.exec(text)?.[1];
    const object = parse(text) as unknown;
    if (isMap(object) && source) docs.push({ source, object });
  }
  return { ok: true, docs, error: '' };
}

// --- examples: object by object -------------------------------------------------------------------------------

/** Fields that differ by design whatever the values: the chart's own label, checksums, nulls Kubernetes drops. */
function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (!isMap(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || ((key === 'labels' || key === 'annotations') && (k === 'helm.sh/chart' || k.startsWith('checksum/')))) continue;
    const kept = normalize(v, k);
    if ((k === 'labels' || k === 'annotations') && isMap(kept) && Object.keys(kept).length === 0) continue;
    out[k] = kept;
  }
  return out;
}

function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isMap(a) && isMap(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[key], b[key], `${path}.${key}`, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => {
      differences(v, b[i], `${path}[${i}]`, out);
    });
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path}: GlueOps ${JSON.stringify(a) ?? '(none)'}, here ${JSON.stringify(b) ?? '(none)'}`);
  }
}

async function compareExamples(helm: Helm, glueops: string): Promise<void> {
  const examples = join(glueops, 'examples');
  const files = readdirSync(examples, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(examples, d.name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(d.name, f)),
    )
    .filter((f) => !f.startsWith('.'));
  console.log(`\n# examples: ${files.length} values files\n`);
  for (const file of files.sort()) {
    const values = join(examples, file);
    const [theirs, ours] = await Promise.all([
      render(helm, glueops, values, 'app-prod', 'prod'),
      render(helm, chartDir, values, 'app-prod', 'prod'),
    ]);
    const lines: string[] = [];
    if (!theirs.ok || !ours.ok) {
      if (!theirs.ok) lines.push(`GlueOps refuses: ${theirs.error.split('\n').slice(-3).join(' ')}`);
      if (!ours.ok) lines.push(`refused here: ${ours.error.split('\n').slice(0, 4).join(' ')}`);
    } else {
      const index = (docs: Doc[]) => new Map(docs.map((d) => [`${d.object.kind}/${(d.object.metadata as Json)?.name}`, d.object]));
      const [a, b] = [index(theirs.docs), index(ours.docs)];
      for (const name of new Set([...a.keys(), ...b.keys()])) {
        if (!a.has(name)) lines.push(`${name}: only here`);
        else if (!b.has(name)) lines.push(`${name}: only in GlueOps`);
        else {
          const out: string[] = [];
          differences(normalize(a.get(name)), normalize(b.get(name)), '', out);
          lines.push(...out.map((line) => `${name} ${line}`));
        }
      }
    }
    console.log(`${file}${lines.length ? '' : ': same objects'}`);
    for (const line of lines) console.log(`  ${line}`);
  }
}

// --- unit tests: the GlueOps assertions -------------------------------------------------------------------------

/** The GlueOps template of a suite -> the template here that renders its objects, and the kind when it renders more. */
const TEMPLATES: Record<string, { file: string; kind?: string }> = {
  'pdb.yaml': { file: 'poddisruptionbudget.yaml' },
  'pvc.yaml': { file: 'persistentvolumeclaim.yaml' },
  'keda-scaledObject.yaml': { file: 'keda.yaml', kind: 'ScaledObject' },
  'keda-triggerAuthentication.yaml': { file: 'keda.yaml', kind: 'TriggerAuthentication' },
};

type Step = string | number | { key: string; equals: string };

/** helm-unittest paths: a.b[0]["c.d"] and [?(@.name == "x")]. */
function steps(path: string): Step[] {
  const out: Step[] = [];
  const pattern = /\[\?\(@\.(\w+)\s*==\s*["']([^"']*)["']\)\]|\[(\d+)\]|\[["']([^"']+)["']\]|([^.[\]]+)/g;
  for (const m of path.matchAll(pattern)) {
    if (m[1]) out.push({ key: m[1], equals: m[2] });
    else if (m[3]) out.push(Number(m[3]));
    else out.push(m[4] ?? m[5]);
  }
  return out;
}

function at(object: unknown, path: string): { found: boolean; value?: unknown } {
  let node = object;
  for (const step of steps(path)) {
    if (typeof step === 'object')
      node = Array.isArray(node) ? node.find((x) => isMap(x) && String(x[step.key]) === step.equals) : undefined;
    else if (typeof step === 'number') node = Array.isArray(node) ? node[step] : undefined;
    else node = isMap(node) && step in node ? node[step] : undefined;
    if (node === undefined) return { found: false };
  }
  return { found: true, value: node };
}

const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : isMap(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted(v[k])]),
        )
      : v;
const same = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const empty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);

/** One assertion on the documents of its template: undefined when it holds, else what was found. */
function check(kind: string, spec: Json, docs: Json[], rendered: Render): string | undefined {
  if (kind === 'failedTemplate') return rendered.ok ? 'rendered; GlueOps refuses it' : undefined;
  if (!rendered.ok) return `refused here: ${rendered.error.split('\n').slice(0, 3).join(' ')}`;
  if (kind === 'hasDocuments') return docs.length === spec.count ? undefined : `${docs.length} documents`;
  if (kind === 'containsDocument') {
    const hit = docs.some(
      (d) =>
        d.kind === spec.kind &&
        (!spec.apiVersion || d.apiVersion === spec.apiVersion) &&
        (!spec.name || (d.metadata as Json)?.name === spec.name),
    );
    return hit ? undefined : `no ${String(spec.kind)} ${String(spec.name ?? '')}`;
  }
  const selector = spec.documentSelector as Json | undefined;
  const selected = selector ? docs.filter((d) => same(at(d, String(selector.path)).value, selector.value)) : docs;
  if (selected.length === 0) return 'no document';
  for (const doc of selected) {
    const { found, value } = at(doc, String(spec.path ?? ''));
    const holds: Record<string, () => boolean> = {
      isKind: () => doc.kind === spec.of,
      isAPIVersion: () => doc.apiVersion === spec.of,
      equal: () => found && same(value, spec.value === 'RELEASE-NAME' ? 'release-name' : spec.value),
      notEqual: () => !found || !same(value, spec.value),
      exists: () => found,
      notExists: () => !found,
      isNull: () => !found || value === null,
      isNotNullOrEmpty: () => found && !empty(value),
      matchRegex: () => found && typeof value === 'string' && new RegExp(String(spec.pattern)).test(value),
      contains: () =>
        found &&
        Array.isArray(value) &&
        value.some((item) =>
          spec.any ? isMap(item) && Object.entries(spec.content as Json).every(([k, v]) => same(item[k], v)) : same(item, spec.content),
        ),
    };
    if (!holds[kind]) return `assertion ${kind} is not known to this replay`;
    if (!holds[kind]())
      return `${String(doc.kind)}/${String((doc.metadata as Json)?.name)} ${String(spec.path ?? '')}: ${JSON.stringify(value)}`;
  }
  return undefined;
}

async function replayTests(helm: Helm, glueops: string): Promise<void> {
  const dir = join(glueops, 'tests');
  let assertions = 0;
  let cases = 0;
  const failed: string[] = [];
  const worded: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('_test.yaml'))
    .sort()) {
    const suite = parse(readFileSync(join(dir, file), 'utf8')) as Json;
    const templates = (suite.templates as string[]).map((t) => t.replace(/^templates\//, ''));
    for (const test of suite.tests as Json[]) {
      cases++;
      let values: unknown = {};
      for (const f of (test.values as string[] | undefined) ?? []) values = merge(values, parse(readFileSync(join(dir, f), 'utf8')));
      for (const layer of [suite.set, test.set])
        for (const [k, v] of Object.entries((layer as Json | undefined) ?? {})) setPath(values as Json, k, v);
      const release = String((test.release as Json | undefined)?.name ?? (suite.release as Json | undefined)?.name ?? 'release-name');
      const rendered = await render(helm, chartDir, values, release, 'namespace');
      const docs = rendered.docs
        .filter((d) =>
          templates.some(
            (t) => d.source === `templates/${TEMPLATES[t]?.file ?? t}` && (!TEMPLATES[t]?.kind || d.object.kind === TEMPLATES[t].kind),
          ),
        )
        .map((d) => d.object);
      for (const assertion of test.asserts as Json[]) {
        assertions++;
        const [kind, spec] = Object.entries(assertion).find(([k]) => k !== 'documentSelector') as [string, Json | null];
        const problem = check(kind, { ...(spec ?? {}), documentSelector: assertion.documentSelector }, docs, rendered);
        const where = `${file} "${String(test.it)}" ${kind} ${String(spec?.path ?? '')}`;
        if (problem) failed.push(`${where}: ${problem}`);
        else if (
          kind === 'failedTemplate' &&
          spec &&
          !new RegExp(String(spec.errorPattern ?? spec.errorMessage ?? '')).test(rendered.error)
        ) {
          worded.push(`${where}: ${rendered.error.split('\n').filter(Boolean).slice(-2).join(' ')}`);
        }
      }
    }
  }
  console.log(`\n# unit tests: ${cases} cases, ${assertions} assertions\n`);
  for (const line of failed) console.log(`fails: ${line}`);
  for (const line of worded) console.log(`refused in other words: ${line}`);
  const failing = new Set(failed.map((line) => line.split('" ')[0]));
  console.log(`\n${failed.length} assertions fail (in ${failing.size} cases); ${worded.length} refusals are worded otherwise`);
}

const [glueops, ...rest] = process.argv.slice(2);
if (!glueops) {
  console.error('usage: npx tsx test/glueops-compat/compare-with-glueops.ts <glueops-chart-dir> [--helm 3|4]');
  process.exit(2);
}
const helm = helmFor(parseHelmMajor(rest.includes('--helm') ? rest[rest.indexOf('--helm') + 1] : undefined));
try {
  await compareExamples(helm, glueops);
  await replayTests(helm, glueops);
} finally {
  rmSync(work, { recursive: true, force: true });
}
