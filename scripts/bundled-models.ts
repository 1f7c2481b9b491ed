// The Kubernetes model modules built into the bundled command, by "apiVersion kind". From the sources (tsx, and
// dist/scripts compiled by tsc) there are none and models.ts imports every model from its package; the bundle's
// build (scripts/bundle.ts) puts a generated map in this module's place, so that loading a model reads a few
// chunks instead of a module file for every nested type.
export type ModelModule = () => Promise<Record<string, unknown>>;

export const bundledModels = new Map<string, ModelModule>();
