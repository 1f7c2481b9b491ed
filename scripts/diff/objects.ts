// The objects of two renders of one app × env, matched by what identifies an object in the cluster (API group,
// kind, namespace, name), and the fields that differ between the two versions of each.
import { isDeepStrictEqual } from 'node:util';
import { isMapValue, type Values } from '../lint/merge.ts';
import { parseRender } from '../lint/rendered.ts';
import { CLUSTER_KINDS } from '../lint/rules/placement.ts';
import { RenderError } from '../render.ts';

export interface ObjectId {
  /** the API group: "" for the core group, "apps", "traefik.io", ... */
  group: string;
  kind: string;
  /** "" for cluster-scoped kinds */
  namespace: string;
  name: string;
}

export interface ManifestObject {
  id: ObjectId;
  apiVersion: string;
  obj: Values;
  /** the custom resource entry that wrote it, e.g. customResourcesMap.tcp-route */
  source?: string;
}

export type Segment = string | number | { name: string };

export interface FieldChange {
  path: Segment[];
  change: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
  /** a value of a Secret's data or stringData: never printed */
  secret?: boolean;
  /** the items of a named list changed order: old and new are their names */
  order?: boolean;
}

export interface ObjectChange {
  change: 'added' | 'removed' | 'changed';
  id: ObjectId;
  /** the new version's apiVersion (the old one's for a removed object) */
  apiVersion: string;
  source?: string;
  /** for changed objects */
  fields: FieldChange[];
  old?: ManifestObject;
  new?: ManifestObject;
}

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export const idKey = (id: ObjectId) => [id.group, id.kind, id.namespace, id.name].join('\0');

/** The objects of `helm template` output, keyed by identity; the release namespace fills in unset namespaces. */
export function objectsOf(output: string, namespace: string): Map<string, ManifestObject> {
  const objects = new Map<string, ManifestObject>();
  const { objects: rendereds, unreadable } = parseRender(output, namespace);
  if (unreadable.length > 0) {
    const first = unreadable[0];
    throw new RenderError(
      `${first.template}${first.entry ? ` (${first.entry.label})` : ''}: Helm printed a document that cannot be read: ${first.message}` +
        (unreadable.length > 1 ? ` (and ${unreadable.length - 1} more)` : ''),
    );
  }
  for (const rendered of rendereds) {
    const id: ObjectId = {
      group: groupOf(rendered.apiVersion),
      kind: rendered.kind,
      namespace: CLUSTER_KINDS.has(rendered.kind) ? '' : rendered.namespace,
      name: rendered.name,
    };
    let key = idKey(id);
    // the chart refuses two objects with one identity; should a chart let them through, both are kept
    for (let n = 2; objects.has(key); n++) key = `${idKey(id)}\0${n}`;
    objects.set(key, { id, apiVersion: rendered.apiVersion, obj: rendered.obj, source: rendered.entry?.label });
  }
  return objects;
}

/** The name of a list item: `name` (containers, env, ports, volumes) or `metadata.name` (claim templates). */
function itemName(item: unknown): string | undefined {
  if (!isMapValue(item)) return undefined;
  if (typeof item.name === 'string') return item.name;
  return isMapValue(item.metadata) && typeof item.metadata.name === 'string' ? item.metadata.name : undefined;
}

