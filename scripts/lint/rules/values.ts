// Values that are valid YAML and fit the schema, yet do not do what they say.
import { didYouMean } from '../../errors.ts';
import { formatPath, type ValuesPath } from '../../values-path.ts';
import { chartDefaults, isMapValue, mergeFiles, valueAt, type Values } from '../merge.ts';
import { locateInText, locatePath } from '../positions.ts';
import { chartSchema } from '../values-schema.ts';
import type { Finding } from '../types.ts';
import type { ParsedFile } from '../yaml.ts';
import { report, type RuleDef, type ValuesContext } from './rule.ts';
import { configMap, indent } from '../rule-examples.ts';

const appFiles = (ctx: ValuesContext) => ctx.files.filter((f) => f.ok && isMapValue(f.values));
const at = (file: ParsedFile, path: ValuesPath) => locatePath([file], path);

/** Every string of the values that Helm renders with tpl (verbatim entries are emitted as written). */
function renderedStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value))
    value.forEach((v) => {
      renderedStrings(v, out);
    });
  else if (isMapValue(value)) {
    if (Object.keys(value).length === 1 && typeof value.verbatim === 'string') return out;
    Object.values(value).forEach((v) => {
      renderedStrings(v, out);
    });
  }
  return out;
}

/** Root keys that templates in the values read: .Values.x, $.Values.x, index .Values "x". */
function referencedRootKeys(values: Values): Set<string> {
  const keys = new Set<string>();
  for (const text of renderedStrings(values)) {
    for (const m of text.matchAll(/\.Values\.([A-Za-z_]\w*)/g)) keys.add(m[1]);
    for (const m of text.matchAll(/index\s+\$?\.Values\s+"([^"]+)"/g)) keys.add(m[1]);
  }
  return keys;
}

/** The sections of the chart (deployment, service, ...) that have a key of this name, e.g. replicas. */
function sectionsWithKey(key: string): string[] {
  return Object.entries(chartSchema().properties ?? {})
    .filter(([, schema]) => typeof schema === 'object' && Object.keys(schema.properties ?? {}).includes(key))
    .map(([section]) => section);
}

/** The root keys of a file in the order written, each with whether its value is null. */
function rootPairs(file: ParsedFile): { key: string; isNull: boolean }[] {
  return Object.entries(file.values as Values).map(([key, value]) => ({ key, isNull: value === null }));
}

/**
 * "did you mean deployment.replicas?" for a root key that belongs to a section: the section written as null
 * just above it in the file first (a mis-indented line), else every section that has the key.
 */
function nestedGuess(file: ParsedFile, key: string): { section: string; misindented: boolean }[] {
  const sections = sectionsWithKey(key);
  if (sections.length === 0) return [];
  const pairs = rootPairs(file);
  const index = pairs.findIndex((p) => p.key === key);
  for (let i = index - 1; i >= 0; i--) {
    if (pairs[i].isNull && sections.includes(pairs[i].key)) return [{ section: pairs[i].key, misindented: true }];
    if (!pairs[i].isNull) break;
  }
  return sections.map((section) => ({ section, misindented: false }));
}

function rootKeys(ctx: ValuesContext, which: 'typo' | 'unused'): Finding[] {
  const schemaKeys = Object.keys(chartSchema(ctx.chartDir).properties ?? {});
  const referenced = referencedRootKeys(ctx.merged);
  const known = new Set([...schemaKeys, 'global', ...Object.keys(ctx.platform), ...ctx.config.rootKeys, ...referenced]);
  const findings: Finding[] = [];
  for (const file of appFiles(ctx)) {
    for (const key of Object.keys(file.values as Values)) {
      if (known.has(key)) continue;
      const guess = didYouMean(key, [...schemaKeys, ...referenced, ...Object.keys(ctx.platform)]);
      if (which === 'typo' && guess) {
        findings.push(report(rootKeyTypo, 'typo', { key, guess }, at(file, [key])));
      } else if (which === 'unused' && !guess) {
        const nested = nestedGuess(file, key);
        const where = at(file, [key]);
        if (nested[0]?.misindented) findings.push(report(rootKeyUnused, 'misindented', { key, section: nested[0].section }, where));
        else if (nested.length > 0) {
          const sections = nested.map((n) => `${n.section}.${key}`).join(' or ');
          findings.push(report(rootKeyUnused, 'inSection', { key, sections }, where));
        } else findings.push(report(rootKeyUnused, 'unused', { key }, where));
      }
    }
  }
  return findings;
}

