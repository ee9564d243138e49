import { clubLocalTime } from '@connector/core';

/** An ISO-8601 instant in a club's time zone, as the Connector Log shows it (core's `clubLocalTime`). */
export const formatClubTime = clubLocalTime;
