// Values files parsed with positions (the `yaml` library's document API) and read the way Helm reads them.
//
// Helm parses values with go-yaml through sigs.k8s.io/yaml, which resolves plain scalars by YAML 1.1 rules:
// measured with Helm 3.18 and 4.1, `on`, `yes`, `y`, `n`, `off` (any case variant YAML 1.1 lists) are
// booleans, also as map keys (`on:` becomes the key "true"); `010` is octal 8; `0x1F`, `0b101`, `0o17` and
// `1_000` are numbers; `1.10` is the float 1.1; `1:30` stays a string; `<<` is not a merge key but the key
// "true"; a key written twice keeps the last value. The yaml library reads YAML 1.2, so values are built
// here from the syntax tree with Helm's rules, and every place where the two readings differ is reported.
import { readFileSync } from 'node:fs';
import {
  isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument,
  type Document, type Node as YamlNode, type Scalar,
} from 'yaml';
import type { ValuesPath } from '../locate.ts';
import type { Finding } from './types.ts';

export interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  /** the values as Helm reads them; undefined when the file does not parse */
  values: unknown;
  /** false when Helm could not read the file at all */
  ok: boolean;
  findings: Finding[];
}

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
/** booleans to Helm, strings to YAML 1.2 (and to a reader) */
const YAML11_ONLY_BOOL = new Set([...BOOL_TRUE, ...BOOL_FALSE].filter((w) => !/^(true|false)$/i.test(w)));
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT = /^[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;

/** A plain (unquoted) scalar as Helm's YAML parser resolves it. */
export function helmScalar(source: string): unknown {
  if (NULLS.has(source)) return null;
  if (BOOL_TRUE.has(source)) return true;
  if (BOOL_FALSE.has(source)) return false;
  if (INT.test(source)) {
    const text = source.replace(/_/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const digits = text.replace(/^[-+]/, '');
    if (/^0b/.test(digits)) return sign * parseInt(digits.slice(2), 2);
    if (/^0o/.test(digits)) return sign * parseInt(digits.slice(2), 8);
    if (/^0x/.test(digits)) return sign * parseInt(digits.slice(2), 16);
    if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits.slice(1), 8);
    return sign * Number(digits);
  }
  if (FLOAT.test(source)) return Number(source.replace(/_/g, ''));
  return source;
}

/** The string a map key becomes for Helm (keys are converted to JSON strings). */
function helmKey(node: unknown): string {
  if (isScalar(node)) {
    const value = isPlain(node) ? helmScalar(String(node.source ?? node.value)) : node.value;
    return value === null ? 'null' : String(value);
  }
  return String(node);
}

const isPlain = (node: Scalar) => node.type === 'PLAIN' || node.type === undefined;

interface Walker {
  doc: Document;
  lines: LineCounter;
  findings: Finding[];
  file: string;
}

function at(walker: Walker, node: { range?: [number, number, number] | null } | null | undefined) {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = walker.lines.linePos(offset);
  return { file: walker.file, line, col };
}

/** Builds the value Helm sees from a node, reporting the places where a reader would expect another. */
function build(walker: Walker, node: unknown, path: ValuesPath, seen = new Set<unknown>()): unknown {
  if (isAlias(node)) {
    const target = node.resolve(walker.doc);
    if (!target || seen.has(target)) return null;
    return build(walker, target, path, new Set([...seen, target]));
  }
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    const firstSeen = new Map<string, unknown>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      if (keyNode !== null && !isScalar(keyNode)) {
        walker.findings.push({
          rule: 'yaml-syntax',
          ...at(walker, keyNode as YamlNode),
          path,
          message: 'a map key must be a plain word or quoted string, not a list or map',
        });
        continue;
      }
      const key = helmKey(keyNode);
      const childPath = [...path, key];
      if (isScalar(keyNode) && isPlain(keyNode)) checkKey(walker, keyNode, childPath);
      const earlier = firstSeen.get(key);
      if (earlier !== undefined) {
        const first = at(walker, earlier as YamlNode);
        const written = isScalar(keyNode) ? String(keyNode.source ?? keyNode.value) : key;
        walker.findings.push({
          rule: 'yaml-duplicate-key',
          ...at(walker, keyNode),
          path: childPath,
          message:
            `key "${written}" is also written at line ${first.line}` +
            (written !== key ? ` (both are the key "${key}" to Helm)` : '') +
            '; Helm keeps only this one: delete one of them',
        });
      } else {
        firstSeen.set(key, keyNode);
      }
      result[key] = build(walker, pair.value, childPath, seen);
    }
    return result;
  }
  if (isSeq(node)) return node.items.map((item, i) => build(walker, item, [...path, i], seen));
  if (isScalar(node)) {
    if (!isPlain(node)) return node.value;
    const source = String(node.source ?? node.value ?? '');
    const value = helmScalar(source);
    checkValue(walker, node, source, value, path);
    return value;
  }
  return null;
}

function checkKey(walker: Walker, node: Scalar, path: ValuesPath) {
  const source = String(node.source ?? node.value);
  if (source === '<<') {
    walker.findings.push({
      rule: 'yaml-boolean-key',
      ...at(walker, node),
      path,
      message: 'Helm does not merge "<<" keys: it reads this as the key "true". Write the keys out in full',
    });
  } else if (BOOL_TRUE.has(source) || BOOL_FALSE.has(source)) {
    walker.findings.push({
      rule: 'yaml-boolean-key',
      ...at(walker, node),
      path,
      message: `Helm reads the key ${source} as the boolean ${BOOL_TRUE.has(source)} (the key "${BOOL_TRUE.has(source)}"): quote it, "${source}":`,
    });
  }
}

