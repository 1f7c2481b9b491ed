// Objects built from what a repo holds (values files, a chart's schema) take their keys as written. An
// assignment `object[key] = value` with the key "__proto__" changes the object's prototype instead of adding the
// key, so the key would vanish (Helm reads it as any other key); these objects are built with setOwn instead.

/** Sets `key` of `target` as an own, enumerable property, whatever it is named. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
