// Which apps × envs to lint: from a repo root, an apps folder, an app, an env folder, or values files.
// Folders and files may be symbolic links: a link is followed when it leads to a place inside the repo, and
// any other link (out of the repo, to nothing, in a loop) is a finding, never passed over.
import { type Dirent, existsSync, lstatSync, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE, defaultConfig, findConfigFile, loadConfig, namespaceOf, type LintConfig } from './config.ts';
import type { Finding, TargetFinding } from './types.ts';
import { report } from './rules/rule.ts';
import { pathUnreadable } from './rules/yaml.ts';

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

/**
 * Why lint may not read a path: it leads out of the repo (through a symbolic link anywhere on the way), to
 * nothing (a dangling link) or round a loop of links. Undefined for a path inside the repo, or one that is
 * simply not there.
 */
function linkProblem(path: string, walk: Walk): string | undefined {
  // in a folder known to be the repo's own and not a link itself, a path is in the repo: one lstat, where the
  // system's realpath looks at every folder of the path
  if (plainFolders(walk).has(dirname(path))) {
    let stat: Stats;
    try {
      stat = lstatSync(path);
    } catch {
      // not there at all
      return undefined;
    }
    if (!stat.isSymbolicLink()) {
      if (stat.isDirectory()) walk.plainFolders?.add(path);
      return undefined;
    }
  }
  let real: string;
  try {
    // the system's realpath: one call, where Node's own walks the path a folder at a time
    real = realpathSync.native(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'is a symbolic link in a loop of links';
    try {
      if (lstatSync(path).isSymbolicLink()) return 'is a symbolic link to nothing (its target does not exist)';
    } catch {
      // not there at all
    }
    return undefined;
  }
  // resolved once per walk: a lint asks for every path it reads
  walk.realRoot ??= realpathSync.native(walk.root);
  const realRoot = walk.realRoot;
  if (real !== realRoot && !real.startsWith(realRoot + sep))
    return `leads through a symbolic link to ${real}, outside the repo (${realRoot}); lint reads only the repo`;
  return undefined;
}

/**
 * Folders whose path is their real path inside the repo (no link on the way from the root): the root, when it is
 * no link and not the file system's root, then each plain folder found in one of them.
 */
function plainFolders(walk: Walk): Set<string> {
  if (!walk.plainFolders) {
    walk.plainFolders = new Set();
    try {
      walk.realRoot ??= realpathSync.native(walk.root);
      if (walk.realRoot === walk.root && !walk.root.endsWith(sep)) walk.plainFolders.add(walk.root);
    } catch {
      // a root that cannot be resolved: every path takes the long way
    }
  }
  return walk.plainFolders;
}

/** What discovery found wrong with links: findings for the report, and files lint must not read. */
export interface PathProblems {
  findings: TargetFinding[];
  /** values files that are links lint does not follow, with the finding to report instead of reading them */
  blocked: Map<string, Finding>;
}

/** Where discovery is: the config in use, the repo whose bounds links may not leave, and what it found wrong. */
interface Walk {
  config: LintConfig;
  /** the repo: the config's folder, or, with --config, the root of the path given */
  root: string;
  /** the root with its links resolved, once needed */
  realRoot?: string;
  /** see plainFolders */
  plainFolders?: Set<string>;
  problems: PathProblems;
}

function pathFinding(walk: Walk, path: string, message: string, app: string, env: string): TargetFinding {
  const data = { path: relative(walk.root, path) || path, problem: message };
  return report(pathUnreadable, 'outsideRepo', data, { file: path, root: walk.config.root, app, env });
}

/** The folders in a folder, links to folders inside the repo included; other links are reported. */
function folders(walk: Walk, dir: string, app = '*', env = '*'): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
    throw error;
  }
  const plain = plainFolders(walk).has(dir);
  const names: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      names.push(entry.name);
      if (plain) walk.plainFolders?.add(path);
    } else if (entry.isSymbolicLink()) {
      const problem = linkProblem(path, walk);
      if (problem) walk.problems.findings.push(pathFinding(walk, path, problem, app === '*' ? entry.name : app, env));
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

function envsIn(walk: Walk, appDir: string): string[] {
  const app = basename(appDir);
  for (const link of [join(appDir, 'envs'), join(appDir, 'base')]) {
    const problem = linkProblem(link, walk);
    if (problem) {
      walk.problems.findings.push(pathFinding(walk, link, problem, app, '*'));
      return [];
    }
  }
  return folders(walk, join(appDir, 'envs'), app).filter((env) => present(join(appDir, 'envs', env, 'values.yaml')));
}

/** A walk that reports nothing: for listing apps and envs as lint finds them, problems left out. */
const quietWalk = (root: string): Walk => ({ config: defaultConfig(root), root, problems: { findings: [], blocked: new Map() } });

/** The envs of an app. */
export const envsOf = (appDir: string) => envsIn(quietWalk(dirname(appDir)), appDir);

/** The apps of an apps folder. */
export const appsIn = (appsDir: string) => folders(quietWalk(dirname(appsDir)), appsDir).filter((name) => isApp(join(appsDir, name)));

function target(walk: Walk, appDir: string, env: string): Target {
  const { config } = walk;
  const base = join(appDir, 'base', 'base-values.yaml');
  const files = [...(present(base) ? [base] : []), join(appDir, 'envs', env, 'values.yaml')];
  for (const file of files) {
    const problem = linkProblem(file, walk);
    if (problem)
      walk.problems.blocked.set(file, report(pathUnreadable, 'linkOutsideRepo', { path: relative(walk.root, file), problem }, { file }));
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
export function discover(paths: string[], options: { configFile?: string; ruleIds: readonly string[] }): Discovery {
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
  // counted per path, found before or not: a path whose app × envs an earlier path named still names them
  let named = 0;
  const add = (t: Target) => {
    named++;
    found.set(`${t.appDir}\0${t.env}`, t);
  };
  const problems: PathProblems = { findings: [], blocked: new Map() };
  for (const given of paths.length ? paths : ['.']) {
    const path = resolve(given);
    if (!existsSync(path)) throw new UsageError(`${given}: no such file or folder`);
    const config = configFor(path);
    const walk: Walk = { config, root: options.configFile ? guessRoot(path) : config.root, problems };
    const before = named;
    if (statSync(path).isFile()) {
      const envFile = /^(.*)[\\/]envs[\\/]([^\\/]+)[\\/]values\.yaml$/.exec(path);
      const baseFile = /^(.*)[\\/]base[\\/]base-values\.yaml$/.exec(path);
      if (envFile) add(target(walk, envFile[1], envFile[2]));
      else if (baseFile) for (const env of envsIn(walk, baseFile[1])) add(target(walk, baseFile[1], env));
      else if (basename(path) === CONFIG_FILE) lintApps(walk, config.appsDir, add);
      else {
        throw new UsageError(
          `${given}: not a values file of an app. Give base/base-values.yaml or envs/<env>/values.yaml, an app folder, or the repo.`,
        );
      }
    } else if (basename(dirname(path)) === 'envs' && present(join(path, 'values.yaml'))) {
      add(target(walk, dirname(dirname(path)), basename(path)));
    } else if (isApp(path)) {
      for (const env of envsIn(walk, path)) add(target(walk, path, env));
    } else if (path === config.root && existsSync(config.appsDir)) {
      lintApps(walk, config.appsDir, add);
    } else {
      lintApps(walk, path, add);
    }
    if (named === before && problems.findings.length === 0) {
      const where = relative(process.cwd(), config.appsDir) || '.';
      throw new UsageError(
        `${given}: no app with an env found. Lint looks for <app>/envs/<env>/values.yaml` +
          (config.file
            ? ` (apps folder from ${relative(process.cwd(), config.file)}: ${where})`
            : ` (apps folder: ${where}; set appsDir in ${CONFIG_FILE})`) +
          '.',
      );
    }
  }
  return { targets: [...found.values()], configs: [...configs.values()], problems };
}

function lintApps(walk: Walk, appsDir: string, add: (t: Target) => void) {
  const problem = linkProblem(appsDir, walk);
  if (problem) {
    walk.problems.findings.push(pathFinding(walk, appsDir, problem, '*', '*'));
    return;
  }
  for (const app of folders(walk, appsDir).filter((name) => isApp(join(appsDir, name)))) {
    for (const env of envsIn(walk, join(appsDir, app))) add(target(walk, join(appsDir, app), env));
  }
}
