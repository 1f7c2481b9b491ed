// Which apiVersions of each kind of the group gateway.networking.k8s.io a Gateway API release serves, per
// channel. Read from the CRDs each release ships (config/crd/standard and config/crd/experimental of
// kubernetes-sigs/gateway-api at the last patch of each minor release: v1.0.0, v1.1.1, v1.2.1, v1.3.0,
// v1.4.1, v1.5.1, v1.6.1): a version is listed when its `served` is true. A trailing "!" marks a version the
// CRD serves with a deprecation warning.

export type GatewayChannel = 'standard' | 'experimental';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A release's channels: the experimental one serves every kind the standard one does, and what `experimental` adds or changes. */
const release = (
  standard: Record<string, string>,
  experimental: Record<string, string>,
): Record<GatewayChannel, Record<string, string>> => ({
  standard,
  experimental: { ...standard, ...experimental },
});

const SERVED: Record<string, Record<GatewayChannel, Record<string, string>>> = {
  'v1.0': release(
    {
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      HTTPRoute: 'v1 v1beta1',
      ReferenceGrant: 'v1alpha2! v1beta1',
    },
    {
      BackendTLSPolicy: 'v1alpha2',
      GRPCRoute: 'v1alpha2',
      TCPRoute: 'v1alpha2',
      TLSRoute: 'v1alpha2',
      UDPRoute: 'v1alpha2',
    },
  ),
  'v1.1': release(
    {
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      GRPCRoute: 'v1',
      HTTPRoute: 'v1 v1beta1',
      ReferenceGrant: 'v1beta1',
    },
    {
      BackendLBPolicy: 'v1alpha2',
      BackendTLSPolicy: 'v1alpha3',
      GRPCRoute: 'v1 v1alpha2!',
      ReferenceGrant: 'v1alpha2! v1beta1',
      TCPRoute: 'v1alpha2',
      TLSRoute: 'v1alpha2',
      UDPRoute: 'v1alpha2',
    },
  ),
  'v1.2': release(
    {
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      GRPCRoute: 'v1',
      HTTPRoute: 'v1 v1beta1',
      ReferenceGrant: 'v1beta1',
    },
    {
      BackendLBPolicy: 'v1alpha2',
      BackendTLSPolicy: 'v1alpha3',
      TCPRoute: 'v1alpha2',
      TLSRoute: 'v1alpha2',
      UDPRoute: 'v1alpha2',
    },
  ),
  'v1.3': release(
    {
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      GRPCRoute: 'v1',
      HTTPRoute: 'v1 v1beta1',
      ReferenceGrant: 'v1beta1',
    },
    { BackendTLSPolicy: 'v1alpha3', TCPRoute: 'v1alpha2', TLSRoute: 'v1alpha2', UDPRoute: 'v1alpha2' },
  ),
  'v1.4': release(
    {
      BackendTLSPolicy: 'v1',
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      GRPCRoute: 'v1',
      HTTPRoute: 'v1 v1beta1',
      ReferenceGrant: 'v1beta1',
    },
    {
      BackendTLSPolicy: 'v1 v1alpha3',
      TCPRoute: 'v1alpha2',
      TLSRoute: 'v1alpha2 v1alpha3',
      UDPRoute: 'v1alpha2',
    },
  ),
  'v1.5': release(
    {
      BackendTLSPolicy: 'v1',
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      GRPCRoute: 'v1',
      HTTPRoute: 'v1 v1beta1',
      ListenerSet: 'v1',
      ReferenceGrant: 'v1 v1beta1',
      TLSRoute: 'v1',
    },
    {
      BackendTLSPolicy: 'v1 v1alpha3',
      TCPRoute: 'v1alpha2',
      TLSRoute: 'v1 v1alpha2! v1alpha3!',
      UDPRoute: 'v1alpha2',
    },
  ),
  'v1.6': release(
    {
      BackendTLSPolicy: 'v1',
      GatewayClass: 'v1 v1beta1',
      Gateway: 'v1 v1beta1',
      GRPCRoute: 'v1',
      HTTPRoute: 'v1 v1beta1',
      ListenerSet: 'v1',
      ReferenceGrant: 'v1 v1beta1',
      TCPRoute: 'v1',
      TLSRoute: 'v1',
      UDPRoute: 'v1',
    },
    {
      BackendTLSPolicy: 'v1 v1alpha3',
      TCPRoute: 'v1 v1alpha2!',
      TLSRoute: 'v1 v1alpha2! v1alpha3!',
      UDPRoute: 'v1 v1alpha2!',
    },
  ),
};

