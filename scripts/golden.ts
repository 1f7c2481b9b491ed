// Rewrites test/golden/<app>/<env>.yaml from the examples, after checking that Helm 3 and Helm 4 agree.
// Goldens of removed examples or envs are deleted.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { exampleEnvs, goldenDir, goldenFile, renderExample } from './examples.ts';

const envs = exampleEnvs();
const renders = await Promise.all(envs.map(async (e) => [await renderExample(e, 3), await renderExample(e, 4)]));
const mismatched = envs.filter((_, i) => renders[i][0] !== renders[i][1]);
if (mismatched.length > 0) {
  console.error(`Helm 3 and Helm 4 render differently: ${mismatched.map((e) => `${e.app}/${e.env}`).join(', ')}; goldens kept.`);
  process.exit(1);
}
const before = new Map(envs.map((e) => [goldenFile(e), existsSync(goldenFile(e)) ? readFileSync(goldenFile(e), 'utf8') : '']));
rmSync(goldenDir, { recursive: true, force: true });
const changed: string[] = [];
envs.forEach((example, i) => {
  const file = goldenFile(example);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renders[i][1]);
  if (before.get(file) !== renders[i][1]) changed.push(relative(process.cwd(), file));
});
console.log(`${envs.length} golden files under ${relative(process.cwd(), goldenDir)}/; changed: ${changed.join(', ') || 'none'}`);
