// The app-chart command line: render an app as ArgoCD does, lint a deployment repo, or run the pinned Helm.
// Each command loads its own modules when it runs: --help, --version and render never load lint.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { addChartOptions, chartFlagsOf } from './chart-flags.ts';
import { DEFAULT_HELM, parseHelmMajor, PINNED } from './helm-pins.ts';
import { packageVersion } from './install.ts';
import { FORMATS, requestedFormat } from './lint/formats.ts';

function helmOption(value: string): 3 | 4 {
  try {
    return parseHelmMajor(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('app-chart')
  .description('Render, check and test apps built on the app Helm chart.')
  .version(packageVersion(), '-V, --version', 'print the version of app-chart')
  .showHelpAfterError()
  // an option after a subcommand is the subcommand's: `lint merge … --format json` is merge's --format
  .enablePositionalOptions()
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride((error) => {
    // handled below, where the modules it needs can be loaded
    throw error;
  });

addChartOptions(
  program
    .command('render')
    .description(
      'Render an app of a deployment repo as ArgoCD does: values base/base-values.yaml then envs/<env>/values.yaml, ' +
        'release <app>-<env>, namespace <env>. Prints the manifests, or nothing and an error.',
    )
    .argument('<app-dir>', 'the app folder (holds base/ and envs/)')
    .requiredOption('-e, --env <env>', 'the env to render (a folder of envs/)')
    .option('-n, --namespace <namespace>', 'namespace (default: the env name)')
    .option('-f, --values <file>', 'platform values file, applied before the app files (repeatable)', collect, [])
    .option('--set <key=value>', 'value applied after every file, e.g. captain_domain=example.com (repeatable)', collect, [])
    .option(
      '--helm <major>',
      `Helm 3 (${PINNED[3].version}) or 4 (${PINNED[4].version}); default: the config's helm, else ${DEFAULT_HELM}`,
      helmOption,
    ),
  "the chart (default: the chart the app's ArgoCD Application names, else the config's chart:, else the chart bundled with app-chart)",
)
  .option('-c, --config <file>', 'config file (default: the nearest app-chart.config.yaml)')
  .action(async (appDir: string, options) => {
    const [{ render }, { chartFromFlags }, { helmNotice }] = await Promise.all([
      import('./render-deployed.ts'),
      import('./chart-from-flags.ts'),
      import('./helm.ts'),
    ]);
    const result = await render({
      appDir,
      env: options.env,
      namespace: options.namespace,
      values: options.values,
      set: options.set,
      helm: options.helm,
      chart: chartFromFlags(chartFlagsOf(options)),
      config: options.config,
    });
    const notice = helmNotice(result.helm);
    if (notice) process.stderr.write(`${notice}\n`);
    for (const note of result.notes) process.stderr.write(`app-chart render: note: ${note}\n`);
    process.stdout.write(result.manifests);
  });

program
  .command('helm')
  .description('Run the pinned Helm with the given arguments, e.g. app-chart helm --helm 3 -- template x chart/')
  .option('--helm <major>', 'Helm 3 (3.18.0) or 4 (4.1.4)', helmOption, DEFAULT_HELM)
  .argument('[args...]', 'arguments for helm (after --)')
  .allowUnknownOption()
  .action(async (args: string[], options) => {
    const { helmFor, helmNotice, helmVersion, runHelm, UNBOUNDED } = await import('./helm.ts');
    const helm = helmFor(options.helm);
    const notice = helmNotice(helm);
    if (notice) process.stderr.write(`${notice}\n`);
    if (args.length === 0) {
      console.log(`${await helmVersion(helm)} at ${helm.bin}`);
      return;
    }
    // what the user typed, not what a repo holds: Helm's own --timeout applies, not the render bounds
    const result = await runHelm(helm, args, { bounds: UNBOUNDED });
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });

const formatOption = () =>
  new Option('--format <format>', 'output format: text, json, github (workflow annotations) or sarif (SARIF 2.1.0 for code scanning)')
    .choices(FORMATS)
    .default('text');

const lintCommand = program
  .command('lint')
  .enablePositionalOptions()
  .description(
    "Lint the apps of a deployment repo: values files, schema, render, rendered objects and the platform's rules. " +
      'Exit 0 when clean, 1 on findings at error severity, 2 when lint cannot run (usage, config, Helm missing or broken). ' +
      'Rules: docs/lint-rules.md.',
  )
  .argument('[paths...]', 'the repo, an apps folder, an app, an env folder or values files (default: .)')
  .addOption(formatOption())
  .option('-c, --config <file>', 'config file for every path (default: the nearest app-chart.config.yaml)')
  .option('--no-cache', 'render everything again instead of reusing results of unchanged apps')
  .option(
    '--shard <index/count>',
    'lint one share of the app × envs, e.g. 2/3 (a CI job of a matrix); the checks across apps wait for "app-chart lint ' +
      'merge" of every shard\'s --format json report',
  )
  .action(async (paths: string[], options) => {
    const { runLint } = await import('./lint/cli.ts');
    process.exitCode = await runLint(paths, { format: options.format, config: options.config, cache: options.cache, shard: options.shard });
  });

lintCommand
  .command('merge')
  .description(
    'Merge the JSON reports of every shard of a lint run (app-chart lint --shard <i>/<n> --format json) into the report of one full run, ' +
      "and run the checks across apps. Run it in the folder the shards ran in. Exit status as lint's.",
  )
  .argument('<reports...>', 'the report files of the shards, in any order')
  .addOption(formatOption())
  .action(async (reports: string[], options) => {
    const { runLintMerge } = await import('./lint/cli.ts');
    process.exitCode = await runLintMerge(reports, { format: options.format });
  });

const diffCommand = program
  .command('diff')
  .description(
    'Show what a change does to every app × env: render each one whose inputs differ between a git revision and the ' +
      'working tree (or between two charts), compare the objects, and say which changes will not apply or lose data. ' +
      'Exit 0, or 1 with --exit-code when anything differs; 2 on an error.',
  )
  .argument('[paths...]', 'the repo, an apps folder, an app, an env folder or values files (default: .)')
  .option('-b, --base <revision>', 'the git revision to compare the working tree with (branch, tag, commit)');
addChartOptions(diffCommand, 'the chart to render the working tree with, instead of the one each app × env deploys');
addChartOptions(diffCommand, 'the chart to render the base with, instead of the one each app × env deploys there', 'base-');
diffCommand
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
  .option('-c, --config <file>', 'config file for every path (default: the nearest app-chart.config.yaml)')
  .option('--all', 'render every app × env, also those whose inputs did not change')
  .option('--no-cache', 'render everything again instead of reusing earlier renders')
  .option('--exit-code', 'exit 1 when anything differs')
  .action(async (paths: string[], options) => {
    const { runDiff } = await import('./diff/cli.ts');
    process.exitCode = await runDiff(paths, {
      base: options.base,
      chart: chartFlagsOf(options),
      baseChart: chartFlagsOf(options, 'base'),
      format: options.format,
      config: options.config,
      all: options.all === true,
      cache: options.cache,
      exitCode: options.exitCode === true,
    });
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // a wrong lint command line still gives the report format asked for (commander already printed the message)
    if (error.exitCode !== 0 && process.argv[2] === 'lint') {
      const { reportLintError } = await import('./lint/cli.ts');
      reportLintError(requestedFormat(process.argv), 'usage', error.message.replace(/^error: /, ''), undefined, true);
    }
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  // the modules that threw these are loaded already
  const [{ RenderError }, { HelmError }, { UsageError }, { ConfigError }, { ChartError }] = await Promise.all([
    import('./render.ts'),
    import('./helm-pins.ts'),
    import('./lint/discover.ts'),
    import('./lint/config.ts'),
    import('./chart-source.ts'),
  ]);
  if (error instanceof RenderError || error instanceof HelmError) {
    process.stderr.write(`app-chart: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ChartError) {
    process.stderr.write(`app-chart: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
