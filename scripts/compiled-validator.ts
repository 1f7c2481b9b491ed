// ajv validators compiled once and kept in the cache as code (ajv standalone), with V8's code cache beside
// them: a process that checks values or a config loads a validator in a few milliseconds instead of loading
// ajv and compiling the schema again.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { cacheDir } from './install.ts';
import { writeFileAtomic } from './write-file.ts';

const require = createRequire(import.meta.url);
const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** Where compiled validators are kept (beside lint's results, which they serve). */
export const validatorsDir = join(cacheDir, 'lint', 'validators');

/**
 * A validator of `schema` compiled with ajv's `options`: the cached code when there is one, else compiled now and
 * written to the cache for the next process. The code is named by a hash of ajv's version, the options and the
 * schema; or of `identity` instead of the schema, when the caller can name it more cheaply than the schema's
 * JSON (the digest of the file it comes from), and then the schema is made only when it must be compiled.
 */
export function compiledValidator(
  schema: JSONSchema7 | (() => JSONSchema7),
  options: Options = {},
  identity?: string,
  dir = validatorsDir,
): ValidateFunction {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  let made = typeof schema === 'function' ? undefined : schema;
  const schemaOf = () => (made ??= (schema as () => JSONSchema7)());
  const named = identity === undefined ? JSON.stringify(schemaOf()) : `identity:${identity}`;
  const file = join(dir, `${hash(`${ajvVersion}\0${JSON.stringify(options)}\0${named}`)}.cjs`);
  if (existsSync(file)) {
    try {
      return loadCompiled(file);
    } catch {
      // a damaged cache file: compile again below
    }
  }
  // ajv itself is loaded only to compile: a cached validator needs no more than its runtime
  const { Ajv } = require('ajv') as typeof import('ajv');
  // a CommonJS module whose export is the function itself (its types declare it as the default export)
  const standaloneCode = require('ajv/dist/standalone/index.js') as (ajv: Ajv, validate: ValidateFunction) => string;
  const ajv = new Ajv({ ...options, code: { ...options.code, source: true } });
  const validate = ajv.compile(schemaOf());
  try {
    writeFileAtomic(file, standaloneCode(ajv, validate));
  } catch {
    // only a speed-up: without a writable cache the schema is compiled again next run
  }
  return validate;
}

/**
 * Runs a cached validator (CommonJS) with V8's code cache for it, when there is one: without, V8 compiles
 * the chart's 1.5 MB of validators again in every process, 0.1 s for the two. The code cache is written as the
 * process exits, so it holds every function this run compiled, and is named by a hash of the code and the Node.
 */
function loadCompiled(file: string): ValidateFunction {
  const source = readFileSync(file, 'utf8');
  const codeFile = `${file.slice(0, -'.cjs'.length)}-${hash(`${process.version}\0${source}`).slice(0, 16)}.v8`;
  const cachedData = existsSync(codeFile) ? readFileSync(codeFile) : undefined;
  const script = new Script(`(function (module, exports, require) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  // the code requires ajv's runtime helpers, found from here: the cache may be far from any node_modules
  (script.runInThisContext() as (...args: unknown[]) => void)(module, module.exports, require);
  if (!cachedData || script.cachedDataRejected) {
    // one listener for all of them: a run may load dozens of validators
    if (codeCaches.size === 0) process.once('exit', writeCodeCaches);
    codeCaches.set(codeFile, script);
  }
  return module.exports as ValidateFunction;
}

/** The scripts whose code cache is written as the process exits, by the file it goes to. */
const codeCaches = new Map<string, Script>();

function writeCodeCaches(): void {
  for (const [codeFile, script] of codeCaches) {
    try {
      writeFileAtomic(codeFile, script.createCachedData());
    } catch {
      // only a speed-up: a cache that cannot be written leaves the exit status as it was
    }
  }
  codeCaches.clear();
}
