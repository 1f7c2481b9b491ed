// Runs app-chart diff of a repo's working tree against its HEAD, with its own cache folder, and prints a JSON
// summary: the diff bench times this in a process of its own, started the way bin/app-chart.js starts the command.
import { diff } from '../diff/index.ts';

const [repo, cacheDir] = process.argv.slice(2);
if (!repo || !cacheDir) throw new Error('usage: diff-run.ts <repo> <cache-dir>');
const result = await diff({ paths: [repo], base: 'HEAD', cacheDir });
process.stdout.write(
  `${JSON.stringify({ targets: result.targets.length, rendered: result.targets.filter((t) => t.rendered).length, changed: result.targets.filter((t) => t.status === 'changed').length, errors: result.errors })}\n`,
);