/** A list whose items all have distinct names is matched by name. */
function namesOf(list: unknown[]): string[] | undefined {
  const names = list.map(itemName);
  if (names.length === 0 || names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
  return names as string[];
}

const isScalarList = (list: unknown[]) => list.every((item) => item === null || typeof item !== 'object');

/** The fields that differ between two values, deepest first where both sides are maps or named lists. */
export function diffFields(before: unknown, after: unknown, path: Segment[] = [], out: FieldChange[] = []): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return out;
  if (isMapValue(before) && isMapValue(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    for (const key of keys) {
      if (!(key in after)) out.push({ path: [...path, key], change: 'removed', old: before[key] });
      else if (!(key in before)) out.push({ path: [...path, key], change: 'added', new: after[key] });
      else diffFields(before[key], after[key], [...path, key], out);
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && !(isScalarList(before) && isScalarList(after))) {
    const oldNames = namesOf(before);
    const newNames = namesOf(after);
    if (oldNames && newNames) {
      oldNames.forEach((name, i) => {
        const j = newNames.indexOf(name);
        if (j < 0) out.push({ path: [...path, { name }], change: 'removed', old: before[i] });
        else diffFields(before[i], after[j], [...path, { name }], out);
      });
      newNames.forEach((name, j) => {
        if (!oldNames.includes(name)) out.push({ path: [...path, { name }], change: 'added', new: after[j] });
      });
      const kept = oldNames.filter((n) => newNames.includes(n));
      if (
        !isDeepStrictEqual(
          kept,
          newNames.filter((n) => oldNames.includes(n)),
        )
      )
        out.push({ path, change: 'changed', old: oldNames, new: newNames, order: true });
      return out;
    }
    const shared = Math.min(before.length, after.length);
    for (let i = 0; i < shared; i++) diffFields(before[i], after[i], [...path, i], out);
    for (let i = shared; i < before.length; i++) out.push({ path: [...path, i], change: 'removed', old: before[i] });
    for (let i = shared; i < after.length; i++) out.push({ path: [...path, i], change: 'added', new: after[i] });
    return out;
  }
  out.push({ path, change: 'changed', old: before, new: after });
  return out;
}

const isSecret = (id: ObjectId) => id.group === '' && id.kind === 'Secret';
const SECRET_FIELDS = new Set(['data', 'stringData']);

/**
 * A Secret's changed data as one change per key, without values: a whole `data` map added or removed becomes
 * its keys, and a changed key says only that it changed.
 */
function hideSecretValues(changes: FieldChange[]): FieldChange[] {
  return changes.flatMap((c): FieldChange[] => {
    const [field, key] = c.path;
    if (typeof field !== 'string' || !SECRET_FIELDS.has(field)) return [c];
    if (c.path.length >= 2) return [{ path: [field, key], change: c.change, secret: true }];
    // diffFields goes into the field when it is a map at both sides, so here it is one at one side at most
    const map = isMapValue(c.old) ? c.old : isMapValue(c.new) ? c.new : {};
    const keys = Object.keys(map);
    if (keys.length === 0) return [{ path: [field], change: c.change, secret: true }];
    const change = map === c.old ? 'removed' : 'added';
    return keys.map((k) => ({ path: [field, k], change, secret: true }));
  });
}

const byIdentity = (a: ObjectChange, b: ObjectChange) =>
  a.id.kind.localeCompare(b.id.kind) ||
  a.id.name.localeCompare(b.id.name) ||
  a.id.namespace.localeCompare(b.id.namespace) ||
  a.id.group.localeCompare(b.id.group);

/** Objects added, removed and changed between two renders (either may be absent: an app × env added or removed). */
export function compareObjects(before: Map<string, ManifestObject>, after: Map<string, ManifestObject>): ObjectChange[] {
  const changes: ObjectChange[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) {
      changes.push({ change: 'removed', id: old.id, apiVersion: old.apiVersion, source: old.source, fields: [], old });
      continue;
    }
    const fields = diffFields(old.obj, now.obj);
    if (fields.length === 0) continue;
    changes.push({
      change: 'changed',
      id: now.id,
      apiVersion: now.apiVersion,
      source: now.source,
      fields: isSecret(now.id) ? hideSecretValues(fields) : fields,
      old,
      new: now,
    });
  }
  for (const [key, now] of after) {
    if (!before.has(key))
      changes.push({ change: 'added', id: now.id, apiVersion: now.apiVersion, source: now.source, fields: [], new: now });
  }
  return changes.sort(byIdentity);
}

/** A field path as people read it: spec.template.spec.containers[name=app].image, metadata.labels["app.kubernetes.io/name"]. */
export function formatSegments(path: Segment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    if (typeof segment === 'object') return `${text}[name=${/^[\w.-]+$/.test(segment.name) ? segment.name : JSON.stringify(segment.name)}]`;
    const plain = /^[A-Za-z_][\w-]*$/.test(segment);
    return plain ? (text ? `${text}.${segment}` : segment) : `${text}[${JSON.stringify(segment)}]`;
  }, '');
}

/** "StatefulSet/postgres-prod", with the namespace when it is not the app × env's own. */
export function objectLabel(id: ObjectId, namespace: string): string {
  const elsewhere = id.namespace && id.namespace !== namespace;
  return `${id.kind}/${id.name}${elsewhere ? ` (namespace ${id.namespace})` : ''}`;
}
