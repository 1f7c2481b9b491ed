// Validates rendered Kubernetes objects against the kubernetes-models packages (core API, Traefik CRDs,
// Gateway API, cert-manager, External Secrets, KEDA), and adds the strictness the models lack: fields the schema
// does not declare are errors.
//
// The packages ship no JSON schemas, only ajv "standalone" validators compiled from them. A compiled
// validator reads every property its schema declares (`data.foo !== undefined`) and every key of a map
// (`for (key in data) check(data[key])`), and never touches the fields of a free-form object. So the
// schema walk is done by the model's own validator, over proxies that record which keys it reads: an
// object key that was never read is a field the schema does not know.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundledModels } from './bundled-models.ts';
import { didYouMean } from './errors.ts';
import { pointerPath } from './json-pointer.ts';
import { formatPath, type ValuesPath } from './values-path.ts';

export interface ModelFinding {
  level: 'error' | 'warning';
  object: string;
  message: string;
}

export interface ModelClass {
  new (data?: object): { validate(): void };
  readonly apiVersion: string;
  readonly kind: string;
}

/** Model packages; each exports `./<group>/<version>/*` (core group: `./v1/*`), one module per type. */
export const MODEL_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/traefik',
  '@kubernetes-models/gateway-api',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/external-secrets',
  '@kubernetes-models/keda',
];

interface Source {
  pkg: string;
  dir: string;
  /** export target pattern, e.g. "./apps/v1/*.js" */
  pattern: string;
}

const require = createRequire(import.meta.url);
let sources: Map<string, Source> | undefined;

/** apiVersion -> package, read from the packages' export maps. */
function sourceFor(apiVersion: string): Source | undefined {
  if (!sources) {
    sources = new Map();
    for (const pkg of MODEL_PACKAGES) {
      const manifest = require.resolve(`${pkg}/package.json`);
      const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import?: string }>;
      for (const [key, target] of Object.entries(exports)) {
        const match = /^\.\/(.+)\/\*$/.exec(key);
        if (match && typeof target.import === 'string' && !sources.has(match[1])) {
          sources.set(match[1], { pkg, dir: dirname(manifest), pattern: target.import });
        }
      }
    }
  }
  return sources.get(apiVersion);
}

/**
 * apiVersions that no installed model covers yet, validated with the model of an older apiVersion of the same
 * kind plus the checks for what changed between the two. @kubernetes-models/gateway-api 2.0.0 (the newest on
 * npm) stops at Gateway API v1.5; v1.6 made TCPRoute and UDPRoute `v1`. In the v1.6.0 and v1.6.1 CRDs their `v1`
 * schema is the `v1alpha2` one except that `spec.rules` holds exactly one rule (v1alpha2 allows 16) and the
 * rule-name uniqueness check, pointless with one rule, is gone.
 */
interface StandIn {
  /** the apiVersion whose model checks the object */
  apiVersion: string;
  /** what the object's own apiVersion requires beyond that model */
  differences: (obj: Record<string, unknown>) => string[];
}

const STAND_INS: Record<string, StandIn> = {
  'gateway.networking.k8s.io/v1 TCPRoute': { apiVersion: 'gateway.networking.k8s.io/v1alpha2', differences: atMostOneRule },
  'gateway.networking.k8s.io/v1 UDPRoute': { apiVersion: 'gateway.networking.k8s.io/v1alpha2', differences: atMostOneRule },
};

function atMostOneRule(obj: Record<string, unknown>): string[] {
  const rules = isPlainObject(obj.spec) ? obj.spec.rules : undefined;
  return Array.isArray(rules) && rules.length > 1
    ? ['spec.rules: must NOT have more than 1 items (a v1 route holds one rule; write one route per rule)']
    : [];
}

const API_VERSION = /^([a-z0-9][a-z0-9.-]*\/)?v[0-9]+[a-z0-9]*$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const modelCache = new Map<string, Promise<ModelClass | undefined>>();

export function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const key = `${apiVersion} ${kind}`;
  let found = modelCache.get(key);
  if (!found) {
    found = loadModel(apiVersion, kind);
    modelCache.set(key, found);
  }
  return found;
}

/** The module of a type, by the package that serves its apiVersion: `<package>/<apiVersion>/<Type>`; undefined when none has it. */
export function modelSpecifier(apiVersion: string, kind: string): string | undefined {
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
  const source = sourceFor(apiVersion);
  if (!source || !existsSync(join(source.dir, source.pattern.replace('*', kind)))) return undefined;
  return `${source.pkg}/${apiVersion}/${kind}`;
}

/** The types (kinds and nested types) that the package serving an apiVersion has a module for. */
export function modelTypes(apiVersion: string): string[] {
  const source = sourceFor(apiVersion);
  if (!source) return [];
  const [before, after] = source.pattern.split('*');
  const slash = before.lastIndexOf('/');
  const prefix = before.slice(slash + 1);
  return readdirSync(join(source.dir, before.slice(0, slash)))
    .filter((file) => file.startsWith(prefix) && file.endsWith(after))
    .map((file) => file.slice(prefix.length, file.length - after.length))
    .filter((type) => KIND.test(type))
    .sort();
}

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  // the bundle's own copy when it has one (the same module of the same package); any other kind from its package
  const bundled = bundledModels.get(`${apiVersion} ${kind}`);
  const specifier = bundled ? undefined : modelSpecifier(apiVersion, kind);
  if (!bundled && !specifier) return undefined;
  const mod = bundled ? await bundled() : ((await import(specifier!)) as Record<string, unknown>);
  // Nested types have modules too; only kinds carry a static apiVersion and kind.
  const cls = mod[kind] as ModelClass | undefined;
  return typeof cls === 'function' && cls.kind === kind && cls.apiVersion === apiVersion ? cls : undefined;
}

