// diff prints what it renders, and a pull request chooses what is rendered: a values file, a platform values
// file or a vendored chart that reaches outside the repository (an absolute path, a symbolic link) would print
// files of the machine it runs on into a pull-request comment. Everything a revision renders must lie inside it.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const within = (dir: string, path: string) => path === dir || path.startsWith(dir + sep);

/** Why a file or folder lies outside `top` (following symbolic links), or undefined when it is inside. */
export function outside(top: string, path: string): string | undefined {
  const root = realpathSync(top);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return `${path} is a symbolic link to nothing`;
  }
  if (within(root, real)) return undefined;
  return `${relative(process.cwd(), path) || path} leads outside the repository (to ${real})`;
}

/** The first file of a chart folder that is a symbolic link leading out of the folder. */
export function linkOutOfChart(chart: string): string | undefined {
  const root = realpathSync(chart);
  const walk = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (lstatSync(path).isSymbolicLink()) {
        const why = outside(root, path);
        if (why) return why;
      } else if (entry.isDirectory()) {
        const found = walk(path);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(root);
}
