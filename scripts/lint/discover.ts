// Which apps × envs to lint: from a repo root, an apps folder, an app, an env folder, or values files.
// Folders and files may be symbolic links: a link is followed when it leads to a place inside the repo, and
// any other link (out of the repo, to nothing, in a loop) is a finding, never passed over.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE, defaultConfig, findConfigFile, loadConfig, namespaceOf, type LintConfig } from './config.ts';
import type { Finding, TargetFinding } from './types.ts';

export interface Target {
  app: string;
  env: string;
  appDir: string;
  namespace: string;
  /** base/base-values.yaml (when present) then envs/<env>/values.yaml */
  files: string[];
  config: LintConfig;
}

/** A wrong command line: exit status 2. */
export class UsageError extends Error {}

/** Where a link leads, or why it may not be followed: undefined for a path that is not a link. */
function linkProblem(path: string, root: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isSymbolicLink()) return undefined;
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'is a symbolic link in a loop of links' : 'is a symbolic link to nothing (its target does not exist)';
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return `is a symbolic link to ${real}, outside the repo (${realRoot}); lint reads only the repo`;
  return undefined;
}

/** What discovery found wrong with links: findings for the report, and files lint must not read. */
export interface PathProblems {
  findings: TargetFinding[];
  /** values files that are links lint does not follow, with the finding to report instead of reading them */
  blocked: Map<string, Finding>;
}

function pathFinding(config: LintConfig, path: string, message: string, app: string, env: string): TargetFinding {
  return { rule: 'path-unreadable', file: path, message: `${relative(config.root, path) || path} ${message}: make it a folder or file inside the repo, or remove it`, root: config.root, app, env };
}

/** The folders in a folder, links to folders inside the repo included; other links are reported. */
function folders(config: LintConfig, dir: string, problems: PathProblems, app = '*', env = '*'): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const names: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) names.push(entry.name);
    else if (entry.isSymbolicLink()) {
      const problem = linkProblem(path, config.root);
      if (problem) problems.findings.push(pathFinding(config, path, problem, app === '*' ? entry.name : app, env));
      else if (statSync(path).isDirectory()) names.push(entry.name);
    }
  }
  return names.sort();
}

const isApp = (dir: string) => existsSync(join(dir, 'envs')) || existsSync(join(dir, 'base', 'base-values.yaml'));

/** A values file is there when it exists or is a link of any kind (a broken link is reported, not skipped). */
const present = (file: string) => existsSync(file) || linkExists(file);
const linkExists = (file: string) => {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};

function envsIn(config: LintConfig, appDir: string, problems: PathProblems): string[] {
  const app = basename(appDir);
  for (const link of [join(appDir, 'envs'), join(appDir, 'base')]) {
    const problem = linkProblem(link, config.root);
    if (problem) {
      problems.findings.push(pathFinding(config, link, problem, app, '*'));
      return [];
    }
  }
  return folders(config, join(appDir, 'envs'), problems, app).filter((env) => present(join(appDir, 'envs', env, 'values.yaml')));
}

/** The envs of an app (links followed as lint follows them; problems with links left out). */
export const envsOf = (appDir: string) => envsIn(defaultConfig(dirname(appDir)), appDir, { findings: [], blocked: new Map() });

/** The apps of an apps folder. */
export const appsIn = (appsDir: string) =>
  folders(defaultConfig(dirname(appsDir)), appsDir, { findings: [], blocked: new Map() }).filter((name) => isApp(join(appsDir, name)));

function target(config: LintConfig, appDir: string, env: string, problems: PathProblems): Target {
  const base = join(appDir, 'base', 'base-values.yaml');
  const files = [...(present(base) ? [base] : []), join(appDir, 'envs', env, 'values.yaml')];
  for (const file of files) {
    const problem = linkProblem(file, config.root);
    if (problem) problems.blocked.set(file, { rule: 'path-unreadable', file, message: `${relative(config.root, file)} ${problem}: make it a file inside the repo` });
  }
  return {
    app: basename(appDir),
    env,
    appDir,
    namespace: namespaceOf(config, env),
    files,
    config,
  };
}

