// Each rule declares what its findings say (its messages, beside its docs), and lint reports by message id: every
// id a check or a stage of lint reports is one its rule declares, and every message a rule declares is reported
// somewhere. Read from the source, so a message no example reaches is checked too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/install.ts';
import { RULES } from '../scripts/lint/rules/index.ts';
import { messageText } from '../scripts/lint/rules/rule.ts';

const lintDir = join(packageRoot, 'scripts', 'lint');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
// rules/rule.ts defines report and messageText: its own calls pass them along
const files = sources(lintDir)
  .filter((file) => file !== join(lintDir, 'rules', 'rule.ts'))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));

/** The rule each rule constant stands for: `const hostsniIp = {\n  id: 'hostsni-ip',` */
const ruleOfConstant = new Map(
  files.flatMap(({ text }) => [...text.matchAll(/^(?:export )?const (\w+) = \{\n\s+id: '([\w-]+)',/gm)].map((m) => [m[1], m[2]])),
);

/** Every report(rule, id, ...) and messageText(rule, id, ...) call: the rule constant and the ids its id expression names. */
const calls = files.flatMap(({ file, text }) =>
  [...text.matchAll(/\b(?:report|messageText)\(\s*(\w+)\s*,\s*('\w+'(?=\s*[,)])|[^,]+?(?=\s*,))/g)].map((m) => ({
    file: file.slice(packageRoot.length + 1),
    constant: m[1],
    expression: m[2],
    // the ids an expression can give: a literal, or the branches of a condition (a ? 'x' : 'y')
    ids: [...m[2].matchAll(/(?:^|[?:])\s*'(\w+)'/g)].map((id) => id[1]),
  })),
);
const reported = (rule: string) => new Set(calls.filter((c) => ruleOfConstant.get(c.constant) === rule).flatMap((c) => c.ids));

describe('rule messages', () => {
  it('finds the calls it checks (the scan reads the source as written)', () => {
    expect(calls.length).toBeGreaterThan(50);
    expect(ruleOfConstant.get('hostsniIp')).toBe('hostsni-ip');
  });

  it('are reported by a rule constant and a message id written out', () => {
    const unclear = calls.filter((c) => !ruleOfConstant.has(c.constant) || c.ids.length === 0);
    expect(unclear.map((c) => `${c.file}: ${c.constant}, ${c.expression}`)).toEqual([]);
  });

  it('are declared by the rule that reports them', () => {
    const undeclared = calls.flatMap((c) => {
      const rule = RULES.find((r) => r.id === ruleOfConstant.get(c.constant));
      return c.ids.filter((id) => rule?.messages[id] === undefined).map((id) => `${c.file}: ${c.constant} reports ${id}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('that a rule declares are each reported somewhere', () => {
    const unused = RULES.flatMap((rule) =>
      Object.keys(rule.messages)
        .filter((id) => !reported(rule.id).has(id))
        .map((id) => `${rule.id}: ${id}`),
    );
    expect(unused).toEqual([]);
  });

  it('are declared by every rule', () => {
    expect(RULES.filter((rule) => !rule.messages).map((rule) => rule.id)).toEqual([]);
  });

  it('fill their placeholders from the data of the report, and refuse a message or a placeholder not declared', () => {
    const rule = { id: 'example', messages: { one: 'host "{host}" on port {port}: {fix}' } };
    expect(messageText(rule, 'one', { host: 'a.example.com', port: 5432, fix: 'use {braces} as written' })).toBe(
      'host "a.example.com" on port 5432: use {braces} as written',
    );
    expect(() => messageText(rule, 'two')).toThrow(/declares no message "two"/);
    expect(() => messageText(rule, 'one', { host: 'x' })).toThrow(/needs data for \{port\}/);
  });
});
