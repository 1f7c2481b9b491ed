// The render cache lint and diff share: a render is reused only for the same inputs (the release among them), a
// stored entry of the wrong shape is rendered again, and a chart edited within a run is digested again.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartDigest } from '../scripts/chart-source.ts';
import { packageRoot } from '../scripts/install.ts';
import { cachedRender } from '../scripts/render-cache.ts';
import { chartDir, renderApp, type RenderRequest } from '../scripts/render.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-render-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A render function that counts the renders it makes, and the cached one over it. */
function counted(dir: string) {
  const rendered: string[] = [];
  const render = cachedRender((request: RenderRequest) => {
    rendered.push(request.appDir);
    return renderApp(request);
  }, dir);
  return { render, rendered };
}

describe('the render cache', () => {
  it('renders two apps with the same files apart: the release name is part of what a render is made of', async () => {
    for (const app of ['api', 'web']) cpSync(join(packageRoot, 'examples', 'minimal'), join(tmp, 'apps', app), { recursive: true });
    const { render, rendered } = counted(join(tmp, 'renders-release'));
    const [api, web] = [
      await render({ appDir: join(tmp, 'apps', 'api'), env: 'dev' }),
      await render({ appDir: join(tmp, 'apps', 'web'), env: 'dev' }),
    ];
    expect(rendered).toHaveLength(2);
    expect(api).toContain('name: api-dev');
    expect(web).toContain('name: web-dev');
    await render({ appDir: join(tmp, 'apps', 'web'), env: 'dev' });
    expect(rendered).toHaveLength(2);
  });

  it('renders an app × env apart under Helm 3 and Helm 4, which do not always render alike', async () => {
    cpSync(join(packageRoot, 'examples', 'minimal'), join(tmp, 'apps', 'helms'), { recursive: true });
    const { render, rendered } = counted(join(tmp, 'renders-helms'));
    const request = { appDir: join(tmp, 'apps', 'helms'), env: 'dev' };
    await render({ ...request, helm: 3 });
    await render({ ...request, helm: 4 });
    expect(rendered).toHaveLength(2);
    await render({ ...request, helm: 4 });
    expect(rendered).toHaveLength(2);
  });

  it('renders again for other --set pairs', async () => {
    cpSync(join(packageRoot, 'examples', 'minimal'), join(tmp, 'apps', 'set'), { recursive: true });
    const { render, rendered } = counted(join(tmp, 'renders-set'));
    const request = { appDir: join(tmp, 'apps', 'set'), env: 'dev' };
    expect(await render({ ...request, set: ['appName=one'] })).toContain('name: one');
    expect(await render({ ...request, set: ['appName=two'] })).toContain('name: two');
    expect(rendered).toHaveLength(2);
  });

  it('renders again in another namespace (--namespace, or the one an Application names)', async () => {
    cpSync(join(packageRoot, 'examples', 'minimal'), join(tmp, 'apps', 'ns'), { recursive: true });
    const { render, rendered } = counted(join(tmp, 'renders-namespace'));
    const request = { appDir: join(tmp, 'apps', 'ns'), env: 'dev' };
    expect(await render(request)).toContain('namespace: dev');
    expect(await render({ ...request, namespace: 'shop' })).toContain('namespace: shop');
    expect(rendered).toHaveLength(2);
  });

  it('renders again when a stored entry does not hold a render', async () => {
    cpSync(join(packageRoot, 'examples', 'minimal'), join(tmp, 'apps', 'shape'), { recursive: true });
    const dir = join(tmp, 'renders-shape');
    const request = { appDir: join(tmp, 'apps', 'shape'), env: 'dev' };
    const { render, rendered } = counted(dir);
    const output = await render(request);
    const [entry] = readdirSync(dir);
    const stored = JSON.parse(readFileSync(join(dir, entry), 'utf8')) as { result: { output: unknown } };
    writeFileSync(join(dir, entry), JSON.stringify({ ...stored, result: { output: 42 } }));
    expect(await render(request)).toBe(output);
    expect(rendered).toHaveLength(2);
  });
});