/**
 * A section an earlier file enables (a map with enabled: true) set to null by a later one: Helm removes the
 * whole section, so what it renders (a workload, the Service, the Ingress) disappears. Usually the keys meant
 * for it follow at the root, one indentation short.
 */
function nulledSections(ctx: ValuesContext): Finding[] {
  const files = appFiles(ctx);
  const findings: Finding[] = [];
  files.forEach((file, i) => {
    const earlierFiles = files.slice(0, i);
    const before = mergeFiles([ctx.platform, ...earlierFiles.map((f) => f.values)]);
    const walk = (node: Values, path: ValuesPath) => {
      for (const [key, value] of Object.entries(node)) {
        const child = [...path, key];
        const previous = valueAt(before, child);
        if (value === null && isMapValue(previous) && previous.enabled === true) {
          const enabledAt = locatePath(earlierFiles, [...child, 'enabled']);
          const where = enabledAt.file ? ` (${relativeName({ file: enabledAt.file } as ParsedFile)}, line ${enabledAt.line})` : '';
          const section = (chartSchema().properties?.[key] as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
          const following = path.length === 0 ? followingRootKeys(file, key).filter((k) => k in section) : [];
          const data = { where, following: following.join(', '), key, enabled: formatPath([...child, 'enabled']) };
          findings.push(report(sectionNulled, following.length > 0 ? 'keysFollow' : 'nulled', data, at(file, child)));
        } else if (isMapValue(value)) walk(value, child);
      }
    };
    walk(file.values as Values, []);
  });
  return findings;
}

/** The root keys written after `key` in a file, up to the next root key with a value of its own. */
function followingRootKeys(file: ParsedFile, key: string): string[] {
  const pairs = rootPairs(file);
  const index = pairs.findIndex((p) => p.key === key);
  return pairs.slice(index + 1).map((p) => p.key);
}

function listReplaced(ctx: ValuesContext): Finding[] {
  const files = appFiles(ctx);
  const findings: Finding[] = [];
  files.forEach((file, i) => {
    const list = (file.values as Values).customResources;
    if (!Array.isArray(list) || list.length === 0) return;
    for (const earlier of files.slice(0, i)) {
      const base = (earlier.values as Values).customResources;
      if (!Array.isArray(base) || base.length === 0) continue;
      const data = { count: base.length, file: relativeName(earlier) };
      const where = { ...at(file, ['customResources']), path: ['customResources'] };
      findings.push(report(customResourcesListReplaced, base.length === 1 ? 'replacesOne' : 'replacesMany', data, where));
      break;
    }
  });
  return findings;
}

const relativeName = (file: ParsedFile) => file.file.split(/[\\/]/).slice(-3).join('/');

/** Nulls in maps that no earlier source sets: they remove nothing. */
function uselessNulls(ctx: ValuesContext): Finding[] {
  const files = appFiles(ctx);
  const findings: Finding[] = [];
  files.forEach((file, i) => {
    const earlier = [chartDefaults(ctx.chartDir), ctx.platform, ...files.slice(0, i).map((f) => f.values)];
    const walk = (node: Values, path: ValuesPath) => {
      for (const [key, value] of Object.entries(node)) {
        const child = [...path, key];
        if (value === null) {
          const set = earlier.some((source) => {
            const v = valueAt(source, child);
            return v !== undefined && v !== null;
          });
          if (!set) {
            findings.push(report(nullRemovesNothing, 'removesNothing', { path: child.join('.') }, at(file, child)));
          }
        } else if (isMapValue(value)) walk(value, child);
      }
    };
    walk(file.values as Values, []);
  });
  return findings;
}

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
const NOT_SECRET = /_(FILE|PATH|NAME|REF|URL|HOST|PORT|USER|USERNAME|ID|TTL|LENGTH|EXPIRY|TIMEOUT|ENABLED)$/i;

function literalSecrets(ctx: ValuesContext): Finding[] {
  const findings: Finding[] = [];
  const check = (file: ParsedFile, name: string, value: unknown, path: ValuesPath) => {
    if (!SECRET_NAME.test(name) || NOT_SECRET.test(name)) return;
    if (typeof value !== 'string' || value === '' || value.includes('{{')) return;
    findings.push(report(envLiteralSecret, 'plainText', { name }, at(file, path)));
  };
  for (const file of appFiles(ctx)) {
    const walk = (node: unknown, path: ValuesPath) => {
      if (Array.isArray(node))
        return node.forEach((v, i) => {
          walk(v, [...path, i]);
        });
      if (!isMapValue(node)) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'customResources' || key === 'customResourcesMap') continue;
        if (key === 'envVariables' && Array.isArray(value)) {
          value.forEach((item, i) => {
            if (isMapValue(item)) check(file, String(item.name ?? ''), item.value, [...path, key, i, 'value']);
          });
        } else if (key === 'envMap' && isMapValue(value)) {
          for (const [name, entry] of Object.entries(value)) {
            if (isMapValue(entry)) check(file, name, entry.value, [...path, key, name, 'value']);
            else check(file, name, entry, [...path, key, name]);
          }
        } else walk(value, [...path, key]);
      }
    };
    walk(file.values, []);
  }
  return findings;
}

