import { describeStoreContract } from '../../testing/src/store-contract';
import { PostgresStore } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema, postgresAvailable } from './postgres-available';

// Every section of the store contract, each test on an empty schema of its own in the one database.
if (postgresAvailable) {
  describeStoreContract(
    'postgres (schema per test)',
    async () => {
      const schema = freshSchema();
      return {
        store: await PostgresStore.connect({ url: DATABASE_URL, schema }),
        reopen: async () => PostgresStore.connect({ url: DATABASE_URL, schema }),
        cleanup: async () => dropSchema(schema),
      };
    },
    { sharedByHubs: true },
  );
} else {
  describeWithPostgres('ConnectorStore contract: postgres', () => {
    it('runs against a real Postgres (DATABASE_URL)', () => undefined);
  });
}
