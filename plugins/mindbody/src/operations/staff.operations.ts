import type { ClubContext, PlatformStaff, StaffOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyGetStaffResponse, MindbodyStaffMember } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import { MindbodyApiToken } from '../mindbody.tokens';

/**
 * Staff: `GET staff/staff`, every page. The list is the site's: MINDBODY filters staff by location only
 * for a session type at a time, which says nothing about who may own a client.
 */
@injectable()
export class MindbodyStaffList implements StaffOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  async list(_club: ClubContext): Promise<PlatformStaff[]> {
    const staff = await this.api.listAll<MindbodyStaffMember>(MINDBODY_PATHS.staff, {}, (answer) => {
      const page = answer as MindbodyGetStaffResponse | undefined;
      return { items: page?.StaffMembers ?? [], pagination: page?.PaginationResponse };
    });
    return staff
      .filter((member) => typeof member.Id === 'number')
      .map((member) => ({
        id: String(member.Id),
        email: member.Email?.trim() || undefined,
        firstName: member.FirstName,
        lastName: member.LastName,
      }));
  }
}