/** Keys the chart accepts so that GlueOps app chart files render, and that do nothing (deprecationMessage in its schema). */
function ignoredKeys(ctx: ValuesContext): Finding[] {
  const findings: Finding[] = [];
  const walk = (file: ParsedFile, value: unknown, node: unknown, path: ValuesPath) => {
    if (value === null || value === undefined || !isMapValue(node) || node.$ref) return;
    if (typeof node.deprecationMessage === 'string') {
      findings.push(report(glueopsIgnoredKey, 'ignored', { deprecation: node.deprecationMessage }, at(file, path)));
      return;
    }
    if (Array.isArray(value))
      value.forEach((item, i) => {
        walk(file, item, node.items, [...path, i]);
      });
    else if (isMapValue(value)) {
      const properties = isMapValue(node.properties) ? node.properties : {};
      for (const [key, child] of Object.entries(value)) walk(file, child, properties[key] ?? node.additionalProperties, [...path, key]);
    }
  };
  for (const file of appFiles(ctx)) walk(file, file.values, chartSchema(), []);
  return findings;
}

const WORKLOADS = ['deployment', 'statefulSet'] as const;
const JOB_KINDS = ['cronJob', 'job'] as const;
const isSet = (value: unknown) => value !== undefined && value !== null && !(typeof value === 'string' && !value.trim());

/**
 * Images whose repository the values change while the tag stays the chart's default, the tag of the chart's own
 * image (with its digest): the pull asks the new repository for a tag and digest it does not have.
 */
