import type { ClubContext, LeadSource, LeadSourceOperations, PlatformLeadSource } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';

/** Lead sources: list, create and update, per club. */
@injectable()
export class AcmeLeadSources implements LeadSourceOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async list(club: ClubContext): Promise<PlatformLeadSource[]> {
    const sources = await this.api.listLeadSources(club.platformClubId);
    return sources.map(({ id, name, active }) => ({ id, name, active }));
  }

  async create(leadSource: LeadSource, club: ClubContext): Promise<string> {
    return (await this.api.createLeadSource(club.platformClubId, { name: leadSource.name, active: leadSource.active })).id;
  }

  async update(platformId: string, leadSource: LeadSource): Promise<void> {
    await this.api.updateLeadSource(platformId, { name: leadSource.name, active: leadSource.active });
  }
}
