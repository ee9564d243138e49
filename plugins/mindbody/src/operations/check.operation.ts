import { ConfigurationError, TurnUpToken, type CheckOperation, type CheckResult, type TurnUp } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyGetLocationsResponse, MindbodyLocation } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import type { StaffTokenCache } from '../api/staff-token.cache';
import { MindbodyApiToken, StaffTokenCacheToken } from '../mindbody.tokens';

/**
 * Proves a turn-up: issues a fresh staff token (API key, site and staff login), reads the site's locations
 * and checks that every club of the turn-up is mapped to one of them.
 */
@injectable()
export class MindbodyCheck implements CheckOperation {
  constructor(
    @inject(MindbodyApiToken) private readonly api: MindbodyApi,
    @inject(StaffTokenCacheToken) private readonly tokens: StaffTokenCache,
    @inject(TurnUpToken) private readonly turnUp: TurnUp,
  ) {}

  async check(): Promise<CheckResult> {
    await this.tokens.renew();
    const locations = await this.api.listAll<MindbodyLocation>(MINDBODY_PATHS.locations, {}, (answer) => {
      const page = answer as MindbodyGetLocationsResponse | undefined;
      return { items: page?.Locations ?? [], pagination: page?.PaginationResponse };
    });
    const known = new Set(locations.map((location) => String(location.Id)));
    const missing = Object.entries(this.turnUp.clubs).filter(([, locationId]) => !known.has(locationId.trim()));
    if (missing.length > 0) {
      const list = missing.map(([club, locationId]) => `club ${club} → location ${JSON.stringify(locationId)}`).join(', ');
      throw new ConfigurationError(`site ${this.api.siteId} has no such location: ${list} (its locations: ${[...known].join(', ') || 'none'})`, {
        pluginId: 'mindbody',
        field: 'clubs',
      });
    }
    const count = locations.length;
    return { detail: `site ${this.api.siteId}, ${count} location${count === 1 ? '' : 's'}` };
  }
}
