// Values files parsed with positions (the `yaml` library's document API) and read the way Helm reads them.
//
// Helm parses values with go-yaml v2 through sigs.k8s.io/yaml, which resolves plain scalars by YAML 1.1 rules:
// measured with Helm 3.18 and 4.1, `on`, `yes`, `y`, `n`, `off` (any case variant YAML 1.1 lists) are
// booleans, also as map keys (`on:` becomes the key "true"); `010` is octal 8; `0x1F`, `0b101`, `0o17` and
// `1_000` are numbers; `1.10` is the float 1.1; `1:30` stays a string; a key written twice keeps the last
// value. `<<` merges maps: the keys of the merged map are set where the `<<` stands, so a key written before
// it is overwritten and one written after it wins; in `<<: [*a, *b]` the first map wins. Explicit tags
// (`!!str 010`, `!!int "5"`, `!!binary`) are honoured, any other tag leaves the text a string. Helm refuses
// a file with a null or non-scalar key, `.inf` or `.nan`, a tag that does not fit its value, an alias to no
// anchor, or more alias expansion than go-yaml allows. The yaml library reads YAML 1.2, so values are built
// here from the syntax tree with Helm's rules, and every place where the two readings differ is reported.
//
// Every file is bounded before it is read (size) and before it is composed (nesting depth), so no file can
// exhaust lint's memory or stack; see yamlLimits().
import { readFileSync, statSync } from 'node:fs';
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Scalar,
} from 'yaml';
import type { Environment } from '../install.ts';
import { setOwn } from '../own-property.ts';
import type { ValuesPath } from '../values-path.ts';
import { messageText, report } from './rules/rule.ts';
import {
  inputLimit,
  pathUnreadable,
  yamlBooleanKey,
  yamlBooleanValue,
  yamlDuplicateKey,
  yamlOctal,
  yamlSyntax,
  yamlTab,
  yamlVersionNumber,
} from './rules/yaml.ts';
import type { Finding } from './types.ts';

/** A YAML file parsed with positions: what a values path is looked up in (scripts/lint/positions.ts). */
export interface YamlText {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  /** false when Helm could not read the file at all (or lint may not: see yamlLimits); it then sets no values */
  ok: boolean;
}

export interface ParsedFile extends YamlText {
  /** the values as Helm reads them; undefined when the file does not parse */
  values: unknown;
  findings: Finding[];
}

/** What lint reads of one YAML text; beyond either bound the text is reported (rule input-limit), not read. */
export interface YamlLimits {
  /** bytes of one file */
  maxBytes: number;
  /** levels of maps and lists inside each other */
  maxDepth: number;
}

/**
 * Nesting the yaml library composes within Node's default stack: about 850 levels of flow lists measured, so
 * a limit above this is refused rather than crash the process. Helm itself reads up to 10000.
 */
export const DEPTH_CEILING = 600;
export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 5 * 2 ** 20, maxDepth: 256 };

/** The limits: the defaults, changed by APP_CHART_YAML_MAX_SIZE (megabytes) and APP_CHART_YAML_MAX_DEPTH. */
export function yamlLimits(env: Environment = process.env): YamlLimits {
  const limits = { ...DEFAULT_YAML_LIMITS };
  const size = env.APP_CHART_YAML_MAX_SIZE;
  if (size) {
    const mb = Number(size);
    if (!Number.isFinite(mb) || mb <= 0)
      throw new YamlLimitsError(`APP_CHART_YAML_MAX_SIZE must be a positive number of megabytes, not "${size}"`);
    limits.maxBytes = Math.round(mb * 2 ** 20);
  }
  const depth = env.APP_CHART_YAML_MAX_DEPTH;
  if (depth) {
    const levels = Number(depth);
    if (!Number.isInteger(levels) || levels < 1 || levels > DEPTH_CEILING) {
      throw new YamlLimitsError(`APP_CHART_YAML_MAX_DEPTH must be a whole number from 1 to ${DEPTH_CEILING}, not "${depth}"`);
    }
    limits.maxDepth = levels;
  }
  return limits;
}

