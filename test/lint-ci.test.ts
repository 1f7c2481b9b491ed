// Lint in CI: GitHub annotations and SARIF name files relative to the repo root wherever lint runs from, and
// the SARIF log is valid against the SARIF 2.1.0 schema.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDeployRepo } from './deploy-repo.ts';
import { APP_CHART } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-ci-'));
const root = join(tmp, 'deploy');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (cwd: string, args: string[]) =>
  execa('node', [APP_CHART, 'lint', ...args], {
    cwd,
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
  });

beforeAll(() => {
  writeDeployRepo(root, ['shop'], ['prod']);
  // a misspelt key: an error at line 2 of the env file
  writeFileSync(join(root, 'apps', 'shop', 'envs', 'prod', 'values.yaml'), 'deployment:\n  replicsa: 2\n');
});

describe('--format github', () => {
  it.each([
    ['the repo root', '.', []],
    ['an app folder inside it', 'apps/shop', ['.']],
    ['the folder above it', '..', ['deploy']],
  ])('names files relative to the repo root when run from %s', async (_, where, args) => {
    const result = await run(join(root, where), [...args, '--format', 'github']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      '::error file=apps/shop/envs/prod/values.yaml,line=2,col=3,title=app-chart lint%3A values-schema::deployment.replicsa: unknown key; did you mean "replicas"? (shop/prod)',
    );
  });
});

describe('--format sarif', () => {
  it('is a SARIF 2.1.0 log valid against its schema, with repo-relative locations and the rules that fired', async () => {
    const result = await run(join(root, 'apps'), ['.', '--format', 'sarif']);
    expect(result.exitCode).toBe(1);
    const log = JSON.parse(result.stdout);
    const schemaFile = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // the schema's pattern for language tags is not a valid unicode-mode regular expression
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver).toMatchObject({ name: 'app-chart lint', rules: [expect.objectContaining({ id: 'values-schema' })] });
    expect(run0.results).toEqual([
      expect.objectContaining({
        ruleId: 'values-schema',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'deployment.replicsa: unknown key; did you mean "replicas"? (shop/prod)' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'apps/shop/envs/prod/values.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 2, startColumn: 3 },
            },
          },
        ],
      }),
    ]);
  });

  it('is valid with no findings too', async () => {
    const clean = join(tmp, 'clean');
    writeDeployRepo(clean, ['web'], ['dev']);
    const result = await run(clean, ['--format', 'sarif']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).runs[0]).toMatchObject({ results: [], tool: { driver: { rules: [] } } });
  });
});
