import type { ClubContext, LeadSource, LeadSourceOperations, PlatformLeadSource, CreateOptions } from '@connector/core/plugin';
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

  async create(leadSource: LeadSource, club: ClubContext, options: CreateOptions = {}): Promise<string> {
    const body = { name: leadSource.name, active: leadSource.active };
    return (await this.api.createLeadSource(club.platformClubId, body, options.idempotencyKey)).id;
  }

  async update(platformId: string, leadSource: LeadSource): Promise<void> {
    await this.api.updateLeadSource(platformId, { name: leadSource.name, active: leadSource.active });
  }
}
