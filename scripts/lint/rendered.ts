// The objects of a render, each traced back to what produced it: a custom resource entry (the chart writes a
// `# customResources[2]` or `# customResourcesMap.tcp-route (document 2 of 3)` line after Helm's `# Source:`
// line) or one of the chart's own templates, and a field of it traced back to a line of the values files.
import { basename } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import type { ValuesPath } from '../values-path.ts';
import { isMapValue, valueAt, type Values } from './merge.ts';
import { locateInText, locatePath, writtenAt } from './positions.ts';
import type { Location } from './types.ts';
import { parseWithinLimits, readHelmYamlDocument, UnreadableYaml, type ParsedFile } from './yaml.ts';

export interface Entry {
  label: string;
  path: ValuesPath;
  /** 0-based index of the document inside the entry's text */
  document: number;
}

export interface RenderedObject {
  obj: Values;
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace, else the app's namespace */
  namespace: string;
  /** true when metadata.namespace is written */
  explicitNamespace: boolean;
  /** the chart template file, e.g. custom-resources.yaml */
  template: string;
  entry?: Entry;
  body: string;
  /** "Kind/name" */
  ref: string;
}

const LABEL = /^(customResources\[(\d+)\]|customResourcesMap\.(.+?))(?: \(document (\d+) of \d+\))?$/;

export function parseEntryLabel(label: string): Entry | undefined {
  const match = LABEL.exec(label.trim());
  if (!match) return undefined;
  const path: ValuesPath = match[2] !== undefined ? ['customResources', Number(match[2])] : ['customResourcesMap', match[3]];
  return { label: match[1], path, document: match[4] ? Number(match[4]) - 1 : 0 };
}

interface ParsedBody {
  doc: Document;
  lines: LineCounter;
}

/** The parse of each object's body, kept from parseRender for the positions of fields that findings ask for. */
const parsedBodies = new WeakMap<RenderedObject, ParsedBody>();

/** A rendered document lint could not read (beyond its limits, or YAML it reads otherwise than Helm). */
export interface UnreadableObject {
  template: string;
  entry?: Entry;
  message: string;
}

/** Splits `helm template` output into objects; empty documents are skipped, unreadable ones returned apart. */
export function parseRender(output: string, namespace: string): { objects: RenderedObject[]; unreadable: UnreadableObject[] } {
  const objects: RenderedObject[] = [];
  const unreadable: UnreadableObject[] = [];
  for (const chunk of output.split(/^---[ \t]*$/m)) {
    const lines = chunk.replace(/^\n/, '').split('\n');
    const source = /^# Source: (.+)$/.exec(lines[0] ?? '');
    if (!source) continue;
    let bodyStart = 1;
    let entry: Entry | undefined;
    const label = /^# (.+)$/.exec(lines[1] ?? '');
    if (label) {
      entry = parseEntryLabel(label[1]);
      if (entry) bodyStart = 2;
    }
    const body = lines.slice(bodyStart).join('\n');
    let obj: unknown;
    let parsed: ParsedBody;
    try {
      const read = readHelmYamlDocument(body);
      obj = read.value;
      parsed = { doc: read.doc, lines: read.lines };
    } catch (error) {
      if (!(error instanceof UnreadableYaml)) throw error;
      unreadable.push({ template: basename(source[1]), entry, message: error.message });
      continue;
    }
    if (obj === null || obj === undefined) continue;
    if (!isMapValue(obj)) {
      unreadable.push({ template: basename(source[1]), entry, message: 'a rendered document that is not a map of keys' });
      continue;
    }
    const metadata = isMapValue(obj.metadata) ? obj.metadata : {};
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const explicitNamespace = typeof metadata.namespace === 'string' && metadata.namespace !== '';
    const object: RenderedObject = {
      obj,
      apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
      kind,
      name,
      namespace: explicitNamespace ? (metadata.namespace as string) : namespace,
      explicitNamespace,
      template: basename(source[1]),
      entry,
      body,
      ref: `${kind || '<no kind>'}/${name || '<unnamed>'}`,
    };
    parsedBodies.set(object, parsed);
    objects.push(object);
  }
  return { objects, unreadable };
}

/** The values path that produced an object of the chart's own templates. */
export function chartObjectPath(object: RenderedObject, values: Values, appName: string): ValuesPath {
  const stem = object.template.replace(/\.ya?ml$/, '');
  if (stem === 'ingress') {
    const entries = valueAt(values, ['ingress', 'entries']);
    if (Array.isArray(entries)) {
      const index = entries.findIndex((e) => isMapValue(e) && `${appName}-${String(e.name)}` === object.name);
      if (index >= 0) return ['ingress', 'entries', index];
    }
    return ['ingress'];
  }
  const byTemplate: Record<string, string> = { networkpolicy: 'networkPolicy', service: 'service', deployment: 'deployment' };
  const key = byTemplate[stem] ?? Object.keys(values).find((k) => k.toLowerCase() === stem.toLowerCase());
  return key ? [key] : [];
}

