import { ConfigurationError, TurnUpToken, type CheckOperation, type CheckResult, type TurnUp } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';

/**
 * Proves the turn-up: the API key works (a 401 surfaces from the transport as an AuthenticationError)
 * and every mapped club belongs to the account, so a typo in the club mapping shows at turn-up and not
 * as a 404 on the first delivery.
 */
@injectable()
export class AcmeCheck implements CheckOperation {
  constructor(
    @inject(AcmeApi) private readonly api: AcmeApi,
    @inject(TurnUpToken) private readonly turnUp: TurnUp,
  ) {}

  async check(): Promise<CheckResult> {
    const account = await this.api.account();
    const known = new Set(account.clubs.map((club) => club.id));
    for (const [hubClubId, acmeClubId] of Object.entries(this.turnUp.clubs)) {
      if (!known.has(acmeClubId)) {
        throw new ConfigurationError(`clubs.${hubClubId}: Acme account ${account.id} has no club ${acmeClubId}`, {
          pluginId: 'acme',
          field: `clubs.${hubClubId}`,
        });
      }
    }
    return { detail: `account ${account.id} (${account.name}), ${account.clubs.length} club(s)` };
  }
}
