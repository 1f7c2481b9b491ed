// Runs app-chart lint on one repo with its own cache folder and prints a JSON summary: the lint bench times this
// in a process of its own, started the way bin/app-chart.js starts the command.
import { lint } from '../lint/index.ts';

const [repo, cacheDir, mode] = process.argv.slice(2);
if (!repo || !cacheDir) throw new Error('usage: lint-run.ts <repo> <cache-dir> [no-cache]');
const result = await lint({ paths: [repo], cacheDir, cache: mode !== 'no-cache' });
process.stdout.write(
  `${JSON.stringify({ targets: result.targets.length, cached: result.cached, rendered: result.targets.filter((t) => t.rendered).length, errors: result.errors })}\n`,
);
