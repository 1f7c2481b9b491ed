// Changes that will not apply, lose data or move traffic: what a reviewer must see before the merge, since
// ArgoCD shows it only when the sync fails or the data is gone.
import type { Values } from '../lint/merge.ts';
import { asList, asMap, asString } from '../lint/k8s.ts';
import { formatSegments, objectLabel, type FieldChange, type ManifestObject, type ObjectChange, type Segment } from './objects.ts';

export type Impact = 'fails' | 'data-loss' | 'disruption';

export interface DiffFinding {
  id:
    | 'immutable-field'
    | 'volume-shrink'
    | 'volume-removed'
    | 'statefulset-removed'
    | 'load-balancer-address'
    | 'route-renamed'
    | 'tls-option-renamed';
  impact: Impact;
  /** "app/env" */
  target: string;
  /** "Kind/name" */
  object: string;
  /** the field, for a changed object */
  path?: string;
  message: string;
}

export interface TargetChanges {
  target: string;
  namespace: string;
  /** the whole app × env is gone: ArgoCD deletes its Application and, with it, its objects */
  removed: boolean;
  changes: ObjectChange[];
  /** for an app × env renamed: the objects of the one it is renamed to */
  renamedTo?: ObjectChange[];
}

/** What each finding id means, for the docs and the JSON schema. */
export const FINDINGS: Record<DiffFinding['id'], { impact: Impact; summary: string }> = {
  'immutable-field': {
    impact: 'fails',
    summary:
      "A field Kubernetes does not let an existing object change: a Deployment's spec.selector, a StatefulSet's selector, " +
      "serviceName, volumeClaimTemplates or podManagementPolicy, a Job's template, a Service's clusterIP, a " +
      "PersistentVolumeClaim's storage class or access modes, the data of an immutable ConfigMap or Secret.",
  },
  'volume-shrink': { impact: 'fails', summary: 'A PersistentVolumeClaim asks for less storage than before: claims only grow.' },
  'volume-removed': {
    impact: 'data-loss',
    summary: 'A PersistentVolumeClaim is removed: ArgoCD deletes it, and with the usual reclaim policy its volume and data.',
  },
  'statefulset-removed': {
    impact: 'disruption',
    summary: 'A StatefulSet is removed: its pods go; its claims stay, unless its claim retention policy deletes them (then data is lost).',
  },
  'load-balancer-address': {
    impact: 'disruption',
    summary:
      'A LoadBalancer Service is removed or changes type: its load balancer and address are released, and a new one gets a new address.',
  },
  'route-renamed': {
    impact: 'disruption',
    summary:
      'A Traefik route is renamed on an entryPoint that carries traffic: for a while two routers compete, and the old one ' +
      'stays wherever pruning is off.',
  },
  'tls-option-renamed': {
    impact: 'disruption',
    summary: 'A TLSOption that routes use is renamed: routes that still name the old one stop serving when it is pruned.',
  },
};

const annotations = (o?: ManifestObject): Values => asMap(asMap(o?.obj.metadata).annotations);
const syncOptions = (o?: ManifestObject) =>
  (asString(annotations(o)['argocd.argoproj.io/sync-options']) ?? '').split(',').map((s) => s.trim());

/** Objects ArgoCD deletes and creates again instead of patching: hooks, and Replace=true with Force=true. */
function recreated(o?: ManifestObject): boolean {
  const a = annotations(o);
  const options = syncOptions(o);
  return 'argocd.argoproj.io/hook' in a || 'helm.sh/hook' in a || (options.includes('Replace=true') && options.includes('Force=true'));
}

const startsWith = (path: Segment[], prefix: Segment[]) => prefix.every((segment, i) => path[i] === segment);
const touching = (fields: FieldChange[], prefix: Segment[]) =>
  fields.filter((f) => startsWith(f.path, prefix) || startsWith(prefix, f.path));

/** Fields of a StatefulSet's spec that an update may change; any other spec field is fixed at creation. */
const STATEFULSET_MUTABLE = new Set([
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
]);
/** Fields of a PersistentVolumeClaim's spec that an update may change. */
const CLAIM_MUTABLE = [['resources', 'requests', 'storage'], ['resources'], ['resources', 'requests'], ['volumeAttributesClassName']];

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A number, then an exponent or one of the suffixes of SUFFIX (the table is the one list of them). */
const QUANTITY = new RegExp(`^([+-]?(?:\\d+\\.?\\d*|\\.\\d+))(?:([eE][+-]?\\d+)|(${Object.keys(SUFFIX).filter(Boolean).join('|')})?)$`);