/** Without a config file the repo root is the folder above the apps folder the path is in, else the path. */
function guessRoot(path: string): string {
  const parts = path.split(sep);
  const apps = parts.lastIndexOf('apps');
  if (apps > 0) return parts.slice(0, apps).join(sep) || sep;
  return statSync(path).isDirectory() ? path : dirname(path);
}

export interface Discovery {
  targets: Target[];
  /** every config in use, by its file (or root when defaulted) */
  configs: LintConfig[];
  problems: PathProblems;
}

/**
 * Resolves the paths given on the command line. `configFile` forces one config for all of them; otherwise
 * each path uses the nearest app-chart.config.yaml above it.
 */
export function discover(paths: string[], options: { configFile?: string; ruleIds: string[] }): Discovery {
  const configs = new Map<string, LintConfig>();
  const configFor = (path: string): LintConfig => {
    const file = options.configFile ?? findConfigFile(statSync(path).isDirectory() ? path : dirname(path));
    const key = file ? resolve(file) : `default:${guessRoot(path)}`;
    let config = configs.get(key);
    if (!config) {
      config = file ? loadConfig(file, options.ruleIds) : defaultConfig(guessRoot(path));
      configs.set(key, config);
    }
    return config;
  };

  const found = new Map<string, Target>();
  const add = (t: Target) => found.set(`${t.appDir}\0${t.env}`, t);
  const problems: PathProblems = { findings: [], blocked: new Map() };
  for (const given of paths.length ? paths : ['.']) {
    const path = resolve(given);
    if (!existsSync(path)) throw new UsageError(`${given}: no such file or folder`);
    const config = configFor(path);
    const before = found.size;
    if (statSync(path).isFile()) {
      const envFile = /^(.*)[\\/]envs[\\/]([^\\/]+)[\\/]values\.yaml$/.exec(path);
      const baseFile = /^(.*)[\\/]base[\\/]base-values\.yaml$/.exec(path);
      if (envFile) add(target(config, envFile[1], envFile[2], problems));
      else if (baseFile) for (const env of envsIn(config, baseFile[1], problems)) add(target(config, baseFile[1], env, problems));
      else if (basename(path) === CONFIG_FILE) lintApps(config, config.appsDir, add, problems);
      else {
        throw new UsageError(
          `${given}: not a values file of an app. Give base/base-values.yaml or envs/<env>/values.yaml, an app folder, or the repo.`,
        );
      }
    } else if (basename(dirname(path)) === 'envs' && present(join(path, 'values.yaml'))) {
      add(target(config, dirname(dirname(path)), basename(path), problems));
    } else if (isApp(path)) {
      for (const env of envsIn(config, path, problems)) add(target(config, path, env, problems));
    } else if (path === config.root && existsSync(config.appsDir)) {
      lintApps(config, config.appsDir, add, problems);
    } else {
      lintApps(config, path, add, problems);
    }
    if (found.size === before && problems.findings.length === 0) {
      const where = relative(process.cwd(), config.appsDir) || '.';
      throw new UsageError(
        `${given}: no app with an env found. Lint looks for <app>/envs/<env>/values.yaml` +
          (config.file ? ` (apps folder from ${relative(process.cwd(), config.file)}: ${where})` : ` (apps folder: ${where}; set appsDir in ${CONFIG_FILE})`) +
          '.',
      );
    }
  }
  return { targets: [...found.values()], configs: [...configs.values()], problems };
}

function lintApps(config: LintConfig, appsDir: string, add: (t: Target) => void, problems: PathProblems) {
  for (const app of folders(config, appsDir, problems).filter((name) => isApp(join(appsDir, name)))) {
    for (const env of envsIn(config, join(appsDir, app), problems)) add(target(config, join(appsDir, app), env, problems));
  }
}
