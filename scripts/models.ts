// Validates rendered Kubernetes objects against the kubernetes-models packages (core API, Traefik CRDs,
// Gateway API), and adds the strictness the models lack: fields the schema does not declare are errors.
//
// The packages ship no JSON schemas, only ajv "standalone" validators compiled from them. A compiled
// validator reads every property its schema declares (`data.foo !== undefined`) and every key of a map
// (`for (key in data) check(data[key])`), and never touches the fields of a free-form object. So the
// schema walk is done by the model's own validator, over proxies that record which keys it reads: an
// object key that was never read is a field the schema does not know.

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

/** Packages tried in order; each maps `<group>/<version>/<Kind>` (core group: `v1/<Kind>`) to a module. */
const PACKAGES = ['kubernetes-models', '@kubernetes-models/traefik', '@kubernetes-models/gateway-api'];

const NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
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

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const parts = apiVersion.split('/');
  if (parts.length > 2 || !parts.every((p) => NAME.test(p)) || !KIND.test(kind)) return undefined;
  for (const pkg of PACKAGES) {
    let mod: Record<string, unknown>;
    try {
      mod = await import(`${pkg}/${apiVersion}/${kind}`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_MODULE_NOT_FOUND') continue;
      throw err;
    }
    // A module per type: only top-level kinds carry static apiVersion/kind.
    const cls = mod[kind] as Partial<ModelClass> | undefined;
    if (typeof cls === 'function' && cls.kind === kind && cls.apiVersion === apiVersion) return cls as ModelClass;
  }
  return undefined;
}

export async function validateObjects(objs: unknown[]): Promise<ModelFinding[]> {
  const all = await Promise.all(objs.map(validateObject));
  return all.flat();
}

export async function validateObject(obj: unknown): Promise<ModelFinding[]> {
  if (!isPlainObject(obj)) return [{ level: 'error', object: '<not an object>', message: 'not a YAML mapping' }];
  const { apiVersion, kind } = obj;
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '<unnamed>';
  const object = `${typeof kind === 'string' && kind ? kind : '<no kind>'}/${name}`;
  const error = (message: string): ModelFinding => ({ level: 'error', object, message });

  if (typeof apiVersion !== 'string' || !apiVersion || typeof kind !== 'string' || !kind) {
    const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string' || !obj[k]);
    return [error(`missing or invalid ${missing.join(' and ')}`)];
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return [{ level: 'warning', object, message: `no model for ${apiVersion} ${kind}; not validated` }];

  const model = new Model(obj);
  const reads = new WeakMap<object, Set<string>>();
  const findings: ModelFinding[] = [];
  try {
    model.validate.call(tracked(model, reads));
  } catch (err) {
    const errors = (err as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw err;
    for (const e of errors) findings.push(error(`${pointerToPath(model, e.instancePath)}: ${describe(e)}`));
  }
  for (const path of unknownFields(model, reads, [])) {
    findings.push(error(`${formatPath(path)}: unknown field ${JSON.stringify(path[path.length - 1])}`));
  }
  return findings;
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

// The schema generator drops properties named like JSON Schema annotations from the compiled validators
// (e.g. GatewayClass spec.description, CRD column description), so their reads cannot be observed.
const BLIND_KEYS = /^(description|x-kubernetes-.*)$/;

/** Turns an ajv instancePath (JSON pointer) into a readable path, using the data to tell indexes from keys. */
function pointerToPath(data: unknown, pointer: string): string {
  const path: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path.push(Array.isArray(node) ? Number(key) : key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return formatPath(path);
}

function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(seg)) return i === 0 ? seg : `.${seg}`;
      return `[${JSON.stringify(seg)}]`;
    })
    .join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
