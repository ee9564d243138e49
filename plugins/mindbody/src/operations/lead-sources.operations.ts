import type { ClubContext, LeadSourceOperations, PlatformLeadSource } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyGetClientReferralTypesResponse } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import { MindbodyApiToken } from '../mindbody.tokens';

/**
 * Lead sources are MINDBODY's client referral types: `GET client/clientreferraltypes`, active ones only
 * (what a client can be given). They are plain strings, so a lead source's ID is its name. The API cannot
 * create or update them, so this class has `list` only and core delivers without `ReferredBy` (WARNING)
 * when a lead source is missing.
 */
@injectable()
export class MindbodyLeadSources implements LeadSourceOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  async list(_club: ClubContext): Promise<PlatformLeadSource[]> {
    const answer = await this.api.get<MindbodyGetClientReferralTypesResponse>(MINDBODY_PATHS.referralTypes, {
      'request.includeInactive': false,
    });
    const names = (answer?.ReferralTypes ?? []).filter((name): name is string => typeof name === 'string' && name.trim() !== '');
    return [...new Set(names)].map((name) => ({ id: name, name, active: true }));
  }
}
