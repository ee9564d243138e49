import { describeChangeFeedContract } from './store-contract/changes.contract';
import { describeCountersContract } from './store-contract/counters.contract';
import { describeDeliveryQueueContract } from './store-contract/delivery-queue.contract';
import { describeDurabilityContract } from './store-contract/durability.contract';
import { describeGroupCommitContract } from './store-contract/group-commit.contract';
import { describeIdempotencyContract } from './store-contract/idempotency.contract';
import { describeLinkStoreContract } from './store-contract/links.contract';
import { describeLogStoreContract } from './store-contract/log.contract';
import { describeRecordStoreContract } from './store-contract/records.contract';
import { describeTwoWayContract } from './store-contract/two-way.contract';
import { describeSharedByHubsContract } from './store-contract/shared-by-hubs.contract';
import type { OpenContractStore } from './store-contract/contract-store';

export {
  describeChangeFeedContract,
  describeCountersContract,
  describeDeliveryQueueContract,
  describeDurabilityContract,
  describeGroupCommitContract,
  describeIdempotencyContract,
  describeLinkStoreContract,
  describeLogStoreContract,
  describeRecordStoreContract,
  describeSharedByHubsContract,
  describeTwoWayContract,
};
export type { ContractStore, OpenContractStore, StoreContractHandle, StoreTestSupport } from './store-contract/contract-store';

/**
 * The behaviour every {@link ConnectorStore} must show, as the hub and its workers rely on it: upsert
 * by origin, one re-armable delivery per (record, platform), leases that expire and cannot be used
 * once stale, dead letters and replay, links, the Connector Log and its filters, group commit,
 * (given `reopen`) durability across a restart, the change sequence of the change feed, Idempotency-Key answers, and counters in windows of time. It runs every section; a store that is not there yet
 * (a second store being written) may run the sections one by one: {@link describeRecordStoreContract},
 * {@link describeDeliveryQueueContract}, {@link describeLinkStoreContract}, {@link describeLogStoreContract},
 * {@link describeGroupCommitContract}, {@link describeDurabilityContract}, {@link describeChangeFeedContract}, {@link describeTwoWayContract}, {@link describeIdempotencyContract}, {@link describeCountersContract}.
 * A store that several hubs share (`options.sharedByHubs`) must also offer a lock and cache invalidation
 * across them: {@link describeSharedByHubsContract}.
 *
 * Call it once from a store package's spec; `open` is called before every test and must answer an
 * empty store that also offers {@link StoreTestSupport}.
 *
 * @example
 * describeStoreContract('sqlite', async () => {
 *   const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
 *   const file = path.join(dir, 'connector.db');
 *   return {
 *     store: openSqliteStore({ file }),
 *     reopen: async () => openSqliteStore({ file }),
 *     cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
 *   };
 * });
 */
export function describeStoreContract(name: string, open: OpenContractStore, options: { sharedByHubs?: boolean } = {}): void {
  describeRecordStoreContract(name, open);
  describeDeliveryQueueContract(name, open);
  describeLinkStoreContract(name, open);
  describeLogStoreContract(name, open);
  describeGroupCommitContract(name, open);
  describeDurabilityContract(name, open);
  describeChangeFeedContract(name, open);
  describeTwoWayContract(name, open);
  describeIdempotencyContract(name, open);
  describeCountersContract(name, open);
  if (options.sharedByHubs) describeSharedByHubsContract(name, open);
}