/** A Kubernetes quantity ("10Gi", "500M", "1e3", 1024) in base units; undefined when it is not one. */
export function quantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1] + m[2]) : Number(m[1]) * SUFFIX[m[3] ?? ''];
}

interface Immutable {
  path: string;
  fix: string;
}

function immutableFields(c: ObjectChange): Immutable[] {
  const { group, kind } = c.id;
  const fields = c.fields;
  const old = c.old?.obj ?? {};
  const now = c.new?.obj ?? {};
  const paths = (found: FieldChange[]) => [...new Set(found.map((f) => formatSegments(f.path.slice(0, 2))))];
  if (group === 'apps' && ['Deployment', 'DaemonSet', 'ReplicaSet'].includes(kind)) {
    return touching(fields, ['spec', 'selector']).length
      ? [
          {
            path: 'spec.selector',
            fix:
              `keep the selector; if the change is meant, delete the ${kind} with --cascade=orphan just before the sync so ` +
              `ArgoCD creates it anew`,
          },
        ]
      : [];
  }
  if (group === 'apps' && kind === 'StatefulSet') {
    const fixed = fields.filter((f) => f.path[0] === 'spec' && (f.path.length === 1 || !STATEFULSET_MUTABLE.has(String(f.path[1]))));
    return paths(fixed).map((path) => ({
      path,
      fix:
        'keep it as it was; if the change is meant, delete the StatefulSet with --cascade=orphan (pods and claims stay) just ' +
        'before the sync so ArgoCD creates it anew' +
        (path === 'spec.volumeClaimTemplates' ? '; existing claims keep their old size and class' : ''),
    }));
  }
  if (group === 'batch' && kind === 'Job') {
    return paths([...touching(fields, ['spec', 'template']), ...touching(fields, ['spec', 'selector'])]).map((path) => ({
      path,
      fix: 'give the job a new name, or make it a hook (argocd.argoproj.io/hook) so ArgoCD deletes and creates it on each sync',
    }));
  }
  if (group === '' && kind === 'Service') {
    const before = asString(asMap(old.spec).clusterIP);
    const after = asString(asMap(now.spec).clusterIP);
    const changed = (before && after && before !== after) || (before === 'None') !== (after === 'None');
    return changed
      ? [
          {
            path: 'spec.clusterIP',
            fix:
              'keep clusterIP as it was (a Service cannot switch between headless and not); if the change is meant, delete the ' +
              'Service just before the sync',
          },
        ]
      : [];
  }
  if (group === '' && kind === 'PersistentVolumeClaim') {
    const fixed = fields.filter(
      (f) => f.path[0] === 'spec' && !CLAIM_MUTABLE.some((p) => startsWith(f.path.slice(1), p) && f.path.length - 1 <= p.length),
    );
    return paths(fixed).map((path) => ({
      path,
      fix: 'a claim keeps these from its creation: make a new claim under a new name and move the data',
    }));
  }
  if (group === '' && (kind === 'ConfigMap' || kind === 'Secret') && old.immutable === true) {
    const data = fields.filter((f) => ['data', 'binaryData', 'stringData', 'immutable'].includes(String(f.path[0])));
    return data.length
      ? [
          {
            path: formatSegments([data[0].path[0]]),
            fix: `it is marked immutable: give the ${kind} a new name (pods that mount it then roll to it)`,
          },
        ]
      : [];
  }
  return [];
}

function claimShrink(c: ObjectChange): string | undefined {
  if (c.id.group !== '' || c.id.kind !== 'PersistentVolumeClaim') return undefined;
  const size = (o?: ManifestObject) => asMap(asMap(asMap(o?.obj.spec).resources).requests).storage;
  const before = size(c.old);
  const after = size(c.new);
  const a = quantity(before);
  const b = quantity(after);
  return a !== undefined && b !== undefined && b < a ? `${String(before)} → ${String(after)}` : undefined;
}

const isLoadBalancer = (o?: ManifestObject) => o?.id.group === '' && o.id.kind === 'Service' && asMap(o.obj.spec).type === 'LoadBalancer';
const TRAEFIK_ROUTES = new Set(['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP']);
const isTraefik = (o: ManifestObject) => /^traefik\.(io|containo\.us)$/.test(o.id.group);
const namedEntryPoints = (o: ManifestObject) => asList(asMap(o.obj.spec).entryPoints).filter((e): e is string => typeof e === 'string');
/** A route's entryPoints: the ones it names, or "*" when it names none (Traefik then puts it on its default ones). */
const entryPoints = (o: ManifestObject) => {
  const named = namedEntryPoints(o);
  return named.length ? named : ['*'];
};