/** The values key behind a field of a chart Ingress (hosts and backends), when there is one. */
function chartFieldPath(base: ValuesPath, field: ValuesPath): ValuesPath | undefined {
  if (base[0] !== 'ingress' || base.length !== 3) return undefined;
  const [spec, rules, r, http, paths, i, ...rest] = field;
  if (spec !== 'spec' || rules !== 'rules' || typeof r !== 'number') return undefined;
  if (http === undefined || http === 'host') return [...base, 'hosts', r, 'hostname'];
  if (http !== 'http' || paths !== 'paths' || typeof i !== 'number') return [...base, 'hosts', r];
  const key = rest.join('.');
  if (key === 'backend.service.name') return [...base, 'hosts', r, 'paths', i, 'serviceName'];
  if (key.startsWith('backend.service.port'))
    return [...base, 'hosts', r, 'paths', i, key.endsWith('name') ? 'servicePortName' : 'servicePortNumber'];
  return [...base, 'hosts', r, 'paths', i];
}

/** Where a custom resource entry's text is written: the string itself, or the verbatim key under it. */
function entryTextPath(entry: Entry, values: Values): ValuesPath | undefined {
  const value = valueAt(values, entry.path);
  if (typeof value === 'string') return entry.path;
  if (isMapValue(value) && typeof value.verbatim === 'string' && Object.keys(value).length === 1) return [...entry.path, 'verbatim'];
  return undefined;
}

/** The 0-based line and column of a field (its key, or the item for a list index) in an object's rendered text. */
function fieldPosition(object: RenderedObject, field: ValuesPath): { line: number; col: number; key?: string } | undefined {
  let parsed = parsedBodies.get(object);
  if (!parsed) {
    const lines = new LineCounter();
    const doc = parseWithinLimits(object.body, lines);
    if (!doc) return undefined;
    parsed = { doc, lines };
  }
  const { doc, lines } = parsed;
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: number[] } | null)?.range?.[0];
  let key: string | undefined;
  for (const segment of field) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair || !isScalar(pair.key)) break;
      offset = pair.key.range?.[0];
      key = String(segment);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      offset = (node as { range?: number[] }).range?.[0];
      key = undefined;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line - 1, col: pos.col - 1, key };
}

/** Start (0-based line) of each document of an entry's text, split as the chart splits it, blank lines skipped. */
function documentStarts(text: string): number[] {
  const starts: number[] = [];
  const lines = text.split('\n');
  let start = 0;
  lines.forEach((line, i) => {
    if (/^---[ \t]*(?:#.*)?$/.test(line)) {
      starts.push(start);
      start = i + 1;
    }
  });
  starts.push(start);
  return starts.map((s) => {
    let first = s;
    while (first < lines.length && lines[first].trim() === '') first++;
    return first;
  });
}

/**
 * Where a field of a rendered object is written. Object entries map field by field to the values files;
 * text entries map through the line of the field in the rendered document, checked against the entry's
 * text (templates that add or remove lines fall back to the nearest line that writes the same key).
 */
export function locateField(object: RenderedObject, field: ValuesPath, files: ParsedFile[], values: Values, appName: string): Location {
  if (!object.entry) {
    const base = chartObjectPath(object, values, appName);
    const precise = chartFieldPath(base, field);
    return locatePath(files, precise && writtenAt(files, precise) ? precise : base);
  }
  const entry = object.entry;
  const textPath = entryTextPath(entry, values);
  if (!textPath) {
    const written = writtenAt(files, [...entry.path, ...field]);
    return locatePath(files, written ? [...entry.path, ...field] : entry.path);
  }
  const text = writtenAt(files, textPath);
  const source = isScalar(text?.value) ? String(text.value.value) : undefined;
  const start = source === undefined ? 0 : (documentStarts(source)[entry.document] ?? 0);
  const rendered = fieldPosition(object, field);
  if (source === undefined || !rendered) return { ...locateInText(files, textPath, start + 1), path: entry.path };
  const sourceLines = source.split('\n');
  let line = start + rendered.line;
  let col = rendered.col;
  const writes = (l: number) =>
    rendered.key === undefined || new RegExp(`^\\s*(- )?["']?${escapeRegExp(rendered.key)}["']?\\s*:`).test(sourceLines[l] ?? '');
  if (!writes(line)) {
    const candidates = sourceLines.map((_, i) => i).filter((i) => i >= start && writes(i));
    line = candidates.length ? candidates.reduce((a, b) => (Math.abs(b - line) < Math.abs(a - line) ? b : a)) : start;
  }
  if (rendered.key !== undefined) col = Math.max(0, (sourceLines[line] ?? '').indexOf(rendered.key));
  // lines and columns here count from 0 (indexes into the text), the positions module's from 1
  return { ...locateInText(files, textPath, line + 1, col + 1), path: entry.path };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
