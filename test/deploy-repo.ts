// Test helpers for the deployment-repo side: a repo of apps × envs in a temp folder, chart archives made by the
// real Helm, and a Helm repository served over HTTP on 127.0.0.1 (the OCI registry is in registry.ts).
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AppChartValues } from '../schema/values.types.ts';
import { helmFor, runHelm, type HelmMajor } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';

/** Values as a file of the repo (YAML 1.1, as Helm reads it). */
export const valuesYaml = (values: AppChartValues) => stringify(values, { version: '1.1', blockQuote: 'literal' });

/**
 * A deployment repo: apps/<app>/base/base-values.yaml and apps/<app>/envs/<env>/values.yaml for every app × env,
 * a `.git` folder so its root is found as CI finds it, and the files given (path -> text).
 */
export function writeDeployRepo(root: string, apps: string[], envs: string[], files: Record<string, string> = {}): void {
  mkdirSync(join(root, '.git'), { recursive: true });
  for (const app of apps) {
    const base: AppChartValues = {
      image: { repository: 'nginx', tag: '1.27', port: 8080 },
      deployment: { enabled: true, resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
      service: { enabled: true },
    };
    mkdirSync(join(root, 'apps', app, 'base'), { recursive: true });
    writeFileSync(join(root, 'apps', app, 'base', 'base-values.yaml'), valuesYaml(base));
    for (const env of envs) {
      mkdirSync(join(root, 'apps', app, 'envs', env), { recursive: true });
      const values: AppChartValues = { deployment: { replicas: env === 'prod' ? 2 : 1 } };
      writeFileSync(join(root, 'apps', app, 'envs', env, 'values.yaml'), valuesYaml(values));
    }
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Name and version of the chart bundled with the package. */
export const bundledChart = parse(readFileSync(join(packageRoot, 'chart', 'Chart.yaml'), 'utf8')) as { name: string; version: string };

/** A copy of the bundled chart at `dir`, named "app", with a version of its own and, when given, a planted template. */
export function vendorChart(dir: string, version: string, planted?: { file: string; text: string }): void {
  cpSync(join(packageRoot, 'chart'), dir, { recursive: true });
  const chartYaml = join(dir, 'Chart.yaml');
  writeFileSync(
    chartYaml,
    readFileSync(chartYaml, 'utf8')
      .replace(/^version: .*$/m, `version: ${version}`)
      .replace(/^name: .*$/m, 'name: app'),
  );
  if (planted) writeFileSync(join(dir, 'templates', planted.file), planted.text);
}

/** `helm package` of a chart folder into `out`; returns the archive's path. */
export async function packageChart(chartDir: string, out: string, helm: HelmMajor = 4): Promise<string> {
  mkdirSync(out, { recursive: true });
  const result = await runHelm(helmFor(helm), ['package', `--destination=${out}`, '--', chartDir]);
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout.trim().replace(/^.*saved it to: /, '');
}

export interface ChartRepo {
  url: string;
  /** paths requested, in order */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A Helm repository over HTTP on 127.0.0.1, under a path of its own (so that what the cache records for it is
 * never one of an earlier run's, which may have had the same port): the .tgz archives of `from`, copied to a
 * folder of its own, and their index.yaml (from `helm repo index`), passed through `edit` when given.
 */
export async function serveChartRepo(from: string, edit?: (index: string) => string): Promise<ChartRepo> {
  const dir = mkdtempSync(join(from, '..', 'served-'));
  cpSync(from, dir, { recursive: true, filter: (f) => f === from || f.endsWith('.tgz') });
  const prefix = `/${randomBytes(6).toString('hex')}`;
  const requests: string[] = [];
  let url = '';
  const server: Server = createHttpServer((request, response) => {
    const full = decodeURIComponent(new URL(request.url ?? '/', url).pathname);
    const path = full.startsWith(`${prefix}/`) ? full.slice(prefix.length) : full;
    requests.push(path);
    const file = join(dir, path.replace(/^\/+/, ''));
    if (path === full || !/^\/[\w.-]+$/.test(path) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    const body = path === '/index.yaml' && edit ? edit(readFileSync(file, 'utf8')) : readFileSync(file);
    response.writeHead(200, { 'content-type': path.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}${prefix}`;
  const indexed = await runHelm(helmFor(4), ['repo', 'index', `--url=${url}`, '--', dir]);
  if (indexed.exitCode !== 0) throw new Error(indexed.stderr);
  return { url, requests, close: () => new Promise((done) => server.close(() => done())) };
}
