// How much the property tests run: a fixed seed and 80 cases of each property (two Helm runs a case) in `npm test`;
// `npm run fuzz` (FUZZ=1) runs thousands with a random seed, printed so a failure can be replayed with FUZZ_SEED.
const fuzzing = process.env.FUZZ === '1';
const given = process.env.FUZZ_SEED;

export const FUZZING = fuzzing;
export const SEED = given ? Number(given) : fuzzing ? Math.floor(Math.random() * 2 ** 31) : 20260517;

/** The number of property cases: `ci` in `npm test`, FUZZ_RUNS (default `fuzz`) under `npm run fuzz`. */
export function runs(ci: number, fuzz: number): number {
  return fuzzing ? Number(process.env.FUZZ_RUNS ?? fuzz) : ci;
}

if (fuzzing) console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED} npm run fuzz)`);
