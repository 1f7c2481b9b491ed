// The app-chart command as one ES module and a chunk per command (esbuild), made by `npm run build` after tsc:
// loading the toolkit and its libraries file by file (the yaml package alone is some eighty CommonJS modules)
// cost more than the Helm run that `app-chart render` makes. dist/scripts stays the API and its types.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { packageRoot } from './install.ts';
import { CODE_DIGEST_FILE, codeDigest } from './lint/cache.ts';

export const bundleDir = join(packageRoot, 'dist', 'cli');

rmSync(bundleDir, { recursive: true, force: true });
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
  // the CommonJS libraries in the bundle require Node's own modules; an ES module has no `require` of its own
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
  },
});
// what lint's cache keys take of the code, computed here once instead of in every run
writeFileSync(join(bundleDir, CODE_DIGEST_FILE), `${codeDigest(bundleDir)}\n`);
