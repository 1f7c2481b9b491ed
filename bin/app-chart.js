#!/usr/bin/env node
// The app-chart command: the toolkit compiled and bundled into dist/cli (by "npm run build", and by npm pack).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'app-chart: the toolkit is not built (no dist/): run "npm run build" in a clone of its repo, or reinstall the package.\n',
  );
  process.exit(2);
}
await import(cli.href);
