/** What a platform record is, as linked: the platform holds it as this type. */
export type LinkedType = 'PROSPECT' | 'MEMBER' | 'STAFF' | 'LEAD_SOURCE';

/** Ties a hub record to its ID in one platform (provider + client + club + record ID). */
export interface Link {
  recordUuid: string;
  clientId: string;
  clubId: string;
  platform: string;
  platformRecordId: string;
  linkedType: LinkedType;
  /** The content hash last delivered to this platform. */
  deliveredHash?: string;
  updatedAt: string;
}

/**
 * The links, as read. Links are written with the delivery that made them, by
 * {@link ConnectorStore.finishDeliveries}; a claimed delivery carries its own link
 * ({@link ClaimedDelivery.link}), so the engine never looks one up.
 */
export interface LinkStore {
  /** Every link of a hub record (the record's timeline), by client and platform. */
  listLinks(recordUuid: string): Promise<Link[]>;
}
