/** What the test sent of one record: the last version answered 2xx, and the versions that got no answer. */
interface Sent {
  answered?: number;
  unanswered: number[];
  next: number;
}

/**
 * The test's account of what it sent: a version answered 2xx is durable and must reach the platform; a
 * version that got no answer (the hub was killed while it was in flight) may or may not have been saved.
 */
export class Ledger {
  private readonly records = new Map<string, Sent>();

  /** The next version of `recordId` (1, 2, …). */
  nextVersion(recordId: string): number {
    const sent = this.entry(recordId);
    sent.next += 1;
    return sent.next;
  }

  answered(recordId: string, version: number): void {
    const sent = this.entry(recordId);
    sent.answered = Math.max(sent.answered ?? 0, version);
  }

  unanswered(recordId: string, version: number): void {
    this.entry(recordId).unanswered.push(version);
  }

  /** Saves answered 2xx and saves that got no answer, over every record. */
  counts(): { records: number; answered: number; unanswered: number } {
    let answered = 0;
    let unanswered = 0;
    for (const sent of this.records.values()) {
      unanswered += sent.unanswered.length;
      answered += sent.next - sent.unanswered.length;
    }
    return { records: this.records.size, answered, unanswered };
  }

  /** How many records had a version answered 2xx. */
  answeredRecords(): number {
    return [...this.records.values()].filter((sent) => sent.answered !== undefined).length;
  }

  /**
   * What is wrong with what the platform holds (record ID → the versions of its people): a record
   * answered 2xx must be there exactly once, with its last answered version or a later one that was sent
   * and got no answer; a record never answered may be there at most once; nothing else may be there.
   */
  problems(held: Map<string, number[]>): string[] {
    const problems: string[] = [];
    for (const [recordId, sent] of this.records) {
      const versions = held.get(recordId) ?? [];
      const acceptable = new Set([...(sent.answered !== undefined ? [sent.answered] : []), ...sent.unanswered.filter((v) => v > (sent.answered ?? 0))]);
      if (sent.answered !== undefined && versions.length === 0) problems.push(`${recordId}: answered 2xx (version ${sent.answered}) but not in the platform`);
      if (versions.length > 1) problems.push(`${recordId}: in the platform ${versions.length} times (versions ${versions.join(', ')})`);
      if (versions.length === 1 && !acceptable.has(versions[0]))
        problems.push(
          `${recordId}: the platform holds version ${versions[0]}, the last answered is ${sent.answered ?? 'none'} (unanswered: ${sent.unanswered.join(', ') || 'none'})`,
        );
    }
    for (const recordId of held.keys()) if (!this.records.has(recordId)) problems.push(`${recordId}: in the platform but never sent`);
    return problems;
  }

  private entry(recordId: string): Sent {
    let sent = this.records.get(recordId);
    if (!sent) {
      sent = { unanswered: [], next: 0 };
      this.records.set(recordId, sent);
    }
    return sent;
  }
}
