// One helm template of each example app × env, the chart's against the GlueOps chart's render of the same values
// files, in CPU time (user + system of Helm, from GNU time): a render of an example takes 50–100 ms, which the
// wall clock of a shared machine does not resolve, and GNU time counts in 10 ms steps, so each figure is the mean
// of many interleaved runs. An example the GlueOps chart refuses (object entries in customResources, maps where
// it takes strings) has no GlueOps figure.
import { join } from 'node:path';
import { exampleEnvs, examplesDir, platformValues, type ExampleEnv } from '../examples.ts';
import type { Helm } from '../helm.ts';
import { sample } from './measure.ts';

/** What a render of an example may cost against the GlueOps chart's render of the same values. */
export const EXAMPLE_TARGET = 1.25;

export interface ExampleRow {
  example: string;
  /** mean CPU seconds of our render */
  ours: number;
  /** mean CPU seconds of the GlueOps chart's render, when it renders these values */
  glueops?: number;
  ratio?: number;
}

const valuesOf = ({ app, env }: ExampleEnv) => [
  platformValues,
  join(examplesDir, app, 'base', 'base-values.yaml'),
  join(examplesDir, app, 'envs', env, 'values.yaml'),
];

const templateArgs = (chart: string, target: ExampleEnv) => [
  'template',
  `${target.app}-${target.env}`,
  chart,
  '--namespace',
  target.env,
  ...valuesOf(target).flatMap((file) => ['--values', file]),
];

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** CPU seconds of `args`, or undefined when Helm refuses them (the GlueOps chart on values it does not take). */
async function cpuOf(helm: Helm, args: string[]): Promise<number | undefined> {
  try {
    const { cpu } = await sample(helm.bin, args);
    if (cpu === undefined) throw new Error('bench: the examples table needs GNU time (/usr/bin/time) for CPU time');
    return cpu;
  } catch (error) {
    if (error instanceof Error && /exited with/.test(error.message)) return undefined;
    throw error;
  }
}

/** Each example app × env under `helm`, ours and (with `glueops`) the GlueOps chart's, one run of each in turn. */
export async function exampleCosts(helm: Helm, chart: string, glueops: string | undefined, runs: number): Promise<ExampleRow[]> {
  const rows: ExampleRow[] = [];
  for (const target of exampleEnvs()) {
    const ours: number[] = [];
    const theirs: number[] = [];
    let refused = glueops === undefined;
    for (let round = 0; round < runs; round++) {
      const cpu = await cpuOf(helm, templateArgs(chart, target));
      if (cpu === undefined) throw new Error(`bench: ${target.app} ${target.env} does not render with ${chart}`);
      ours.push(cpu);
      if (!refused) {
        const their = await cpuOf(helm, templateArgs(glueops!, target));
        if (their === undefined) refused = true;
        else theirs.push(their);
      }
    }
    const row: ExampleRow = { example: `${target.app} ${target.env}`, ours: mean(ours) };
    if (!refused) {
      row.glueops = mean(theirs);
      row.ratio = row.ours / row.glueops;
    }
    rows.push(row);
  }
  return rows;
}
