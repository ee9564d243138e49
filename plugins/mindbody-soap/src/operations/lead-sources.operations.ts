import type { ClubContext, LeadSourceOperations, PlatformLeadSource } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';

/**
 * Lead sources: MINDBODY's referral types (GetClientReferralTypes). A referral type is known by its name
 * only, so the name is its ID, and a client's ReferredBy holds it. The API cannot create or update
 * referral types: no `create` / `update` here, so core delivers without one and logs a WARNING.
 */
@injectable()
export class MindbodySoapLeadSources implements LeadSourceOperations {
  constructor(@inject(MindbodySoapApi) private readonly api: MindbodySoapApi) {}

  async list(_club: ClubContext): Promise<PlatformLeadSource[]> {
    const names = await this.api.getClientReferralTypes();
    return names.filter((name) => name.trim()).map((name) => ({ id: name, name, active: true }));
  }
}