describe("a chart folder's digest", () => {
  it("follows an edit that keeps a file's size, within one process", () => {
    const chart = join(tmp, 'chart');
    cpSync(chartDir, chart, { recursive: true });
    const before = chartDigest(chart);
    expect(chartDigest(chart)).toBe(before);
    const file = join(chart, 'templates', 'service.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('Service', 'Sxrvice');
    expect(edited.length).toBe(text.length);
    writeFileSync(file, edited);
    // a later time for sure, whatever the resolution of the file system's clock
    const { mtime } = statSync(file);
    utimesSync(file, mtime, new Date(mtime.getTime() + 2000));
    expect(chartDigest(chart)).not.toBe(before);
  });

  it('follows an edit to a template that is a link to a file elsewhere, which Helm renders too', () => {
    const chart = join(tmp, 'chart-linked');
    cpSync(chartDir, chart, { recursive: true });
    const shared = join(tmp, 'shared-service.yaml');
    renameSync(join(chart, 'templates', 'service.yaml'), shared);
    symlinkSync(shared, join(chart, 'templates', 'service.yaml'));
    const before = chartDigest(chart);
    writeFileSync(shared, `${readFileSync(shared, 'utf8')}{{- /* edited */}}\n`);
    expect(chartDigest(chart)).not.toBe(before);
  });

  it('changes when a file is renamed, its content kept: templates/_x.yaml is a partial Helm does not render', () => {
    const chart = join(tmp, 'chart-renamed');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: renamed\nversion: 1.0.0\n');
    writeFileSync(join(chart, 'templates', 'settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
    const before = chartDigest(chart);
    renameSync(join(chart, 'templates', 'settings.yaml'), join(chart, 'templates', '_settings.yaml'));
    expect(chartDigest(chart)).not.toBe(before);
  });
  it('leaves out .git, node_modules and a link to nothing, but not a file added', () => {
    const chart = join(tmp, 'chart-ignored');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: ignored\nversion: 1.0.0\n');
    const before = chartDigest(chart);
    for (const folder of ['.git', 'node_modules', join('templates', 'node_modules')]) {
      mkdirSync(join(chart, folder), { recursive: true });
      writeFileSync(join(chart, folder, 'HEAD'), 'ref: refs/heads/main\n');
    }
    symlinkSync(join(tmp, 'nothing-here'), join(chart, 'templates', 'gone.yaml'));
    expect(chartDigest(chart)).toBe(before);
    writeFileSync(join(chart, 'templates', 'NOTES.txt'), '');
    expect(chartDigest(chart)).not.toBe(before);
  });

  it('follows a link to a folder elsewhere, whose templates Helm renders, and a link back up does not loop', () => {
    const chart = join(tmp, 'chart-linked-folder');
    const shared = join(tmp, 'shared-templates');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    mkdirSync(shared, { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: linked\nversion: 1.0.0\n');
    writeFileSync(join(shared, 'settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
    symlinkSync(shared, join(chart, 'templates', 'shared'));
    symlinkSync(chart, join(shared, 'up'));
    const before = chartDigest(chart);
    writeFileSync(join(shared, 'settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-2\n');
    const { mtime } = statSync(join(shared, 'settings.yaml'));
    utimesSync(join(shared, 'settings.yaml'), mtime, new Date(mtime.getTime() + 2000));
    expect(chartDigest(chart)).not.toBe(before);
  });

  it('of an archive is of its bytes: an archive changed in place is digested again', () => {
    const archive = join(tmp, 'chart-1.0.0.tgz');
    writeFileSync(archive, 'first');
    const before = chartDigest(archive);
    expect(before).toBe(`sha256:${createHash('sha256').update('first').digest('hex')}`);
    writeFileSync(archive, 'other');
    const { mtime } = statSync(archive);
    utimesSync(archive, mtime, new Date(mtime.getTime() + 2000));
    expect(chartDigest(archive)).toBe(`sha256:${createHash('sha256').update('other').digest('hex')}`);
  });
});
