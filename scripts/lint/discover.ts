// Which apps × envs to lint: from a repo root, an apps folder, an app, an env folder, or values files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE, defaultConfig, findConfigFile, loadConfig, namespaceOf, type LintConfig } from './config.ts';

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

const folders = (dir: string) =>
  existsSync(dir) && statSync(dir).isDirectory()
    ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];

const isApp = (dir: string) => existsSync(join(dir, 'envs')) || existsSync(join(dir, 'base', 'base-values.yaml'));

export const envsOf = (appDir: string) => folders(join(appDir, 'envs')).filter((env) => existsSync(join(appDir, 'envs', env, 'values.yaml')));

/** The apps of an apps folder. */
export const appsIn = (appsDir: string) => folders(appsDir).filter((name) => isApp(join(appsDir, name)));

function target(config: LintConfig, appDir: string, env: string): Target {
  const base = join(appDir, 'base', 'base-values.yaml');
  return {
    app: basename(appDir),
    env,
    appDir,
    namespace: namespaceOf(config, env),
    files: [...(existsSync(base) ? [base] : []), join(appDir, 'envs', env, 'values.yaml')],
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
  for (const given of paths.length ? paths : ['.']) {
    const path = resolve(given);
    if (!existsSync(path)) throw new UsageError(`${given}: no such file or folder`);
    const config = configFor(path);
    const before = found.size;
    if (statSync(path).isFile()) {
      const envFile = /^(.*)[\\/]envs[\\/]([^\\/]+)[\\/]values\.yaml$/.exec(path);
      const baseFile = /^(.*)[\\/]base[\\/]base-values\.yaml$/.exec(path);
      if (envFile) add(target(config, envFile[1], envFile[2]));
      else if (baseFile) for (const env of envsOf(baseFile[1])) add(target(config, baseFile[1], env));
      else if (basename(path) === CONFIG_FILE) lintApps(config, config.appsDir, add);
      else {
        throw new UsageError(
          `${given}: not a values file of an app. Give base/base-values.yaml or envs/<env>/values.yaml, an app folder, or the repo.`,
        );
      }
    } else if (basename(dirname(path)) === 'envs' && existsSync(join(path, 'values.yaml'))) {
      add(target(config, dirname(dirname(path)), basename(path)));
    } else if (isApp(path)) {
      for (const env of envsOf(path)) add(target(config, path, env));
    } else if (path === config.root && existsSync(config.appsDir)) {
      lintApps(config, config.appsDir, add);
    } else {
      lintApps(config, path, add);
    }
    if (found.size === before) {
      const where = relative(process.cwd(), config.appsDir) || '.';
      throw new UsageError(
        `${given}: no app with an env found. Lint looks for <app>/envs/<env>/values.yaml` +
          (config.file ? ` (apps folder from ${relative(process.cwd(), config.file)}: ${where})` : ` (apps folder: ${where}; set appsDir in ${CONFIG_FILE})`) +
          '.',
      );
    }
  }
  return { targets: [...found.values()], configs: [...configs.values()] };
}

function lintApps(config: LintConfig, appsDir: string, add: (t: Target) => void) {
  for (const app of appsIn(appsDir)) for (const env of envsOf(join(appsDir, app))) add(target(config, join(appsDir, app), env));
}
