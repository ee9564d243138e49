import fs from 'node:fs';
import YAML from 'yaml';
import { CliError } from '../cli-error';
import { hubModule } from '../lazy';
import type { LoadedSimulator } from '../plugins/simulator-loader';

/** What to put in a simulator before use: the platform's staff and lead sources (examples/demo/simulator-seed.yaml). */
export interface SimulatorSeed {
  staff?: Array<{ firstName: string; lastName: string; email: string; /** Hub club IDs; none: every club. */ clubs?: string[] }>;
  leadSources?: Array<{ name: string; /** A hub club ID; none: account-wide. */ club?: string }>;
}

/** Reads a seed file (YAML or JSON). */
export function readSeed(file: string): SimulatorSeed {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the seed file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    // Said as the configuration's YAML errors are: the line, the reason, the line as written.
    throw new CliError(`${file}: not valid YAML: ${hubModule().describeYamlError(error, text)}`);
  }
  const seed = (data ?? {}) as SimulatorSeed;
  for (const [i, staff] of (seed.staff ?? []).entries()) {
    if (!staff?.email || !staff.firstName || !staff.lastName) throw new CliError(`${file}: staff[${i}]: firstName, lastName and email are required`);
  }
  return seed;
}

/**
 * Seeds a simulator. Hub club IDs are translated with the turn-up's club mapping; a simulator without
 * staff or lead sources support is left as it is (and said so in the answer).
 */
export async function seedSimulator(simulator: LoadedSimulator, seed: SimulatorSeed, clubs: Record<string, string>): Promise<string[]> {
  const notes: string[] = [];
  const platformClub = (hubClubId: string) => {
    const id = clubs[hubClubId];
    if (!id) throw new CliError(`seed: club ${hubClubId} is not in the turn-up's club mapping`);
    return id;
  };
  for (const staff of seed.staff ?? []) {
    if (!simulator.addStaff) {
      notes.push('this simulator cannot be seeded with staff');
      break;
    }
    await simulator.addStaff({ firstName: staff.firstName, lastName: staff.lastName, email: staff.email }, (staff.clubs ?? []).map(platformClub));
    notes.push(`staff ${staff.firstName} ${staff.lastName} <${staff.email}>${staff.clubs?.length ? ` at ${staff.clubs.join(', ')}` : ' at every club'}`);
  }
  for (const source of seed.leadSources ?? []) {
    if (!simulator.addLeadSource) {
      notes.push('this simulator cannot be seeded with lead sources');
      break;
    }
    await simulator.addLeadSource(source.name, source.club === undefined ? undefined : platformClub(source.club));
    notes.push(`lead source "${source.name}"${source.club ? ` at ${source.club}` : ' (account-wide)'}`);
  }
  return notes;
}