/** An environment variable sets a limit lint cannot use. */
export class YamlLimitsError extends Error {}

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
/** booleans to Helm, strings to YAML 1.2 (and to a reader) */
const YAML11_ONLY_BOOL = new Set([...BOOL_TRUE, ...BOOL_FALSE].filter((w) => !/^(true|false)$/i.test(w)));
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT = /^[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
/** infinity and not-a-number, which go-yaml reads and JSON (so Helm) cannot hold */
const NOT_FINITE = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

type Resolved =
  | { kind: 'null'; value: null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'str'; value: string };

/** A plain scalar as go-yaml v2 resolves it, with the kind it resolved to. */
function resolvePlain(source: string): Resolved {
  if (NULLS.has(source)) return { kind: 'null', value: null };
  if (BOOL_TRUE.has(source)) return { kind: 'bool', value: true };
  if (BOOL_FALSE.has(source)) return { kind: 'bool', value: false };
  if (INT.test(source)) {
    const text = source.replace(/_/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const digits = text.replace(/^[-+]/, '');
    let value: number;
    if (/^0b/.test(digits)) value = parseInt(digits.slice(2), 2);
    else if (/^0o/.test(digits)) value = parseInt(digits.slice(2), 8);
    else if (/^0x/.test(digits)) value = parseInt(digits.slice(2), 16);
    else if (/^0[0-7]+$/.test(digits)) value = parseInt(digits.slice(1), 8);
    else value = Number(digits);
    return { kind: 'int', value: sign * value };
  }
  if (FLOAT.test(source)) return { kind: 'float', value: Number(source.replace(/_/g, '')) };
  return { kind: 'str', value: source };
}

/** A plain (unquoted) scalar as Helm's YAML parser resolves it. */
export function helmScalar(source: string): unknown {
  return resolvePlain(source).value;
}

const TAG = 'tag:yaml.org,2002:';
const MERGE_TAG = `${TAG}merge`;

/** Why Helm cannot read a file: a problem that makes the whole file unreadable to it. */
class Unreadable extends Error {
  constructor(
    message: string,
    readonly node?: { range?: [number, number, number] | null } | null,
  ) {
    super(message);
  }
}

/** A kind of scalar in a sentence. */
const KIND_WORDS: Record<string, string> = { null: 'null', bool: 'a boolean', int: 'an integer', float: 'a number', str: 'a string' };

/**
 * A scalar's value as go-yaml v2 reads it: a quoted scalar without a tag is its text; a plain one is resolved;
 * !!str and !!binary take the text as it is; !!null, !!bool, !!int and !!float resolve the text and must get
 * that kind (an int passes as a float); any other tag leaves the text a string.
 */
function scalarValue(node: Scalar): unknown {
  const plain = node.type === 'PLAIN' || node.type === undefined;
  const text = plain ? String(node.source ?? node.value ?? '') : String(node.value ?? '');
  const tag = node.tag;
  if (!tag) {
    if (!plain) return text;
    if (NOT_FINITE.test(text)) throw new Unreadable(messageText(yamlSyntax, 'notFinitePlain', { text }), node);
    return resolvePlain(text).value;
  }
  if (tag === `${TAG}str`) return text;
  if (tag === `${TAG}binary`) {
    const base64 = text.replace(/\s+/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64))
      throw new Unreadable(messageText(yamlSyntax, 'badBinary'), node);
    return Buffer.from(base64, 'base64').toString('utf8');
  }
  const wanted = (
    { [`${TAG}null`]: 'null', [`${TAG}bool`]: 'bool', [`${TAG}int`]: 'int', [`${TAG}float`]: 'float' } as Record<string, string>
  )[tag];
  if (!wanted) return text;
  if (NOT_FINITE.test(text)) throw new Unreadable(messageText(yamlSyntax, 'notFiniteTagged', { text }), node);
  const resolved = resolvePlain(text);
  if (resolved.kind === wanted || (wanted === 'float' && resolved.kind === 'int')) return resolved.value;
  const data = { wanted, text: JSON.stringify(text), is: KIND_WORDS[resolved.kind], instead: KIND_WORDS[wanted] };
  throw new Unreadable(messageText(yamlSyntax, 'tagMismatch', data), node);
}

/** The string a map key becomes for Helm (keys are converted to JSON strings); a null key is unreadable. */
function keyText(node: Scalar): string {
  const value = scalarValue(node);
  if (value === null) throw new Unreadable(messageText(yamlSyntax, 'nullKey'), node);
  return String(value);
}

/** A key as Helm reads it, for finding paths; undefined when Helm would refuse it. */
function helmKey(doc: Document, node: unknown): string | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (!isScalar(target)) return undefined;
  try {
    return keyText(target);
  } catch {
    return undefined;
  }
}

