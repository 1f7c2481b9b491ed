// The app-chart command as one ES module and a chunk per command (esbuild), made by `npm run build` after tsc:
// loading the toolkit and its libraries file by file (the yaml package alone is some eighty CommonJS modules)
// cost more than the Helm run that `app-chart render` makes. dist/scripts stays the API and its types.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { packageRoot } from './install.ts';
import { CODE_DIGEST_FILE, codeDigest } from './code-digest.ts';
import { modelFor, modelSpecifier, modelTypes } from './models.ts';

export const bundleDir = join(packageRoot, 'dist', 'cli');

/**
 * The apiVersions whose kinds the bundle carries: what the chart's templates emit, and the custom resources its
 * documentation and lint rules are about (Traefik, Gateway API, cert-manager, External Secrets, KEDA). A kind of
 * any other apiVersion (a CRD a repo adds, a core kind the chart never emits) is imported from its package.
 */
const BUNDLED_API_VERSIONS = [
  'v1',
  'apps/v1',
  'batch/v1',
  'networking.k8s.io/v1',
  'policy/v1',
  'autoscaling/v2',
  'traefik.io/v1alpha1',
  'gateway.networking.k8s.io/v1',
  'gateway.networking.k8s.io/v1alpha2',
  'cert-manager.io/v1',
  'external-secrets.io/v1',
  'keda.sh/v1alpha1',
];

/** "apiVersion kind" and the module of its model, for every kind (a type with a model class) of those apiVersions. */
async function bundledKinds(): Promise<[string, string][]> {
  const kinds: [string, string][] = [];
  for (const apiVersion of BUNDLED_API_VERSIONS) {
    const types = modelTypes(apiVersion);
    if (types.length === 0) throw new Error(`bundle: no model package serves ${apiVersion}`);
    for (const type of types)
      if (await modelFor(apiVersion, type)) kinds.push([`${apiVersion} ${type}`, modelSpecifier(apiVersion, type)!]);
  }
  return kinds;
}

/** Puts the map of bundled kinds in the place of scripts/bundled-models.ts (see there). */
function bundledModelsPlugin(kinds: [string, string][]): Plugin {
  const source = join(packageRoot, 'scripts', 'bundled-models.ts');
  const entries = kinds.map(([key, specifier]) => `  [${JSON.stringify(key)}, () => import(${JSON.stringify(specifier)})],`);
  const contents = `export const bundledModels = new Map([\n${entries.join('\n')}\n]);\n`;
  return {
    name: 'bundled-models',
    setup(on) {
      on.onLoad({ filter: /[\\/]bundled-models\.ts$/ }, (args) => (args.path === source ? { contents, loader: 'js' } : undefined));
    },
  };
}

rmSync(bundleDir, { recursive: true, force: true });
const kinds = await bundledKinds();
await build({
  entryPoints: [join(packageRoot, 'scripts', 'cli.ts')],
  outdir: bundleDir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  plugins: [bundledModelsPlugin(kinds)],
  // the CommonJS libraries in the bundle require Node's own modules; an ES module has no `require` of its own
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
  },
});
// what lint's cache keys take of the code, computed here once instead of in every run
writeFileSync(join(bundleDir, CODE_DIGEST_FILE), `${codeDigest(bundleDir)}\n`);
