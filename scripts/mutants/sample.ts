// A mutation sample: realistic mistakes, one per entry, each a text replacement in one file of the repo.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { parse } from 'yaml';

/** The parts of the project a mistake can be made in; the report gives a kill rate for each. */
export const AREAS = [
  'chart templates',
  'schema source',
  'render and errors',
  'lint pipeline',
  'lint rules',
  'lint cache',
  'diff',
] as const;
export type Area = (typeof AREAS)[number];

export interface Mutant {
  id: string;
  area: Area;
  /** relative to the repo root */
  file: string;
  /** text that occurs exactly once in the file */
  find: string;
  replace: string;
  /** the mistake in words */
  mistake: string;
  /** the sample file it came from */
  sample: string;
}

/** The mutants of a sample file; throws naming the entry when one is malformed. */
export function loadSample(file: string): Mutant[] {
  const entries: unknown = parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(entries)) throw new Error(`${file}: a sample is a YAML list of mutants`);
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const where = `${file}, entry ${i + 1}`;
    const m = entry as Record<string, unknown>;
    for (const key of ['id', 'area', 'file', 'find', 'replace', 'mistake']) {
      if (typeof m?.[key] !== 'string') throw new Error(`${where}: "${key}" must be a string`);
    }
    if (!(AREAS as readonly string[]).includes(m.area as string))
      throw new Error(`${where}: area "${String(m.area)}" is not one of ${AREAS.join(', ')}`);
    if (seen.has(m.id as string)) throw new Error(`${where}: the id ${String(m.id)} is used twice`);
    if (m.find === m.replace) throw new Error(`${where}: find and replace are the same`);
    // a mistake is made inside the copy of the repo, never beside it
    const target = normalize(m.file as string);
    if (isAbsolute(target) || target === '..' || target.startsWith('../') || target.startsWith('.git/') || target === '.git') {
      throw new Error(`${where}: file ${String(m.file)} is not a path inside the repo`);
    }
    seen.add(m.id as string);
    return { id: m.id, area: m.area, file: m.file, find: m.find, replace: m.replace, mistake: m.mistake, sample: file } as Mutant;
  });
}

/** How often `find` occurs in `text`. */
export const occurrences = (text: string, find: string) => text.split(find).length - 1;

/** Why a mutant cannot be applied to the repo at `root` (its text is gone or ambiguous), or undefined. */
export function staleness(root: string, mutant: Mutant): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, mutant.file), 'utf8');
  } catch {
    return `${mutant.file} does not exist`;
  }
  const n = occurrences(text, mutant.find);
  return n === 1 ? undefined : `its text occurs ${n} times in ${mutant.file} (once expected): the code changed; update the sample`;
}

/** The file's text with the mistake made. */
export function mutate(text: string, mutant: Mutant): string {
  const at = text.indexOf(mutant.find);
  return text.slice(0, at) + mutant.replace + text.slice(at + mutant.find.length);
}