const isPlain = (node: Scalar) => node.type === 'PLAIN' || node.type === undefined;
const isMergeKey = (node: unknown) =>
  isScalar(node) && ((isPlain(node) && !node.tag && String(node.source ?? node.value) === '<<') || node.tag === MERGE_TAG);

interface Walker {
  doc: Document;
  lines: LineCounter;
  findings: Finding[];
  file: string;
  /** nodes decoded, and those of them reached through an alias: go-yaml's measure of alias expansion */
  decoded: number;
  aliased: number;
  aliasDepth: number;
  /** anchors being expanded, to refuse an anchor that holds itself */
  expanding: Set<unknown>;
}

function at(walker: Walker, node: { range?: [number, number, number] | null } | null | undefined) {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = walker.lines.linePos(offset);
  return { file: walker.file, line, col };
}

/** The share of decoded nodes go-yaml lets come from aliases: 99% up to 400000 nodes, falling to 10% at 4 million. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

/** Counts one decoded node, and stops where go-yaml stops with "document contains excessive aliasing". */
function count(walker: Walker, node: unknown) {
  walker.decoded++;
  if (walker.aliasDepth > 0) walker.aliased++;
  if (walker.aliased > 100 && walker.decoded > 1000 && walker.aliased / walker.decoded > allowedAliasRatio(walker.decoded)) {
    const data = { aliased: walker.aliased, decoded: walker.decoded };
    throw new Unreadable(messageText(yamlSyntax, 'excessiveAliasing', data), node as YamlNode);
  }
}

/** Builds the value Helm sees from a node, reporting the places where a reader would expect another. */
function build(walker: Walker, node: unknown, path: ValuesPath): unknown {
  count(walker, node);
  if (isAlias(node)) {
    const target = node.resolve(walker.doc);
    if (!target) throw new Unreadable(messageText(yamlSyntax, 'noAnchor', { name: String(node.source) }), node);
    if (walker.expanding.has(target)) throw new Unreadable(messageText(yamlSyntax, 'selfAlias', { name: String(node.source) }), node);
    walker.expanding.add(target);
    walker.aliasDepth++;
    try {
      return build(walker, target, path);
    } finally {
      walker.aliasDepth--;
      walker.expanding.delete(target);
    }
  }
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    fill(walker, node.items, path, result);
    return result;
  }
  if (isSeq(node)) {
    return node.items.map((item, i) => {
      // an !!omap is a list of one-key maps
      if (isPair(item)) {
        const entry: Record<string, unknown> = {};
        fill(walker, [item], [...path, i], entry);
        return entry;
      }
      return build(walker, item, [...path, i]);
    });
  }
  if (isScalar(node)) {
    const value = scalarValue(node);
    if (walker.aliasDepth === 0 && isPlain(node) && !node.tag)
      checkValue(walker, node, String(node.source ?? node.value ?? ''), value, path);
    return value;
  }
  return null;
}

/** Sets the pairs of a map into `result` in order, applying "<<" merges where they stand, as go-yaml v2 does. */
function fill(walker: Walker, pairs: unknown[], path: ValuesPath, result: Record<string, unknown>) {
  const firstSeen = new Map<string, YamlNode>();
  for (const pair of pairs) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      merge(walker, pair.value, path, result);
      continue;
    }
    count(walker, pair.key);
    const keyNode = isAlias(pair.key) ? pair.key.resolve(walker.doc) : pair.key;
    if (!isScalar(keyNode)) {
      throw new Unreadable(
        messageText(yamlSyntax, keyNode ? 'collectionKey' : 'emptyKey'),
        (keyNode as YamlNode | undefined) ?? (pair as Pair<YamlNode, YamlNode>).value,
      );
    }
    const key = keyText(keyNode);
    const childPath = [...path, key];
    if (walker.aliasDepth === 0) {
      if (isPlain(keyNode) && !keyNode.tag) checkKey(walker, keyNode, childPath);
      const earlier = firstSeen.get(key);
      if (earlier !== undefined) {
        const first = at(walker, earlier);
        const written = String(keyNode.source ?? keyNode.value);
        const data = { written, line: first.line, key };
        const where = { ...at(walker, keyNode), path: childPath };
        walker.findings.push(report(yamlDuplicateKey, written !== key ? 'sameToHelm' : 'duplicate', data, where));
      } else {
        firstSeen.set(key, keyNode);
      }
    }
    setOwn(result, key, build(walker, pair.value, childPath));
  }
}

