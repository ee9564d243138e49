import type { clubLocalTime } from '@connector/core';
import { coreModule } from '../lazy';

/** An ISO-8601 instant in a club's time zone, as the Connector Log shows it (core's `clubLocalTime`). */
export const formatClubTime: typeof clubLocalTime = (...args) => coreModule().clubLocalTime(...args);