function defaultTag(ctx: ValuesContext): Finding[] {
  const defaults = isMapValue(chartDefaults().image) ? (chartDefaults().image as Values) : {};
  const tag = defaults.tag;
  const merged = isMapValue(ctx.merged.image) ? ctx.merged.image : {};
  if (!isSet(tag) || valueAt(ctx.user, ['image', 'tag']) !== undefined || isSet(merged.digest)) return [];
  const sites: ValuesPath[] = [];
  const images: { path: ValuesPath; enabled: boolean }[] = [];
  for (const key of WORKLOADS) images.push({ path: [key, 'image'], enabled: valueAt(ctx.merged, [key, 'enabled']) === true });
  for (const key of JOB_KINDS) {
    const on = valueAt(ctx.merged, [key, 'enabled']) === true;
    images.push({ path: [key, 'image'], enabled: on });
    const jobs = valueAt(ctx.merged, [key, 'jobs']);
    for (const [name, job] of Object.entries(isMapValue(jobs) ? jobs : {})) {
      if (isMapValue(job) && job.enabled !== false) images.push({ path: [key, 'jobs', name, 'image'], enabled: on });
    }
  }
  for (const { path, enabled } of images) {
    const override = valueAt(ctx.merged, path);
    if (
      !enabled ||
      (typeof override === 'string' && override.trim()) ||
      (isMapValue(override) && (isSet(override.tag) || isSet(override.digest)))
    )
      continue;
    if (isMapValue(override) && isSet(override.repository)) sites.push([...path, 'repository']);
    else if (isSet(merged.repository) && merged.repository !== defaults.repository) sites.push(['image', 'repository']);
  }
  return [...new Map(sites.map((path) => [path.join('.'), path])).values()]
    .filter((path) => valueAt(ctx.user, path) !== undefined)
    .map((path) => {
      const data = {
        repository: String(valueAt(ctx.merged, path)),
        tag: String(tag),
        chartRepository: String(defaults.repository),
        tagKey: [...path.slice(0, -1), 'tag'].join('.'),
      };
      return report(imageDefaultTag, path[0] === 'image' ? 'defaultTag' : 'defaultTagOwnImage', data, locatePath(appFiles(ctx), path));
    });
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Extra Service ports without a targetPort, on a number no container declares: they send to the app port. */
function portsToAppPort(ctx: ValuesContext): Finding[] {
  const service = isMapValue(ctx.merged.service) ? ctx.merged.service : {};
  const rendered = service.enabled === true || valueAt(ctx.merged, ['ingress', 'enabled']) === true;
  if (!rendered || !Array.isArray(service.ports)) return [];
  const appPort = [ctx.merged.appPort, valueAt(ctx.merged, ['image', 'port']), valueAt(ctx.merged, ['deployment', 'port']), 8080].find(
    (p) => typeof p === 'number' && p > 0,
  );
  // a port a container of the pods declares is targeted by number (chart/templates/service.yaml)
  const workload = valueAt(ctx.merged, ['statefulSet', 'enabled']) === true ? ctx.merged.statefulSet : ctx.merged.deployment;
  const declared = new Set<unknown>();
  for (const item of asList(valueAt(workload, ['containerPorts'])))
    declared.add(valueAt(item, ['port']) ?? valueAt(item, ['containerPort']));
  for (const sidecar of asList(valueAt(workload, ['sidecar'])))
    for (const item of asList(valueAt(sidecar, ['ports']))) declared.add(valueAt(item, ['containerPort']));
  return service.ports.flatMap((port, i) => {
    if (!isMapValue(port) || isSet(port.targetPort) || typeof port.port !== 'number' || port.port === appPort || declared.has(port.port))
      return [];
    const data = { port: port.port, appPort: String(appPort) };
    return [report(servicePortTargetsAppPort, 'toAppPort', data, locatePath(appFiles(ctx), ['service', 'ports', i, 'port']))];
  });
}

const HELM_ROOT = new Set(['Values', 'Release', 'Chart', 'Capabilities', 'Template', 'Files', 'Subcharts']);
const ALONE = new Set(['end', 'else', 'break', 'continue', 'nil', 'true', 'false', 'now', 'uuidv4']);

/** Template actions in a text that Helm's engine does not understand the way their author meant. */
export function foreignActions(text: string): { index: number; action: string; engine: string }[] {
  const declared = new Set<string>();
  for (const m of text.matchAll(/\$([A-Za-z_]\w*)\s*(?:,\s*\$([A-Za-z_]\w*)\s*)?:?=/g)) {
    declared.add(m[1]);
    if (m[2]) declared.add(m[2]);
  }
  const scoped = /\{\{-?\s*(range|with|define|block)\b/.test(text);
  const found: { index: number; action: string; engine: string }[] = [];
  for (const m of text.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    const body = m[1].trim();
    if (body.startsWith('/*')) continue;
    const undeclared = [...body.matchAll(/\$([A-Za-z_]\w*)/g)].map((v) => v[1]).find((v) => !declared.has(v));
    const bare = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(body) && !ALONE.has(body);
    const field = /^\.([A-Za-z_]\w*)/.exec(body);
    if (undeclared)
      found.push({
        index: m.index ?? 0,
        action: m[0],
        engine: /^(labels|value|externalLabels|externalURL)$/.test(undeclared) ? 'Prometheus' : 'another engine',
      });
    else if (bare) found.push({ index: m.index ?? 0, action: m[0], engine: 'Argo CD ApplicationSet, Grafana or another engine' });
    else if (field && !scoped && !HELM_ROOT.has(field[1]))
      found.push({
        index: m.index ?? 0,
        action: m[0],
        engine: 'another engine (Helm knows .Values, .Release, .Chart, .Capabilities, .Template, .Files)',
      });
  }
  return found;
}

function foreignTemplates(ctx: ValuesContext): Finding[] {
  const findings: Finding[] = [];
  for (const file of appFiles(ctx)) {
    const values = file.values as Values;
    const entries: { path: ValuesPath; value: unknown }[] = [
      ...(Array.isArray(values.customResources)
        ? values.customResources.map((value, i) => ({ path: ['customResources', i] as ValuesPath, value }))
        : []),
      ...(isMapValue(values.customResourcesMap)
        ? Object.entries(values.customResourcesMap).map(([k, value]) => ({ path: ['customResourcesMap', k] as ValuesPath, value }))
        : []),
    ];
    for (const entry of entries) {
      const strings: { path: ValuesPath; text: string }[] = [];
      const collect = (node: unknown, path: ValuesPath) => {
        if (typeof node === 'string') strings.push({ path, text: node });
        else if (Array.isArray(node))
          node.forEach((v, i) => {
            collect(v, [...path, i]);
          });
        else if (isMapValue(node) && !(Object.keys(node).length === 1 && 'verbatim' in node))
          Object.entries(node).forEach(([k, v]) => {
            collect(v, [...path, k]);
          });
      };
      collect(entry.value, entry.path);
      for (const { path, text } of strings) {
        for (const action of foreignActions(text)) {
          const before = text.slice(0, action.index).split('\n');
          const position = locateInText([file], path, before.length, before[before.length - 1].length + 1);
          findings.push(
            report(foreignTemplate, 'foreign', { action: action.action, engine: action.engine }, { ...position, path: entry.path }),
          );
        }
      }
    }
  }
  return findings;
}

export const valuesSchema = {
  id: 'values-schema',
  severity: 'error',
  family: 'values',
  summary:
    "A value that does not fit the chart's schema: an unknown key (with a guess at the key meant), a wrong type, a value " +
    'outside its allowed set. Each file is checked alone (as an editor would) and merged (as Helm does).',
  why: 'Helm refuses the whole render when the merged values break the schema, and ArgoCD shows the app as failed.',
  fix: 'Change the value as the message says; chart/values.yaml and chart/values.schema.json list every key with its description.',
  messages: {
    problem: '{path}: {problem}',
    // Helm's own refusal, explained as `app-chart render` explains it (a schema lint could not read, say)
    helmRefused: '{explanation}',
    conditionWhen: '{path}: when {when}, {need}',
    condition: '{path}: {need}',
  },
  example: {
    values: `deployment:
  enabled: true
  replicsa: 2
`,
  },
} satisfies RuleDef;

const rootKeyTypo = {
  id: 'root-key-typo',
  severity: 'error',
  family: 'values',
  summary: 'A root key that nothing reads and that is close to one the chart or a template reads, such as deploymnet.',
  why:
    'The root of the values stays open (values files carry keys like captain_domain for templates), so Helm accepts a misspelt ' +
    'top-level key and silently ignores everything under it.',
  fix: 'Rename the key to the one suggested.',
  messages: {
    typo: 'nothing reads the root key "{key}"; did you mean "{guess}"? Rename it',
  },
  example: {
    values: `deploymnet:
  replicas: 3
`,
  },
  values: (ctx) => rootKeys(ctx, 'typo'),
} satisfies RuleDef;

const rootKeyUnused = {
  id: 'root-key-unused',
  severity: 'error',
  family: 'values',
  summary:
    'A root key that is not a chart key, not a platform value, and that no template in the values reads (.Values.<key>); with ' +
    'a guess at the section it belongs to when a section has such a key.',
  why:
    'Helm accepts it and nothing reads it: a setting one indentation short (replicas: under a deployment: left empty), a ' +
    'leftover, or a key of another chart. What it was meant to change silently stays as it was.',
  fix:
    'Move it under the section named (indent it), remove it, or list it under rootKeys in app-chart.config.yaml if another tool ' +
    'reads it.',
  messages: {
    misindented:
      'nothing reads the root key "{key}"; did you mean {section}.{key}? {section}: is written just above it with nothing ' +
      'under it: indent "{key}:" under it',
    inSection: 'nothing reads the root key "{key}"; did you mean {sections}? Move it under that section',
    unused:
      'nothing reads the root key "{key}" (not a chart key, and no template in the values uses .Values.{key}): remove it, or ' +
      'list it under rootKeys in app-chart.config.yaml if another tool reads it',
  },
  example: {
    values: `deployment:
  enabled: true
replicaCount: 3   # the chart reads deployment.replicas
`,
  },
  values: (ctx) => rootKeys(ctx, 'unused'),
} satisfies RuleDef;

const sectionNulled = {
  id: 'section-nulled',
  severity: 'error',
  family: 'values',
  summary:
    'A later file sets to null a section an earlier file enables (a workload, the Service, the Ingress, any map with enabled: true).',
  why:
    'A key left empty is null, and a null removes the whole section: "deployment:" followed by a mis-indented "replicas: 3" ' +
    'removes the Deployment, and Helm renders without it.',
  fix: 'Indent the keys meant for the section under it, or write enabled: false to turn it off on purpose.',
  messages: {
    keysFollow:
      'is null here, which removes the whole section an earlier file enables{where}, so nothing of it is rendered: the keys ' +
      'after it ({following}) look like its own; indent them under {key}:',
    nulled:
      'is null here, which removes the whole section an earlier file enables{where}, so nothing of it is rendered: to turn it ' +
      'off, write {enabled}: false; to keep it, remove this line',
  },
  example: {
    base: `deployment:
  enabled: true
  replicas: 2
`,
    values: `# the replicas line lost its indentation: deployment is null, and the Deployment is gone
deployment:
replicas: 3
`,
  },
  values: nulledSections,
} satisfies RuleDef;

const customResourcesListReplaced = {
  id: 'custom-resources-list-replaced',
  severity: 'warn',
  family: 'values',
  summary: 'customResources is a non-empty list in base/base-values.yaml and again in an env file.',
  why: "Helm replaces lists, it never merges them: the env's list silently drops every entry of the base list.",
  fix: 'Move the entries to customResourcesMap (maps merge by name, and an env removes one with name: null), or keep the list in one file.',
  messages: {
    replacesOne:
      'this customResources list replaces the {count} entry of the list in {file} (Helm never merges lists): move the entries ' +
      'to customResourcesMap, which merges by name, or keep the list in one file',
    replacesMany:
      'this customResources list replaces the {count} entries of the list in {file} (Helm never merges lists): move the ' +
      'entries to customResourcesMap, which merges by name, or keep the list in one file',
  },
  example: {
    base: `customResources:\n  - |\n${indent(configMap('settings'), 4)}\n`,
    values:
      '# replaces the whole base list: the settings ConfigMap is gone\n' +
      `customResources:\n  - |\n${indent(configMap('prod-only'), 4)}\n`,
  },
  values: listReplaced,
} satisfies RuleDef;

const nullRemovesNothing = {
  id: 'null-removes-nothing',
  severity: 'warn',
  family: 'values',
  summary: 'A key set to null (or left empty) that no earlier file and no chart default sets.',
  why:
    'A null removes what an earlier file set; when there is nothing to remove it usually means a misspelt key (the entry meant ' +
    'to be removed is still there) or a value that was forgotten.',
  fix: "Check the key's spelling against the file that sets it; otherwise delete the line or give it a value.",
  messages: {
    removesNothing:
      "{path} is null, but no earlier file (nor the chart's defaults) sets it, so it removes nothing: delete the line, or " +
      "give it a value (check the key's spelling if you meant to remove something)",
  },
  example: {
    base: `customResourcesMap:\n  settings: |\n${indent(configMap('settings'), 4)}\n`,
    values: 'customResourcesMap:\n  setings: null   # the base entry is settings\n',
  },
  values: uselessNulls,
} satisfies RuleDef;

const envLiteralSecret = {
  id: 'env-literal-secret',
  severity: 'error',
  family: 'values',
  summary:
    'An environment variable named like a secret (PASSWORD, TOKEN, SECRET, API_KEY, PRIVATE_KEY, CREDENTIAL) with its value ' +
    'written in envVariables or envMap.',
  why: "Values files live in git and in ArgoCD's UI; a literal secret there is readable by everyone who can read either.",
  fix:
    'Store the value in a Secret (External Secrets, Sealed Secrets, ...) and read it with deployment.envSecrets: {variable, ' +
    'secretName, secretKey}.',
  messages: {
    plainText:
      '{name} looks like a secret, and its value is written here in plain text: put it in a Secret and read it with ' +
      'deployment.envSecrets (variable, secretName, secretKey)',
  },
  example: {
    values: `deployment:
  enabled: true
  envVariables:
    - name: POSTGRES_PASSWORD
      value: hunter2
`,
  },
  values: literalSecrets,
} satisfies RuleDef;

const glueopsIgnoredKey = {
  id: 'glueops-ignored-key',
  severity: 'warn',
  family: 'values',
  summary:
    'A key that GlueOps app chart files carry and that does nothing, here as in the GlueOps chart: ' +
    'persistentVolumeClaim.mountPVC, image.imagePullSecrets (a misspelling of image.pullSecrets).',
  why:
    'The chart accepts these keys so that GlueOps values files render unchanged, but nothing reads them: a setting written ' +
    'there (a pull secret, say) silently does not apply.',
  fix: 'Remove the key, or rename it as the message says (image.imagePullSecrets → image.pullSecrets).',
  messages: {
    ignored: '{deprecation}',
  },
  example: {
    values: `image:
  repository: ghcr.io/example/api
  tag: "1.0.0"
  imagePullSecrets: ghcr-pull   # the GlueOps chart ignores it too
deployment:
  enabled: true
`,
  },
  values: ignoredKeys,
} satisfies RuleDef;

const imageDefaultTag = {
  id: 'image-default-tag',
  severity: 'warn',
  family: 'values',
  summary:
    "An image repository set (image.repository, or a workload's or job's image.repository) while no values file sets a tag, " +
    "so the chart's default tag applies: the tag and digest of the chart's own image (nginx).",
  why:
    'As in the GlueOps chart, the default image.tag carries a digest of the default image, and it wins over appVersion; another ' +
    'repository has no such tag and digest, so the pods stay in ImagePullBackOff.',
  fix: 'Set image.tag (or the override\'s tag) to the tag of your image, or image.tag: "" to take appVersion as the tag.',
  messages: {
    defaultTag:
      'is "{repository}", but no values file sets a tag: the chart\'s default tag "{tag}" (the tag of its own image, ' +
      '{chartRepository}) applies, and this image has no such tag. Set {tagKey} to your image\'s tag, or image.tag: "" to use ' +
      'appVersion',
    defaultTagOwnImage:
      'is "{repository}", but no values file sets a tag: the chart\'s default tag "{tag}" (the tag of its own image, ' +
      "{chartRepository}) applies, and this image has no such tag. Set {tagKey} or image.tag to your image's tag, or " +
      'image.tag: "" to use appVersion',
  },
  example: {
    values: `appVersion: 2.0.1
image:
  repository: ghcr.io/example/api   # no tag: the chart's default tag is pulled
deployment:
  enabled: true
`,
  },
  values: defaultTag,
} satisfies RuleDef;

const servicePortTargetsAppPort = {
  id: 'service-port-targets-app-port',
  severity: 'warn',
  family: 'values',
  summary:
    'An extra Service port (service.ports[]) without a targetPort, on a number that neither the app port nor a declared ' +
    'container port (containerPorts, sidecar ports) has: it sends to the app port, not to its own number.',
  why:
    'As in the GlueOps chart, such a port targets the app port (image.port). A process that listens on that number without ' +
    'declaring it gets no traffic, and nothing fails at render or apply time.',
  fix:
    'Set targetPort: the container port (number or name) that should receive the traffic; set it to the app port to keep what ' +
    'it does and say so.',
  messages: {
    toAppPort:
      'has no targetPort, so the Service sends port {port} to the app port {appPort} (as the GlueOps chart does). If a ' +
      "container listens on {port}, set targetPort: {port} (or the container port's name); to keep {appPort}, set targetPort: " +
      '{appPort}',
  },
  example: {
    values: `deployment:
  enabled: true
service:
  enabled: true
  ports:
    - name: metrics
      port: 9090   # goes to the app port, 8080, not 9090
`,
  },
  values: portsToAppPort,
} satisfies RuleDef;

const foreignTemplate = {
  id: 'foreign-template',
  severity: 'error',
  family: 'values',
  summary:
    'A "{{ }}" in a custom resource that belongs to another template engine: Prometheus ($labels, $value), Argo CD ' +
    'ApplicationSets ({{cluster}}, {{ .path.basename }}), Grafana.',
  why:
    'Custom resource text is rendered by Helm\'s template engine: such an action fails the render ("undefined variable", ' +
    '"function not defined") or renders as an empty string.',
  fix: 'Write the entry as {verbatim: |} followed by the text: the chart emits it as written, without Helm templating.',
  messages: {
    foreign:
      '{action} is a template of {engine}, not Helm: Helm fails on it or renders it empty. Write the entry as {verbatim: |} ' +
      'to emit its text as written',
  },
  example: {
    values: `customResourcesMap:
  alerts: |
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: {{ include "app.name" . }}-alerts
    data:
      summary: "{{ $labels.instance }} is down"
`,
  },
  values: foreignTemplates,
} satisfies RuleDef;

export const valuesRules: RuleDef[] = [
  valuesSchema,
  rootKeyTypo,
  rootKeyUnused,
  sectionNulled,
  customResourcesListReplaced,
  nullRemovesNothing,
  envLiteralSecret,
  glueopsIgnoredKey,
  imageDefaultTag,
  servicePortTargetsAppPort,
  foreignTemplate,
];
