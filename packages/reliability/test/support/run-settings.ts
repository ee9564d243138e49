/**
 * How big a run is and which random choices it makes. The seed comes from RELIABILITY_SEED (the global
 * setup picks one and prints it when none is given), so a failing run is replayed with the same choices:
 * which records, when the hub is killed, which calls fail, which malformed inputs are sent.
 */
export const SEED = Number(process.env.RELIABILITY_SEED ?? '1');

/** `npm run chaos` (RELIABILITY_MODE=chaos): more rounds and records than CI. */
export const CHAOS = process.env.RELIABILITY_MODE === 'chaos';

/**
 * A size of the run: the CI value, the chaos value, or the environment variable `name` when it is set
 * (e.g. RELIABILITY_KILLS=50 npm run chaos).
 */
export function runSize(name: string, ci: number, chaos: number): number {
  const set = process.env[name];
  if (set !== undefined && set !== '') {
    const value = Number(set);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got ${set}`);
    return value;
  }
  return CHAOS ? chaos : ci;
}

/** The replay hint every failure message carries. */
export const REPLAY = `replay with RELIABILITY_SEED=${SEED}${CHAOS ? ' RELIABILITY_MODE=chaos' : ''}`;

/** A seeded random generator (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one scenario: each scenario has its own sequence, so adding one does not shift the others. */
export function scenarioRandom(scenario: string): () => number {
  let hash = SEED;
  for (const char of scenario) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return seededRandom(hash);
}

/** A whole number in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Prints one line of what a scenario did (how many kills, saves, faults), beside jest's own report. */
export function report(scenario: string, facts: Record<string, unknown>): void {
  process.stdout.write(
    `reliability ${scenario}: ${Object.entries(facts)
      .map(([name, value]) => `${name} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(', ')}\n`,
  );
}