/** TLSOptions a route names, as "namespace/name". */
function tlsOptionsNamed(route: ManifestObject): string[] {
  const spec = asMap(route.obj.spec);
  const refs = [asMap(asMap(spec.tls).options), ...asList(spec.routes).map((r) => asMap(asMap(asMap(r).tls).options))];
  return refs.filter((o) => typeof o.name === 'string').map((o) => `${asString(o.namespace) ?? route.id.namespace}/${o.name as string}`);
}

type Push = (finding: Omit<DiffFinding, 'target' | 'impact'> & { impact?: Impact }) => void;

function removalFindings(t: TargetChanges, push: Push) {
  const added = [...t.changes, ...(t.renamedTo ?? [])].filter((c) => c.change === 'added' && c.new).map((c) => c.new!);
  for (const c of t.changes) {
    if (c.change !== 'removed' || !c.old) continue;
    const old = c.old;
    const label = objectLabel(c.id, t.namespace);
    const gone = t.removed ? 'when ArgoCD deletes the app × env' : 'when ArgoCD prunes it';
    const kept = t.removed
      ? syncOptions(old).includes('Delete=false') || annotations(old)['helm.sh/resource-policy'] === 'keep'
      : syncOptions(old).includes('Prune=false');
    if (c.id.group === '' && c.id.kind === 'PersistentVolumeClaim' && !kept) {
      push({
        id: 'volume-removed',
        object: label,
        message:
          `${label} is removed: ${gone}, the claim is deleted and, with the usual reclaim policy Delete, its volume and the data on it. ` +
          'Back up the data first, or keep the claim: annotate it ' +
          `argocd.argoproj.io/sync-options: ${t.removed ? 'Delete=false' : 'Prune=false'} ` +
          'in a change merged before this one.',
      });
    }
    if (c.id.group === 'apps' && c.id.kind === 'StatefulSet' && !kept) {
      const deletes = asMap(asMap(old.obj.spec).persistentVolumeClaimRetentionPolicy).whenDeleted === 'Delete';
      const templates = asList(asMap(old.obj.spec).volumeClaimTemplates)
        .map((v) => asString(asMap(asMap(v).metadata).name))
        .filter(Boolean);
      const successor = added.find(
        (o) => o.id.group === 'apps' && o.id.kind === 'StatefulSet' && asList(asMap(o.obj.spec).volumeClaimTemplates).length > 0,
      );
      push({
        id: 'statefulset-removed',
        impact: deletes && templates.length ? 'data-loss' : 'disruption',
        object: label,
        message:
          `${label} is removed: ${gone}, its pods are deleted` +
          (templates.length === 0
            ? '.'
            : deletes
              ? `, and so are the claims of its volumeClaimTemplates (${templates.join(', ')}): ` +
                'persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, so their data is lost.'
              : `; the claims of its volumeClaimTemplates (${templates.join(', ')}) stay, unused.`) +
          (successor && templates.length
            ? ` ${objectLabel(successor.id, t.namespace)} is added: it gets new, empty claims named after it, not these.`
            : '') +
          " Keep the StatefulSet's name if it is meant to keep its data.",
      });
    }
    if (isLoadBalancer(old) && !kept) {
      push({
        id: 'load-balancer-address',
        object: label,
        message:
          `${label} is a LoadBalancer and is removed: ${gone}, its load balancer and external address are released` +
          (added.some(isLoadBalancer) ? ', and the LoadBalancer Service added here gets a new address' : '') +
          ". Clients and DNS records that use the address stop reaching the app; keep the Service's name to keep the address.",
      });
    }
  }
}