/** A "<<" value: a map, an alias of one, or a list of those (applied last first, so the first one wins). */
function merge(walker: Walker, value: unknown, path: ValuesPath, result: Record<string, unknown>) {
  const notMaps = () => new Unreadable(messageText(yamlSyntax, 'mergeNotMaps'), value as YamlNode);
  const mergeOne = (node: unknown) => {
    count(walker, node);
    if (isAlias(node)) {
      const target = node.resolve(walker.doc);
      if (!target) throw new Unreadable(messageText(yamlSyntax, 'noAnchor', { name: String(node.source) }), node);
      if (!isMap(target)) throw notMaps();
      if (walker.expanding.has(target)) throw new Unreadable(messageText(yamlSyntax, 'selfAlias', { name: String(node.source) }), node);
      walker.expanding.add(target);
      walker.aliasDepth++;
      try {
        count(walker, target);
        fill(walker, target.items, path, result);
      } finally {
        walker.aliasDepth--;
        walker.expanding.delete(target);
      }
    } else if (isMap(node)) {
      fill(walker, node.items, path, result);
    } else {
      throw notMaps();
    }
  };
  if (isSeq(value)) {
    for (const item of [...value.items].reverse()) {
      if (!isAlias(item) && !isMap(item)) throw notMaps();
      mergeOne(item);
    }
  } else {
    mergeOne(value);
  }
}

function checkKey(walker: Walker, node: Scalar, path: ValuesPath) {
  const source = String(node.source ?? node.value);
  if (BOOL_TRUE.has(source) || BOOL_FALSE.has(source)) {
    walker.findings.push(
      report(yamlBooleanKey, 'booleanKey', { source, value: String(BOOL_TRUE.has(source)) }, { ...at(walker, node), path }),
    );
  }
}

/** Keys whose numbers are file modes, where a leading 0 (octal) is what Kubernetes expects. */
const MODE_KEY = /mode$/i;

function checkValue(walker: Walker, node: Scalar, source: string, value: unknown, path: ValuesPath) {
  const key = path[path.length - 1];
  if (YAML11_ONLY_BOOL.has(source)) {
    walker.findings.push(report(yamlBooleanValue, 'booleanValue', { source, value: String(value) }, { ...at(walker, node), path }));
  } else if (/^[-+]?0[0-7_]+$/.test(source) && !(typeof key === 'string' && MODE_KEY.test(key))) {
    const data = { source, value: String(value), decimal: Number(source.replace(/_/g, '')) };
    walker.findings.push(report(yamlOctal, 'octal', data, { ...at(walker, node), path }));
  } else if (/^[0-9]+\.[0-9]+$/.test(source) && String(value) !== source) {
    walker.findings.push(report(yamlVersionNumber, 'number', { source, value: String(value) }, { ...at(walker, node), path }));
  }
}

/** Lines indented with tabs: YAML forbids them, and Helm fails on them (also inside a custom resource's text). */
function tabFindings(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((lineText, i) => {
    const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
    const tab = indent.indexOf('\t');
    if (tab >= 0 && lineText.trim() !== '') {
      findings.push(report(yamlTab, 'tab', {}, { file, line: i + 1, col: tab + 1 }));
    }
  });
  return findings;
}

/** Characters go-yaml refuses anywhere in a file ("control characters are not allowed"). */
const UNREADABLE_CHARACTER = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
/** Line breaks to go-yaml (YAML 1.1) that editors, reviewers and YAML 1.2 readers show as part of a line. */
const HIDDEN_LINE_BREAK = /[\u0085\u2028\u2029]/;

/**
 * Characters that make Helm read a file otherwise than a reader does: control characters Helm refuses, and
 * NEL, LS and PS, which Helm takes for line breaks, so `a: x<NEL>b: y` sets a key no reviewer sees.
 */
