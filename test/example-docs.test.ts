// The example apps as documentation: every values file carries the editor modeline with a path that
// reaches the chart's schema, every example is in the index of examples/README.md, every L4 scenario has
// its guide, and every manifest a guide shows (the platform's side: Gateways, middlewares, Services)
// validates against the same models as the rendered objects.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { packageRoot } from '../scripts/install.ts';
import { examplesDir } from '../scripts/examples.ts';
import { validateObjects } from '../scripts/models.ts';

const L4_EXAMPLES = [
  'postgres-tls-terminate',
  'postgres-tls-passthrough',
  'tcp-dedicated-entrypoint',
  'dns-udp-tcp',
  'gateway-api',
  'loadbalancer-service',
  'ingress-nginx-tcp',
  'ingressroutetcp-full',
];

const folders = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
const apps = folders(examplesDir);

const valuesFiles = apps.flatMap((app) => {
  const base = join(examplesDir, app, 'base', 'base-values.yaml');
  const envs = folders(join(examplesDir, app, 'envs')).map((env) => join(examplesDir, app, 'envs', env, 'values.yaml'));
  return [...(existsSync(base) ? [base] : []), ...envs];
});

const readmes = [join(examplesDir, 'README.md'), ...apps.map((app) => join(examplesDir, app, 'README.md')).filter(existsSync)];

/** The ```yaml blocks of a Markdown file, with the line each starts on. */
function yamlBlocks(file: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  let start = -1;
  lines.forEach((line, i) => {
    const fence = /^(\s*)```(\w*)\s*$/.exec(line);
    if (!fence) return;
    if (start < 0 && fence[2] === 'yaml') start = i + 1;
    else if (start >= 0) {
      const indent = fence[1].length;
      blocks.push({
        line: start,
        text: lines
          .slice(start, i)
          .map((l) => l.slice(indent))
          .join('\n'),
      });
      start = -1;
    }
  });
  return blocks;
}

describe('example values files', () => {
  it.each(valuesFiles.map((f) => [relative(packageRoot, f), f]))('%s starts with the schema modeline', (_, file) => {
    const first = readFileSync(file, 'utf8').split('\n')[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match, `first line: ${first}`).not.toBeNull();
    expect(resolve(dirname(file), match![1])).toBe(join(packageRoot, 'chart', 'values.editor.schema.json'));
  });
});

describe('examples/README.md', () => {
  const index = readFileSync(join(examplesDir, 'README.md'), 'utf8');

  it.each(apps)('indexes %s', (app) => {
    expect(index).toMatch(new RegExp(`^\\| \\[${app}\\]\\(${app}/\\) \\|`, 'm'));
  });

  it.each(apps)('states the minimum versions of %s', (app) => {
    const section = index.slice(index.indexOf('## Minimum versions'));
    expect(section).toMatch(new RegExp(`^\\| \\[${app}\\]\\(${app}/\\) \\|`, 'm'));
  });

  it('indexes only examples that exist', () => {
    const indexTable = index.slice(0, index.indexOf('## Minimum versions'));
    const linked = [...indexTable.matchAll(/^\| \[([\w-]+)\]\(\1\/\) \|/gm)].map((m) => m[1]).sort();
    expect(linked).toEqual(apps);
  });
});

describe('the L4 scenario guides', () => {
  it.each(L4_EXAMPLES)('%s has a README with its pitfalls and how to verify it', (app) => {
    expect(apps).toContain(app);
    const readme = readFileSync(join(examplesDir, app, 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`^# ${app}\\n`));
    expect(readme).toMatch(/^## Pitfalls$/m);
    expect(readme).toMatch(/^## Minimum versions$/m);
    expect(readme).toMatch(/^## Verify on a cluster$/m);
    for (const env of folders(join(examplesDir, app, 'envs'))) expect(readme, `mentions env ${env}`).toContain(`\`${env}\``);
  });
});

describe('manifests shown in the guides', () => {
  const blocks = readmes.flatMap((file) => yamlBlocks(file).map((block) => ({ file: relative(packageRoot, file), ...block })));

  it('there are some to check', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b]))('%s parses, and its objects validate', async (_, block) => {
    const docs = parseAllDocuments(block.text);
    for (const doc of docs) expect(doc.errors.map((e) => e.message)).toEqual([]);
    const objects = docs
      .map((d) => d.toJS() as unknown)
      .filter((o): o is { apiVersion: unknown } => !!o && typeof o === 'object' && 'apiVersion' in o);
    expect(await validateObjects(objects)).toEqual([]);
  });
});
