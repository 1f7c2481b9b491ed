// Helm's errors, explained the same way under both Helms: file:line:col, values path, and the fix.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/helm.ts';
import { didYouMean } from '../scripts/errors.ts';
import { renderApp } from '../scripts/render.ts';
import { HELMS } from './helpers.ts';

const app = (name: string) => join(repoRoot, 'test', 'fixtures', 'bad-apps', name);
const failure = (name: string, helm: 3 | 4) =>
  renderApp({ appDir: app(name), env: 'prod', helm }).then(
    () => {
      throw new Error('the render should have failed');
    },
    (error: Error) => error.message.replaceAll(`${repoRoot}/`, ''),
  );

describe.each(HELMS)('under Helm %i', (helm) => {
  it('lists every schema problem at its file, line and column, base file first', async () => {
    const lines = (await failure('three-problems', helm)).split('\n');
    expect(lines[0]).toBe("values do not match the chart's schema (chart/values.schema.json):");
    expect(lines.slice(1).map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      '  test/fixtures/bad-apps/three-problems/base/base-values.yaml:3:3: image.prot',
      '  test/fixtures/bad-apps/three-problems/envs/prod/values.yaml:5:7: deployment.containerPorts[0].port',
      '  test/fixtures/bad-apps/three-problems/envs/prod/values.yaml:8:3: service.tpye',
    ]);
    expect(lines[1]).toMatch(/unknown key; did you mean "port"\?$/);
    expect(lines[2]).toMatch(/65535|65,535/);
    expect(lines[3]).toMatch(/unknown key; did you mean "type"\?$/);
  });

  it('points a template error inside a custom resource at its line', async () => {
    expect(await failure('helper-typo', helm)).toBe(
      'test/fixtures/bad-apps/helper-typo/envs/prod/values.yaml:9:1: customResourcesMap.tcp-route (line 5 of the entry): ' +
        '{{ include "app.nmae" . }} failed: no template named "app.nmae" (did you mean "app.name"?)',
    );
  });
});

describe('didYouMean', () => {
  it('suggests only close keys', () => {
    expect(didYouMean('replicsa', ['replicas', 'resources'])).toBe('replicas');
    expect(didYouMean('enviroment', ['envVariables', 'envMap'])).toBeUndefined();
    expect(didYouMean('Port', ['port'])).toBe('port');
  });
});
