import type { InjectionToken } from 'tsyringe';
import type { MindbodyApi } from './api/mindbody-api';
import type { StaffTokenCache } from './api/staff-token.cache';

/** The staff user token of one turned-up client (a singleton of its child container). */
export const StaffTokenCacheToken: InjectionToken<StaffTokenCache> = Symbol('MindbodyStaffTokenCache');
/** The authenticated MINDBODY API of one turned-up client (a singleton of its child container). */
export const MindbodyApiToken: InjectionToken<MindbodyApi> = Symbol('MindbodyApi');
