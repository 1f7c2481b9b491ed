// Every example app × env renders under both Helms to its committed golden file, and every object it
// renders validates against the Kubernetes, Traefik and Gateway API models, unknown fields included. One golden
// file for both Helms makes their outputs byte for byte alike, and each render equal to a file written by an
// earlier one makes rendering deterministic; `npm run fuzz` renders each example 20 times per Helm.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleEnvs, goldenFile, renderExample } from '../scripts/examples.ts';
import { validateObjects } from '../scripts/models.ts';
import { FUZZING } from './fuzz/config.ts';
import { HELMS, manifests } from './helpers.ts';

const RENDERS = FUZZING ? 20 : 1;

const envs = exampleEnvs();

describe('examples', () => {
  it('include the three the core promises', () => {
    const names = envs.map((e) => `${e.app}/${e.env}`);
    expect(names).toEqual(expect.arrayContaining(['minimal/dev', 'web/prod', 'postgres-tcp/prod', 'postgres-tcp/nonprod']));
  });

  describe.each(envs)('$app/$env', (example) => {
    const golden = goldenFile(example);

    it.each(HELMS)('renders under Helm %i to its golden file', async (helm) => {
      expect(existsSync(golden), `${relative(process.cwd(), golden)} is missing: run npm run golden`).toBe(true);
      const expected = readFileSync(golden, 'utf8');
      for (let render = 1; render <= RENDERS; render++) {
        const output = await renderExample(example, helm);
        expect(
          output,
          `render ${render}: the golden file is stale (run npm run golden and review the diff), or a render differs from the one before`,
        ).toBe(expected);
      }
    });

    it('renders objects that validate against their models', async () => {
      const objects = manifests(readFileSync(golden, 'utf8'));
      expect(objects.length).toBeGreaterThan(0);
      expect(await validateObjects(objects)).toEqual([]);
    });
  });
});

describe('the seed: PostgreSQL behind Traefik', () => {
  it.each(['prod', 'nonprod'])('%s renders the IngressRouteTCP and TLSOption named for <app>-<env>', async (env) => {
    const objects = manifests(await renderExample({ app: 'postgres-tcp', env }, 4));
    const route = objects.find((o) => o.kind === 'IngressRouteTCP');
    const option = objects.find((o) => o.kind === 'TLSOption');
    expect(option).toMatchObject({ metadata: { name: 'postgres-tls-options' }, spec: { alpnProtocols: ['postgresql'] } });
    expect(route?.spec).toEqual({
      entryPoints: ['websecure'],
      routes: [
        {
          match: `HostSNI(\`postgres-tcp-${env}.apps.nonprod.example.com\`)`,
          services: [{ name: `postgres-tcp-${env}`, namespace: env, port: 5432 }],
        },
      ],
      tls: { options: { name: 'postgres-tls-options', namespace: env } },
    });
    expect(objects.find((o) => o.kind === 'Service')?.metadata.name).toBe(`postgres-tcp-${env}`);
  });
});