/** Keys whose numbers are file modes, where a leading 0 (octal) is what Kubernetes expects. */
const MODE_KEY = /mode$/i;

function checkValue(walker: Walker, node: Scalar, source: string, value: unknown, path: ValuesPath) {
  const key = path[path.length - 1];
  if (YAML11_ONLY_BOOL.has(source)) {
    walker.findings.push({
      rule: 'yaml-boolean-value',
      ...at(walker, node),
      path,
      message: `Helm reads ${source} as the boolean ${value}: write ${value} if you mean a boolean, or "${source}" in quotes for the text`,
    });
  } else if (/^[-+]?0[0-7_]+$/.test(source) && !(typeof key === 'string' && MODE_KEY.test(key))) {
    walker.findings.push({
      rule: 'yaml-octal',
      ...at(walker, node),
      path,
      message: `Helm reads ${source} as the octal number ${value}: write ${Number(source.replace(/_/g, ''))} for the decimal number, or "${source}" in quotes for the text`,
    });
  } else if (/^[0-9]+\.[0-9]+$/.test(source) && String(value) !== source) {
    walker.findings.push({
      rule: 'yaml-version-number',
      ...at(walker, node),
      path,
      message: `Helm reads ${source} as the number ${value}, so it renders as "${value}": quote it, "${source}"`,
    });
  }
}

/** Lines indented with tabs: YAML forbids them, and Helm fails on them (also inside a custom resource's text). */
function tabFindings(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((lineText, i) => {
    const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
    const tab = indent.indexOf('\t');
    if (tab >= 0 && lineText.trim() !== '') {
      findings.push({
        rule: 'yaml-tab',
        file,
        line: i + 1,
        col: tab + 1,
        message: 'a tab in the indentation: YAML indents with spaces only; replace the tab with spaces',
      });
    }
  });
  return findings;
}

/** The first line with an odd number of a quote character: where an unclosed string starts. */
function openingQuote(text: string, quote: string): { line: number; col: number } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const content = lines[i].replace(/\s#.*$/, '');
    const count = (content.match(quote === '"' ? /(?<!\\)"/g : /'/g) ?? []).length;
    if (count % 2 === 1) return { line: i + 1, col: content.indexOf(quote) + 1 };
  }
  return { line: lines.length, col: 1 };
}

/** Parses one values file; never throws for bad content (a missing file throws). */
export function parseValuesFile(file: string, text = readFileSync(file, 'utf8')): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, keepSourceTokens: false });
  const walker: Walker = { doc, lines, findings: [], file };
  const findings: Finding[] = tabFindings(file, text);
  const tabLines = new Set(findings.map((f) => f.line));
  let ok = true;
  for (const error of doc.errors) {
    const { line, col } = error.linePos?.[0] ?? { line: 1, col: 1 };
    // A tab in the indentation is reported once, as yaml-tab; the parser's follow-on complaints add nothing.
    if (tabLines.has(line) || (error.code === 'TAB_AS_INDENT' && tabLines.size > 0)) {
      ok = false;
      continue;
    }
    ok = false;
    const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
    if (quote) {
      findings.push({ rule: 'yaml-syntax', file, ...openingQuote(text, quote), message: `a ${quote === '"' ? 'double' : 'single'} quote opened here is never closed: close it on this line` });
      continue;
    }
    const reason = error.code === 'MULTIPLE_DOCS'
      ? 'a values file holds one document, but this one has a "---" line: Helm 3 reads only the first document and Helm 4 merges them. Remove the "---"'
      : `${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}: fix the YAML here`;
    findings.push({ rule: 'yaml-syntax', file, line, col, message: reason });
  }
  if (tabLines.size > 0) ok = false;
  const values = ok ? build(walker, doc.contents, []) : undefined;
  if (ok && values !== null && values !== undefined && (typeof values !== 'object' || Array.isArray(values))) {
    findings.push({
      rule: 'yaml-syntax',
      file,
      line: 1,
      col: 1,
      message: 'a values file must be a map of keys (key: value); this one is a list or a single value',
    });
    ok = false;
  }
  return { file, text, doc, lines, values: ok ? (values ?? {}) : undefined, ok, findings: [...findings, ...walker.findings] };
}

/** Values of a YAML text as Helm reads it (for rendered manifests and chart defaults). */
export function readHelmYaml(text: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  return build({ doc, lines, findings: [], file: '' }, doc.contents, []);
}

/** The node at a path, following keys as Helm reads them; undefined when the path is not written here. */
export function nodeAt(parsed: ParsedFile, path: ValuesPath): { key?: YamlNode; value: unknown } | undefined {
  let node: unknown = parsed.doc.contents;
  let key: YamlNode | undefined;
  for (const segment of path) {
    while (isAlias(node)) node = node.resolve(parsed.doc);
    if (isMap(node)) {
      const pair = [...node.items].reverse().find((p) => isPair(p) && helmKey(p.key) === String(segment));
      if (!pair) return undefined;
      key = pair.key as YamlNode;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      if (segment >= node.items.length) return undefined;
      key = undefined;
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return { key, value: node };
}
