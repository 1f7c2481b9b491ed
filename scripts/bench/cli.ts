// The command's own cost where users wait on it: `app-chart --help` and `--version` against a Node that does
// nothing, and `app-chart render` end to end against the bare `helm template` call it makes (and a Node script
// that does nothing but make that call: the floor of any Node command that runs Helm).
import { join } from 'node:path';
import { helmFor } from '../helm.ts';
import { packageRoot } from '../install.ts';
import { planRender } from '../render.ts';
import { compare, sample, type Stats } from './measure.ts';

/** The example the render rows use, as the README's demo renders it. */
const APP = join(packageRoot, 'examples', 'postgres-tcp');
const ENV = 'prod';
const PLATFORM_VALUES = join(packageRoot, 'examples', 'platform-values.yaml');

export const CLI_TARGETS = { help: 1.5, render: 2.5 };

export interface CliResults {
  stats: Record<'node' | 'help' | 'version' | 'helm' | 'floor' | 'render', Stats>;
  ratios: { help: number; version: number; render: number; floor: number };
}

export async function cliCosts(command: string, runs: number): Promise<CliResults> {
  const helm = helmFor(4);
  const plan = planRender({ appDir: APP, env: ENV, values: [PLATFORM_VALUES], helm: 4 });
  let expected: string | undefined;
  const sameAsHelm = (stdout: string) => {
    if (stdout !== expected) throw new Error('cli bench: app-chart render printed other manifests than the bare helm template call');
  };
  const commands: Record<keyof CliResults['stats'], { bin: string; args: string[]; check?: (stdout: string) => void }> = {
    node: { bin: process.execPath, args: ['-e', '0'] },
    help: { bin: process.execPath, args: [command, '--help'] },
    version: { bin: process.execPath, args: [command, '--version'] },
    helm: { bin: helm.bin, args: plan.args, check: (stdout: string) => void (expected ??= stdout) },
    floor: {
      bin: process.execPath,
      args: [
        '-e',
        "const r = require('node:child_process').spawnSync(process.argv[1], process.argv.slice(2)); " +
          'process.stdout.write(r.stdout); process.exitCode = r.status',
        helm.bin,
        ...plan.args,
      ],
      check: sameAsHelm,
    },
    render: {
      bin: process.execPath,
      args: [command, 'render', APP, '--env', ENV, '--values', PLATFORM_VALUES, '--helm', '4'],
      check: sameAsHelm,
    },
  };
  // one untimed round: the first render of a machine fills the cache (the config's compiled validator)
  for (const { bin, args, check } of Object.values(commands)) await sample(bin, args, check);
  const stats = await compare(commands, runs);
  return {
    stats,
    ratios: {
      help: stats.help.wall / stats.node.wall,
      version: stats.version.wall / stats.node.wall,
      render: stats.render.wall / stats.helm.wall,
      floor: stats.floor.wall / stats.helm.wall,
    },
  };
}
