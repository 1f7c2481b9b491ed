// Test helpers: render the chart with real Helm binaries from values given inline.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, parseAllDocuments, visit } from 'yaml';
import { helmFor, runHelm, type HelmMajor, type HelmResult } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { chartDir } from '../scripts/render.ts';

export const HELMS: HelmMajor[] = [3, 4];

/** The app-chart command as a deployment repo runs it: the built bin, run with `node`. */
export const APP_CHART = join(packageRoot, 'bin', 'app-chart.js');

export interface TemplateOptions {
  release?: string;
  namespace?: string;
  set?: string[];
  /** further flags of helm template, e.g. --skip-schema-validation */
  flags?: string[];
}

/** `helm template` of the chart with each values text as one -f file, in order. */
export async function template(helm: HelmMajor, values: string[], options: TemplateOptions = {}): Promise<HelmResult> {
  const dir = mkdtempSync(join(tmpdir(), 'app-chart-test-'));
  try {
    const args = ['template', options.release ?? 'demo-prod', chartDir, '--namespace', options.namespace ?? 'prod'];
    values.forEach((text, i) => {
      const file = join(dir, `values-${i}.yaml`);
      writeFileSync(file, text);
      args.push('--values', file);
    });
    for (const pair of options.set ?? []) args.push('--set', pair);
    args.push(...(options.flags ?? []));
    return await runHelm(helmFor(helm), args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** The objects of a render, in output order (empty documents dropped). */
export function manifests(output: string): Manifest[] {
  return parseAllDocuments(output)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

/** The rendered objects; fails the test with Helm's message when the render fails. */
export async function render(helm: HelmMajor, values: string[], options?: TemplateOptions): Promise<Manifest[]> {
  const result = await template(helm, values, options);
  if (result.exitCode !== 0) throw new Error(`helm ${helm} failed:\n${result.stderr}`);
  return manifests(result.stdout);
}

export const find = (objects: Manifest[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

/** Characters Helm's YAML reader takes as line breaks (NEL, U+2028, U+2029) or rejects (DEL, C1 controls, BOM). */
const UNREADABLE = /[\u007f-\u009f\u2028\u2029\ufeff]/;
/** Numbers to Helm's YAML reader once it drops underscores ("4E_5", "0o17"), which YAML 1.1 writers leave plain. */
const NUMBER = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const readsAsNumber = (text: string) => /^[-+.0-9]/.test(text) && NUMBER.test(text.replaceAll('_', ''));

/**
 * Values as YAML that Helm reads back as written: YAML 1.1 quoting, so "yes", "n" or "on" stay strings; strings
 * Helm would read as numbers are quoted too, and a character Helm's reader would fold or reject is escaped.
 */
export function toValuesYaml(values: unknown): string {
  const doc = new Document(values, { version: '1.1' });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && (UNREADABLE.test(node.value) || readsAsNumber(node.value))) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString().replace(new RegExp(UNREADABLE, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
