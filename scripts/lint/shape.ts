// Checks that data read back from disk (the lint cache) has the shape lint wrote: small combinators, so a
// damaged or forged entry is refused without loading a schema validator on every warm run.
export type Shape = (value: unknown) => boolean;

export const string: Shape = (v) => typeof v === 'string';
export const number: Shape = (v) => typeof v === 'number' && Number.isFinite(v);
export const boolean: Shape = (v) => typeof v === 'boolean';
export const oneOf =
  (...shapes: Shape[]): Shape =>
  (v) =>
    shapes.some((s) => s(v));
export const list =
  (item: Shape): Shape =>
  (v) =>
    Array.isArray(v) && v.every(item);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with these keys (those in `optional` may be missing) and no others. */
export function object(required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape {
  // the keys are listed once: a warm lint checks thousands of cached objects with these
  const requiredKeys = Object.keys(required);
  return (v) => {
    if (!isRecord(v)) return false;
    for (const key of requiredKeys) if (!required[key](v[key])) return false;
    for (const key of Object.keys(v)) {
      if (Object.hasOwn(required, key)) continue;
      if (!Object.hasOwn(optional, key)) return false;
      const value = v[key];
      if (value !== undefined && !optional[key](value)) return false;
    }
    return true;
  };
}

/** A values path: keys and list indexes. */
export const valuesPath = list(oneOf(string, number));
/** A position in a file (types.ts Location). */
export const location = object({}, { file: string, line: number, col: number, path: valuesPath });

/** An object used as a map: any keys, each value of the shape. */
export const record =
  (value: Shape): Shape =>
  (v) =>
    isRecord(v) && Object.values(v).every(value);
