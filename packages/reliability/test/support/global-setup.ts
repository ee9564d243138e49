import { randomInt } from 'node:crypto';

/** Picks the run's seed once (every test file reads it from the environment) and prints it. */
export default function globalSetup(): void {
  if (!process.env.RELIABILITY_SEED) process.env.RELIABILITY_SEED = String(randomInt(1, 2 ** 31 - 1));
  const mode = process.env.RELIABILITY_MODE === 'chaos' ? 'chaos' : 'ci';
  process.stdout.write(`\nreliability suite: seed ${process.env.RELIABILITY_SEED}, mode ${mode} (replay: RELIABILITY_SEED=${process.env.RELIABILITY_SEED})\n`);
}
