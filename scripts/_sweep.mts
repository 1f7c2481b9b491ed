import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const roots = ['kubernetes-models', '@kubernetes-models/traefik', '@kubernetes-models/gateway-api', '@kubernetes-models/apimachinery'].map((p) => join('node_modules', p));
function* walk(d: string): Generator<string> { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) { if (f !== '_schemas' && f !== 'node_modules' && f !== 'dist') yield* walk(p); } else if (f.endsWith('.d.ts') && f !== 'index.d.ts') yield p; } }
let checked = 0; const misses: string[] = [];
for (const root of roots) for (const dts of walk(root)) {
  const src = readFileSync(dts, 'utf8');
  const m = /export interface I(\w+) \{\n([\s\S]*?)\n\}/.exec(src);
  if (!m) continue;
  const props = [...m[2].matchAll(/^    "([^"]+)"\??:/gm)].map((x) => x[1]);
  if (!props.length) continue;
  const mod = await import(pathToFileURL(dts.replace(/\.d\.ts$/, '.js')).href);
  const cls = Object.values(mod).find((v: any) => typeof v === 'function' && v.prototype?.validate) as any;
  if (!cls) continue;
  const data: any = {}; for (const p of props) data[p] = {};
  const inst = new cls(data); const read = new Set<string>();
  const proxy = new Proxy(inst, { get(t, k, r) { if (typeof k === 'string') read.add(k); return Reflect.get(t, k, r); } });
  try { inst.validate.call(proxy); } catch {}
  checked++;
  const missed = props.filter((p) => !read.has(p));
  if (missed.length) misses.push(`${dts}: ${missed.join(', ')}${read.size === 0 ? ' (nothing read)' : ''}`);
}
console.log('checked', checked); console.log(misses.join('\n'));
