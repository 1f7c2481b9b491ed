// Every rule's documented example (docs/lint-rules.md) is a repo that, linted, makes its rule fire: an example
// that stops showing what its rule catches fails here, not in a reader's hands.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../scripts/lint/index.ts';
import { exampleFiles, exampleLink } from '../scripts/lint/rule-examples.ts';
import { RULES } from '../scripts/lint/rules/index.ts';
import type { RuleDoc } from '../scripts/lint/types.ts';

const roots: string[] = [];
afterAll(() =>
  roots.forEach((root) => {
    rmSync(root, { recursive: true, force: true });
  }),
);

function writeExample(rule: RuleDoc): string {
  const root = mkdtempSync(join(tmpdir(), `app-chart-example-${rule.id}-`));
  roots.push(root);
  const link = exampleLink(rule.example);
  for (const [path, text] of Object.entries(exampleFiles(rule.example))) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    if (link?.path === path) symlinkSync(link.target, join(root, path));
    else writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the example of each rule', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s fires on its example', async (_, rule) => {
    const result = await lint({ paths: [writeExample(rule)], cache: false });
    const fired = result.findings.filter((f) => f.rule === rule.id);
    expect(fired.length, `findings: ${result.findings.map((f) => `${f.rule}: ${f.message}`).join('\n')}`).toBeGreaterThan(0);
  });
});
