import type { ClubContext, PlatformStaff, StaffOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Staff: GetStaff (Staff Service 0_5) with their email. MINDBODY's staff belong to the site, not a location. */
@injectable()
export class MindbodySoapStaffList implements StaffOperations {
  constructor(@inject(MindbodySoapApi) private readonly api: MindbodySoapApi) {}

  async list(_club: ClubContext): Promise<PlatformStaff[]> {
    const staff = await this.api.getStaff();
    return staff
      .filter((s) => s.ID !== undefined && s.ID !== null && String(s.ID) !== '')
      .map((s) => ({ id: String(s.ID), email: present(s.Email), firstName: present(s.FirstName), lastName: present(s.LastName) }));
  }
}