export async function validateObjects(objs: unknown[]): Promise<ModelFinding[]> {
  const all = await Promise.all(objs.map((obj) => validateObject(obj)));
  return all.flat();
}

export interface ValidateOptions {
  /** add "; did you mean ..." to unknown fields, from the fields the schema declares beside them */
  suggest?: boolean;
}

export async function validateObject(obj: unknown, options: ValidateOptions = {}): Promise<ModelFinding[]> {
  if (!isPlainObject(obj)) return [{ level: 'error', object: '<not an object>', message: 'not a YAML mapping' }];
  const { apiVersion, kind } = obj;
  const object = objectName(obj);
  const error = (message: string): ModelFinding => ({ level: 'error', object, message });

  if (typeof apiVersion !== 'string' || !apiVersion || typeof kind !== 'string' || !kind) {
    const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string' || !obj[k]);
    return [error(`missing or invalid ${missing.join(' and ')}`)];
  }
  // a model of the apiVersion itself wins over a stand-in, once a package has one
  const own = await modelFor(apiVersion, kind);
  const standIn = !own && Object.hasOwn(STAND_INS, `${apiVersion} ${kind}`) ? STAND_INS[`${apiVersion} ${kind}`] : undefined;
  const Model = own ?? (standIn && (await modelFor(standIn.apiVersion, kind)));
  if (!Model) return [{ level: 'warning', object, message: `no model for ${apiVersion} ${kind}; not validated` }];
  return validateWithModel(Model, obj, options, standIn);
}

/**
 * Validates an object against a given model class, unknown fields included; with a stand-in, against the model of
 * the stand-in's apiVersion plus the differences it knows.
 */
export function validateWithModel(
  Model: ModelClass,
  obj: Record<string, unknown>,
  options: ValidateOptions = {},
  standIn?: StandIn,
): ModelFinding[] {
  const object = objectName(obj);
  const error = (message: string): ModelFinding => ({ level: 'error', object, message });
  const model = new Model(standIn ? { ...obj, apiVersion: standIn.apiVersion } : obj);
  const reads = new WeakMap<object, Set<string>>();
  const findings: ModelFinding[] = [];
  try {
    model.validate.call(tracked(model, reads));
  } catch (err) {
    const errors = (err as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw err;
    // a schema reached twice (shared definitions) reports the same error twice
    const messages = new Set(errors.map((e) => `${shownPath(pointerPath(e.instancePath, model))}: ${describe(e)}`));
    for (const message of messages) findings.push(error(message));
  }
  if (standIn) findings.push(...standIn.differences(obj).map(error));
  for (const path of unknownFields(model, reads, [])) {
    const key = path[path.length - 1];
    const guess = options.suggest ? didYouMean(String(key), knownBeside(model, reads, path)) : undefined;
    findings.push(error(`${shownPath(path)}: unknown field ${JSON.stringify(key)}${guess ? `; did you mean "${guess}"?` : ''}`));
  }
  return findings;
}

/** "Kind/name" of an object, for findings. */
function objectName(obj: Record<string, unknown>): string {
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '<unnamed>';
  return `${typeof obj.kind === 'string' && obj.kind ? obj.kind : '<no kind>'}/${name}`;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describe(e: AjvError): string {
  const message = e.message ?? `fails "${e.keyword}"`;
  const allowed = e.params?.allowedValues;
  return Array.isArray(allowed) ? `${message}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : message;
}

/** Wraps `target` so that every string key read from it, or from objects reached through it, is recorded. */
function tracked(target: object, reads: WeakMap<object, Set<string>>, proxies = new WeakMap<object, object>()): object {
  const existing = proxies.get(target);
  if (existing) return existing;
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof key !== 'string') return value;
      if (!Array.isArray(t)) {
        let keys = reads.get(t);
        if (!keys) reads.set(t, (keys = new Set()));
        keys.add(key);
      }
      return value !== null && typeof value === 'object' ? tracked(value, reads, proxies) : value;
    },
  });
  proxies.set(target, proxy);
  return proxy;
}

/**
 * Paths of keys the validator never read, in objects where it read at least one key. Objects it never
 * read from are free-form (preserve-unknown-fields) or sit under an unknown field, and are skipped.
 */
function unknownFields(value: unknown, reads: WeakMap<object, Set<string>>, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownFields(item, reads, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  const known = reads.get(value);
  if (!known) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    known.has(key) || BLIND_KEYS.test(key) ? unknownFields(child, reads, [...path, key]) : [[...path, key]],
  );
}

/** Fields the schema declares in the object that holds `path`'s last key. */
function knownBeside(model: object, reads: WeakMap<object, Set<string>>, path: (string | number)[]): string[] {
  let parent: unknown = model;
  for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
  const known = parent !== null && typeof parent === 'object' ? reads.get(parent) : undefined;
  return known ? [...known].filter((k) => !(k in (parent as object))) : [];
}

// The schema generator drops properties named like JSON Schema annotations from the compiled validators
// (e.g. GatewayClass spec.description, CRD column description), so their reads cannot be observed.
const BLIND_KEYS = /^(description|x-kubernetes-.*)$/;

/** An object's path as findings print it: "spec.routes[0].services", or "(root)". */
const shownPath = (path: ValuesPath) => formatPath(path) || '(root)';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
