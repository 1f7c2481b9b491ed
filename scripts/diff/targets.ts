// The app × envs of one side, found as lint finds them, each with the `helm template` request that renders it
// as `app-chart render` does and a key of everything that render is made of.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError, defaultConfig, type LintConfig } from '../lint/config.ts';
import { discover, UsageError, type Target } from '../lint/discover.ts';
import { platformFile } from '../lint/index.ts';
import { RULE_IDS } from '../lint/rules/index.ts';
import { chartDigest, renderKey } from '../render-cache.ts';
import { chartDir, RenderError, type RenderRequest } from '../render.ts';
import { chartOf, type Chart } from './chart.ts';
import { linkOutOfChart, outside } from './confine.ts';
import type { Side } from './sides.ts';

/** A render that takes longer than this is stopped and reported as an error of its app × env. */
export const RENDER_TIMEOUT_MS = 120_000;

export interface SideTarget {
  target: Target;
  request: RenderRequest;
  /** what the render is made of; undefined when it cannot be rendered (then `problem` says why) */
  key?: string;
  problem?: string;
  /** the values files' contents, to recognise an app folder renamed */
  filesDigest: string;
}

/** The app × envs under one path on one side, or the reason there are none. */
function discoverPath(path: string, configFile: string | undefined): Target[] | UsageError {
  if (!existsSync(path)) return new UsageError(`${path}: no such file or folder`);
  try {
    return discover([path], { configFile, ruleIds: RULE_IDS }).targets;
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

/**
 * The app × envs of the given paths at both sides. A path may hold apps at one side only (an app added or
 * removed); a path that holds none at either is a usage error.
 */
export function discoverBoth(base: Side, head: Side, given: string[]): { base: Target[]; head: Target[] } {
  const found = { base: new Map<string, Target>(), head: new Map<string, Target>() };
  given.forEach((name, i) => {
    const atHead = discoverPath(head.paths[i], head.configFile);
    let atBase: Target[] | UsageError;
    try {
      atBase = discoverPath(base.paths[i], base.configFile);
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`at ${base.info.label}: ${base.display(error.message)}`);
      throw error;
    }
    const headHits = Array.isArray(atHead) ? atHead : [];
    const baseHits = Array.isArray(atBase) ? atBase : [];
    if (headHits.length === 0 && baseHits.length === 0) {
      const why = atHead instanceof UsageError ? atHead : atBase instanceof UsageError ? atBase : undefined;
      throw new UsageError(why ? why.message.replace(head.paths[i], name).replace(base.paths[i], name) : `${name}: no app with an env found at either revision.`);
    }
    for (const t of headHits) found.head.set(`${t.appDir}\0${t.env}`, t);
    for (const t of baseHits) found.base.set(`${t.appDir}\0${t.env}`, t);
  });
  return { base: [...found.base.values()], head: [...found.head.values()] };
}

const digest = (files: string[]) => {
  const h = createHash('sha256');
  for (const file of files) h.update(readFileSync(file)).update('\0');
  return h.digest('hex');
};

/**
 * Each target of a side with its render request and key, by "<repo root>\0<app>\0<env>" (the same at both
 * sides for the same app × env). Platform values from a config are written once into `cacheDir`.
 */
export function prepareTargets(side: Side, targets: Target[], cacheDir: string): Map<string, SideTarget> {
  const platform = new Map<LintConfig, string[]>();
  const platformFiles = (config: LintConfig) => {
    let files = platform.get(config);
    if (!files) {
      const generated = platformFile(config, () => [join(cacheDir, 'platform')]);
      platform.set(config, (files = [...(generated ? [generated] : []), ...config.platformValuesFiles]));
    }
    return files;
  };
  const chartEscapes = new Map<string, string | undefined>();
  /** Why an app × env would render something from outside the repository, if it would. */
  const escapes = (target: Target, chart: Chart) => {
    if (!side.confined) return undefined;
    const file = [...target.files, ...target.config.platformValuesFiles].map((f) => outside(side.top, f)).find(Boolean);
    if (file || side.chart || chart.path === chartDir) return file;
    if (!chartEscapes.has(chart.path)) chartEscapes.set(chart.path, outside(side.top, chart.path) ?? linkOutOfChart(chart.path));
    return chartEscapes.get(chart.path);
  };

  // every app × env of a side renders one chart or few: each is digested once here
  const digests = new Map<string, string>();
  const digestOf = (chart: string) => digests.get(chart) ?? digests.set(chart, chartDigest(chart)).get(chart)!;

  const prepared = new Map<string, SideTarget>();
  for (const target of targets) {
    const chart = side.chart ?? chartOf({ top: side.top, config: target.config });
    side.info.chart ||= chart.label;
    side.chartPath ??= chart.path;
    const request: RenderRequest = {
      appDir: target.appDir,
      env: target.env,
      namespace: target.namespace,
      values: platformFiles(target.config),
      helm: target.config.helm,
      chart: chart.path,
    };
    const escape = escapes(target, chart);
    const entry: SideTarget = { target, request, filesDigest: escape ? '' : digest(target.files) };
    if (escape) {
      entry.problem =
        `${escape}: diff renders only what lies inside the repository, so that no other file of this machine reaches its output. ` +
        'Keep values files, platform values files and the chart in the repository, as files rather than links out of it.';
    } else {
      try {
        entry.key = renderKey(request, digestOf);
      } catch (error) {
        if (!(error instanceof RenderError)) throw error;
        entry.problem = side.display(error.message);
      }
    }
    prepared.set(`${relative(side.top, target.config.root)}\0${target.app}\0${target.env}`, entry);
  }
  side.info.chart ||= (side.chart ?? chartOf({ top: side.top, config: defaultConfig(side.top) })).label;
  return prepared;
}
