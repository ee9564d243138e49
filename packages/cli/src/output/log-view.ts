import type { Client, LogEntry } from '@connector/core';
import { formatClubTime } from './club-time';
import { renderTable } from './table';

/**
 * Renders Connector Log entries grouped by club, oldest first within a club, each time in the club's
 * own time zone (as the original Connector Log showed them to club staff).
 */
export function renderLog(entries: readonly LogEntry[], client: Pick<Client, 'clubs'>, options: { showPlatform?: boolean; width?: number } = {}): string {
  const byClub = new Map<string, LogEntry[]>();
  for (const entry of entries) {
    const list = byClub.get(entry.clubId) ?? [];
    list.push(entry);
    byClub.set(entry.clubId, list);
  }
  const order = [...client.clubs.map((c) => c.id), ...[...byClub.keys()].filter((id) => !client.clubs.some((c) => c.id === id))];
  const blocks: string[] = [];
  for (const clubId of order) {
    const list = byClub.get(clubId);
    if (!list) continue;
    const club = client.clubs.find((c) => c.id === clubId);
    const timeZone = club?.timeZone ?? 'UTC';
    const sorted = [...list].sort((a, b) => a.id - b.id);
    const rendered = renderTable(
      sorted,
      [
        { header: 'TIME', value: (e) => formatClubTime(e.createdAt, timeZone) },
        { header: 'LEVEL', value: (e) => e.level },
        ...(options.showPlatform === false ? [] : [{ header: 'PLATFORM', value: (e: LogEntry) => e.platform }]),
        // What a WARNING dropped (an owner not matched, a field the platform cannot carry) goes on the
        // next lines, under the summary: the summary alone says "sent", not what is missing.
        { header: 'SUMMARY', value: (e) => [e.summary, ...entryWarnings(e).map((warning) => `- ${warning}`)].join('\n'), maxWidth: 200 },
      ],
      { width: options.width && options.width - 2 },
    );
    const table = rendered.trimEnd().split('\n');
    blocks.push(`${club?.name ? `${club.name} (${clubId})` : `club ${clubId}`}, times in ${timeZone}\n${table.map((line) => `  ${line}`).join('\n')}`);
  }
  return blocks.join('\n\n');
}

/** The warnings a delivery logged with its entry (details.warnings), one line each. */
export function entryWarnings(entry: LogEntry): string[] {
  const warnings = (entry.details as { warnings?: unknown } | undefined)?.warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string').map((w) => w.replace(/\s+/g, ' ')) : [];
}