function characterFindings(file: string, text: string, lines: LineCounter): Finding[] {
  const findings: Finding[] = [];
  const at = (index: number) => lines.linePos(index);
  const code = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const control = UNREADABLE_CHARACTER.exec(text);
  if (control) {
    findings.push(report(yamlSyntax, 'controlCharacter', { code: code(control[0]) }, { file, ...at(control.index) }));
  }
  const hidden = HIDDEN_LINE_BREAK.exec(text);
  if (hidden) {
    findings.push(report(yamlSyntax, 'hiddenLineBreak', { code: code(hidden[0]) }, { file, ...at(hidden.index) }));
  }
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

/** Where collections first nest deeper than `limit` in a syntax tree, walked without recursion; undefined if nowhere. */
function tooDeepAt(tokens: CST.Token[], limit: number): number | undefined {
  const stack: [CST.Token | undefined, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > limit) return token.offset;
      for (const item of token.items) {
        if ('key' in item) stack.push([item.key ?? undefined, depth + 1]);
        stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** A YAML text parsed with positions; undefined when it is beyond the limits (so never composed). */
export function parseWithinLimits(text: string, lines: LineCounter, limits: YamlLimits = yamlLimits()): Document | undefined {
  if (Buffer.byteLength(text) > limits.maxBytes) return undefined;
  const { doc, tooDeep } = parseBounded(text, lines, limits);
  return tooDeep ? undefined : doc;
}

/** A YAML text parsed with positions, refused at the depth limit before it is composed. */
function parseBounded(text: string, lines: LineCounter, limits: YamlLimits): { doc: Document; tooDeep?: { line: number; col: number } } {
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const deepAt = tooDeepAt(tokens, limits.maxDepth);
  // resolveKnownTags: false keeps the text of !!binary, !!timestamp, !!omap and !!set; build() reads them as Helm does
  const composer = new Composer({ uniqueKeys: false, keepSourceTokens: false, resolveKnownTags: false });
  if (deepAt !== undefined) {
    // composed without its content, for the file and line counter the findings need
    const doc = [...composer.compose(new Parser().parse(''), true, 0)][0];
    return { doc, tooDeep: lines.linePos(deepAt) };
  }
  const docs = [...composer.compose(tokens, true, text.length)];
  const doc = docs[0];
  if (docs.length > 1) {
    const { line, col } = lines.linePos(docs[1].range[0]);
    doc.errors.push(
      Object.assign(new Error('Source contains multiple documents'), {
        code: 'MULTIPLE_DOCS',
        pos: docs[1].range.slice(0, 2),
        linePos: [{ line, col }],
      }) as never,
    );
  }
  return { doc };
}

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** Why a file cannot be read as a values file at all (not a regular file, beyond the size limit); undefined when it can. */
export function fileProblem(file: string, limits: YamlLimits = yamlLimits()): Finding | undefined {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) {
      return report(pathUnreadable, stat.isDirectory() ? 'folder' : 'notAFile', {}, { file });
    }
    size = stat.size;
  } catch (error) {
    return report(pathUnreadable, 'cannotRead', { error: (error as Error).message }, { file });
  }
  if (size > limits.maxBytes) {
    const data = { size: megabytes(size), limit: megabytes(limits.maxBytes) };
    return report(inputLimit, 'fileSize', data, { file, line: 1, col: 1 });
  }
  return undefined;
}

/** A file lint did not read; its findings say why. */
export const unreadFile = (file: string, findings: Finding[]): ParsedFile => unread(file, '', findings);

function unread(file: string, text: string, findings: Finding[]): ParsedFile {
  const lines = new LineCounter();
  const { doc } = parseBounded('', lines, DEFAULT_YAML_LIMITS);
  return { file, text, doc, lines, values: undefined, ok: false, findings };
}

/** Parses one values file; never throws (a file that cannot be read is a finding). */
export function parseValuesFile(file: string, given?: string, limits: YamlLimits = yamlLimits()): ParsedFile {
  let text = given;
  if (text === undefined) {
    const problem = fileProblem(file, limits);
    if (problem) return unread(file, '', [problem]);
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return unread(file, '', [report(pathUnreadable, 'cannotRead', { error: (error as Error).message }, { file })]);
    }
  } else if (Buffer.byteLength(text) > limits.maxBytes) {
    return unread(file, text, [report(inputLimit, 'textSize', { limit: megabytes(limits.maxBytes) }, { file, line: 1, col: 1 })]);
  }
  const lines = new LineCounter();
  const { doc, tooDeep } = parseBounded(text, lines, limits);
  if (tooDeep) {
    return {
      ...unread(file, text, [report(inputLimit, 'depth', { depth: limits.maxDepth }, { file, line: tooDeep.line, col: tooDeep.col })]),
      doc,
      lines,
    };
  }
  const walker: Walker = { doc, lines, findings: [], file, decoded: 0, aliased: 0, aliasDepth: 0, expanding: new Set() };
  const characters = characterFindings(file, text, lines);
  if (characters.length > 0) return { file, text, doc, lines, values: undefined, ok: false, findings: characters };
  const findings: Finding[] = tabFindings(file, text);
  const tabLines = new Set(findings.map((f) => f.line));
  let ok = true;
  for (const error of doc.errors) {
    const { line, col } = error.linePos?.[0] ?? lines.linePos(error.pos?.[0] ?? 0);
    // A tab in the indentation is reported once, as yaml-tab; the parser's follow-on complaints add nothing.
    if (tabLines.has(line) || (error.code === 'TAB_AS_INDENT' && tabLines.size > 0)) {
      ok = false;
      continue;
    }
    ok = false;
    const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
    if (quote) {
      findings.push(report(yamlSyntax, quote === '"' ? 'unclosedDouble' : 'unclosedSingle', {}, { file, ...openingQuote(text, quote) }));
      continue;
    }
    const parser = { problem: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') };
    findings.push(report(yamlSyntax, error.code === 'MULTIPLE_DOCS' ? 'documents' : 'parser', parser, { file, line, col }));
  }
  if (tabLines.size > 0) ok = false;
  let values: unknown;
  if (ok) {
    try {
      count(walker, doc);
      values = build(walker, doc.contents, []);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      findings.push({ rule: yamlSyntax.id, ...at(walker, error.node), message: error.message });
      ok = false;
    }
  }
  if (ok && values !== null && values !== undefined && (typeof values !== 'object' || Array.isArray(values))) {
    findings.push(report(yamlSyntax, 'notAMap', {}, { file, line: 1, col: 1 }));
    ok = false;
  }
  return { file, text, doc, lines, values: ok ? (values ?? {}) : undefined, ok, findings: [...findings, ...walker.findings] };
}

/** A YAML text lint cannot read as Helm would: beyond its limits, not valid YAML, or refused by Helm's reader. */
export class UnreadableYaml extends Error {}

/** Values of a YAML text as Helm reads it (for rendered manifests and chart defaults); throws UnreadableYaml. */
export function readHelmYaml(text: string, limits: YamlLimits = yamlLimits()): unknown {
  return readHelmYamlDocument(text, limits).value;
}

/** readHelmYaml, with the document and line counter it parsed (what positions in the text are found with). */
export function readHelmYamlDocument(
  text: string,
  limits: YamlLimits = yamlLimits(),
): { value: unknown; doc: Document; lines: LineCounter } {
  if (Buffer.byteLength(text) > limits.maxBytes)
    throw new UnreadableYaml(`larger than the ${megabytes(limits.maxBytes)} MB lint reads (APP_CHART_YAML_MAX_SIZE)`);
  const lines = new LineCounter();
  const { doc, tooDeep } = parseBounded(text, lines, limits);
  if (tooDeep)
    throw new UnreadableYaml(
      `nested more than ${limits.maxDepth} levels deep (line ${tooDeep.line}), deeper than lint reads (APP_CHART_YAML_MAX_DEPTH)`,
    );
  const error = doc.errors.find((e) => e.code !== 'MULTIPLE_DOCS');
  if (error) throw new UnreadableYaml(error.message.split('\n')[0]);
  try {
    const walker = { doc, lines, findings: [], file: '', decoded: 0, aliased: 0, aliasDepth: 0, expanding: new Set<unknown>() };
    return { value: build(walker, doc.contents, []), doc, lines };
  } catch (caught) {
    if (caught instanceof Unreadable) throw new UnreadableYaml(caught.message);
    throw caught;
  }
}

/**
 * The key and value nodes that set `key` in a map as Helm reads it: the last pair written for it, or the map a
 * "<<" merges it from, whichever Helm applies last.
 */
function effectivePair(doc: Document, map: unknown, key: string, seen = new Set<unknown>()): { key: YamlNode; value: unknown } | undefined {
  while (isAlias(map)) map = map.resolve(doc);
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  let found: { key: YamlNode; value: unknown } | undefined;
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      // the first source of a list wins, so it is applied last
      for (const source of [...sources].reverse()) found = effectivePair(doc, source, key, seen) ?? found;
    } else if (helmKey(doc, pair.key) === key) {
      found = { key: pair.key as YamlNode, value: pair.value };
    }
  }
  return found;
}

/** The node at a path, following keys as Helm reads them; undefined when the path is not written here. */
export function nodeAt(parsed: Pick<YamlText, 'doc'>, path: ValuesPath): { key?: YamlNode; value: unknown } | undefined {
  let node: unknown = parsed.doc.contents;
  let key: YamlNode | undefined;
  for (const segment of path) {
    while (isAlias(node)) node = node.resolve(parsed.doc);
    if (isMap(node)) {
      const pair = effectivePair(parsed.doc, node, String(segment));
      if (!pair) return undefined;
      key = pair.key;
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