function changeFindings(t: TargetChanges, push: Push) {
  for (const c of t.changes) {
    if (c.change !== 'changed' || recreated(c.old) || recreated(c.new)) continue;
    const label = objectLabel(c.id, t.namespace);
    for (const { path, fix } of immutableFields(c)) {
      push({
        id: 'immutable-field',
        object: label,
        path,
        message:
          `${label} ${path} changes, and Kubernetes does not let an existing ${c.id.kind} change it: the sync fails ("field is ` +
          `immutable" or "Forbidden") and the app stays OutOfSync. Fix: ${fix}.`,
      });
    }
    const shrink = claimShrink(c);
    if (shrink) {
      push({
        id: 'volume-shrink',
        object: label,
        path: 'spec.resources.requests.storage',
        message:
          `${label} asks for less storage (${shrink}): a claim can only grow, so the sync fails. Keep the size, or move the ` +
          `data to a new, smaller claim.`,
      });
    }
    if (isLoadBalancer(c.old) && !isLoadBalancer(c.new)) {
      push({
        id: 'load-balancer-address',
        object: label,
        path: 'spec.type',
        message:
          `${label} changes from type LoadBalancer to ${String(asMap(c.new?.obj.spec).type ?? 'ClusterIP')}: ` +
          'its load balancer and external address are released, ' +
          'and clients and DNS records that use the address stop reaching the app. Changing it back later gets a new address.',
      });
    }
  }
}

/** Routes and TLSOptions removed and another of the same kind added in the same namespace: a rename. */
function renameFindings(t: TargetChanges, baseRoutes: ManifestObject[], push: Push) {
  const removed = t.changes.filter((c) => c.change === 'removed' && c.old && isTraefik(c.old)).map((c) => c.old!);
  const added = t.changes.filter((c) => c.change === 'added' && c.new && isTraefik(c.new)).map((c) => c.new!);
  for (const old of removed) {
    const label = objectLabel(old.id, t.namespace);
    if (TRAEFIK_ROUTES.has(old.id.kind)) {
      // a route on the default entryPoints may share any of them, and any route may share one with it
      const live = entryPoints(old).includes('*') ? added.flatMap(entryPoints) : [...entryPoints(old), '*'];
      const successor = added.find(
        (o) => o.id.kind === old.id.kind && o.id.namespace === old.id.namespace && entryPoints(o).some((e) => live.includes(e)),
      );
      if (!successor) continue;
      const shared = entryPoints(successor).filter((e) => live.includes(e));
      push({
        id: 'route-renamed',
        object: label,
        message:
          `${label} is renamed to ${successor.id.name} on ` +
          (shared.includes('*') ? "Traefik's default entryPoints, which carry" : `entryPoint ${shared.join(', ')}, which carries`) +
          ' its traffic: ' +
          'Traefik names routers after the object, ' +
          'so ArgoCD creates a second router before it prunes the first, and while both exist they compete for the same connections ' +
          '(with pruning off, the old one stays for good). Keep metadata.name as it was, or roll the rename out when a short ' +
          'interruption is acceptable.',
      });
    }
    if (old.id.kind === 'TLSOption') {
      const name = `${old.id.namespace}/${old.id.name}`;
      const users = baseRoutes.filter((r) => tlsOptionsNamed(r).includes(name));
      const successor = added.find((o) => o.id.kind === 'TLSOption' && o.id.namespace === old.id.namespace);
      if (!successor || users.length === 0) continue;
      const where = [...new Set(users.flatMap(namedEntryPoints))];
      push({
        id: 'tls-option-renamed',
        object: label,
        message:
          `${label} is renamed to ${successor.id.name} while ${users.map((u) => `${u.id.kind}/${u.id.name}`).join(', ')} use it` +
          (where.length ? ` on entryPoint ${where.join(', ')}` : '') +
          ': Traefik refuses to build a router whose TLS options do not exist, so every route that still names ' +
          `${old.id.name} (here or in other apps and repos) stops serving when it is pruned. Keep the old name, or add the ` +
          `new TLSOption first and remove the old one once no route names it.`,
      });
    }
  }
}

/** The findings of every app × env compared; `baseObjects` are the base revision's objects of all of them. */
export function findingsOf(targets: TargetChanges[], baseObjects: ManifestObject[]): DiffFinding[] {
  const baseRoutes = baseObjects.filter((o) => isTraefik(o) && TRAEFIK_ROUTES.has(o.id.kind));
  const findings: DiffFinding[] = [];
  for (const t of targets) {
    const push: Push = (f) => findings.push({ ...f, impact: f.impact ?? FINDINGS[f.id].impact, target: t.target });
    changeFindings(t, push);
    removalFindings(t, push);
    renameFindings(t, baseRoutes, push);
  }
  const order: Impact[] = ['fails', 'data-loss', 'disruption'];
  return findings.sort((a, b) => order.indexOf(a.impact) - order.indexOf(b.impact) || a.target.localeCompare(b.target));
}