export const GATEWAY_API_RELEASES = Object.keys(SERVED);
export const LATEST_GATEWAY_API = GATEWAY_API_RELEASES[GATEWAY_API_RELEASES.length - 1];
export const CHANNELS: GatewayChannel[] = ['standard', 'experimental'];

export interface ServedVersion {
  version: string;
  deprecated: boolean;
}

/** The release a configured version falls in ("v1.6.1", "1.6" -> v1.6); newer than the table -> the latest it knows. */
export function releaseOf(version: string): { release: string; beyond: boolean } | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!match) return undefined;
  const release = `v${Number(match[1])}.${Number(match[2])}`;
  if (SERVED[release]) return { release, beyond: false };
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [lastMajor, lastMinor] = LATEST_GATEWAY_API.slice(1).split('.').map(Number);
  return major > lastMajor || (major === lastMajor && minor > lastMinor) ? { release: LATEST_GATEWAY_API, beyond: true } : undefined;
}

/** The versions of a kind a release serves in a channel; undefined when the kind is not in that channel. */
export function servedVersions(release: string, channel: GatewayChannel, kind: string): ServedVersion[] | undefined {
  const kinds = Object.hasOwn(SERVED, release) ? SERVED[release][channel] : {};
  // kinds come from rendered objects: read them as data, never as members of the object
  const text = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  return text?.split(' ').map((v) => ({ version: v.replace(/!$/, ''), deprecated: v.endsWith('!') }));
}

/** Whether any release knows the kind in this group. */
export const isGatewayKind = (kind: string) => GATEWAY_API_RELEASES.some((r) => CHANNELS.some((c) => servedVersions(r, c, kind)));

/** Every release and channel that serves an apiVersion of a kind. */
export function whereServed(kind: string, version: string): { release: string; channel: GatewayChannel; deprecated: boolean }[] {
  return GATEWAY_API_RELEASES.flatMap((release) =>
    CHANNELS.flatMap((channel) => {
      const found = servedVersions(release, channel, kind)?.find((v) => v.version === version);
      return found ? [{ release, channel, deprecated: found.deprecated }] : [];
    }),
  );
}

/** "standard v1.6; experimental v1.0–v1.6 (deprecated from v1.6)", or "no release" */
export function describeServed(kind: string, version: string): string {
  const where = whereServed(kind, version);
  const parts = CHANNELS.flatMap((channel) => {
    const releases = where.filter((w) => w.channel === channel);
    if (!releases.length) return [];
    const first = releases[0].release;
    const last = releases[releases.length - 1].release;
    const deprecatedFrom = releases.find((r) => r.deprecated)?.release;
    return [`${channel} ${first === last ? first : `${first}–${last}`}${deprecatedFrom ? ` (deprecated from ${deprecatedFrom})` : ''}`];
  });
  return parts.length ? parts.join('; ') : 'no release';
}

/** The newest apiVersion a kind has, with the first release and channels that serve it, e.g. "v1 (standard from v1.6)". */
export function newestVersion(kind: string): { version: string; since: string; channel: GatewayChannel } | undefined {
  const latest = servedVersions(LATEST_GATEWAY_API, 'standard', kind) ?? servedVersions(LATEST_GATEWAY_API, 'experimental', kind);
  const version = latest?.find((v) => !v.deprecated)?.version;
  if (!version) return undefined;
  const first = whereServed(kind, version).find((w) => w.channel === 'standard') ?? whereServed(kind, version)[0];
  return { version, since: first.release, channel: first.channel };
}
