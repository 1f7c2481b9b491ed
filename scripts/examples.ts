// The example apps under examples/ and their golden renders under test/golden/.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HelmMajor } from './helm.ts';
import { packageRoot } from './install.ts';
import { renderApp } from './render.ts';

export const examplesDir = join(packageRoot, 'examples');
export const goldenDir = join(packageRoot, 'test', 'golden');
/** Values the platform injects into every app (captain_domain, ...). */
export const platformValues = join(examplesDir, 'platform-values.yaml');

export interface ExampleEnv {
  app: string;
  env: string;
}

const folders = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];

export function exampleEnvs(): ExampleEnv[] {
  return folders(examplesDir).flatMap((app) => folders(join(examplesDir, app, 'envs')).map((env) => ({ app, env })));
}

export function goldenFile({ app, env }: ExampleEnv): string {
  return join(goldenDir, app, `${env}.yaml`);
}

export function renderExample({ app, env }: ExampleEnv, helm: HelmMajor): Promise<string> {
  return renderApp({ appDir: join(examplesDir, app), env, values: [platformValues], helm });
}
