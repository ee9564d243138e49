const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      // A zone the runtime does not know is a configuration mistake: show UTC rather than fail a listing.
      format = formatter('UTC');
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * A UTC timestamp as the club's staff read it, the way the Connector Log shows it:
 * `2026-11-27 05:12:03 PST` (the zone's short name, or its offset such as `GMT+1` where it has no common
 * abbreviation). Text that is not a date is returned as it is.
 */
export function clubLocalTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}
