import type { ClubContext, PlatformStaff, StaffOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';

/** Staff: listed per club with their emails, which core matches against the owner's email. */
@injectable()
export class AcmeStaffList implements StaffOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async list(club: ClubContext): Promise<PlatformStaff[]> {
    const staff = await this.api.listStaff(club.platformClubId);
    return staff.map(({ id, email, firstName, lastName }) => ({ id, email, firstName, lastName }));
  }
}
