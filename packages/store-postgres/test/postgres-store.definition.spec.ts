import { checkStoreOptions, isConnectorStoreDefinition, StoreOptionsError } from '@connector/core';
import postgresStore from '../src';

function problems(options: unknown): string[] {
  try {
    checkStoreOptions(postgresStore, options, 'store');
  } catch (error) {
    expect(error).toBeInstanceOf(StoreOptionsError);
    return (error as StoreOptionsError).problems;
  }
  return [];
}

describe('the Postgres store definition', () => {
  it('is a store definition of type postgres', () => {
    expect(isConnectorStoreDefinition(postgresStore)).toBe(true);
    expect(postgresStore).toMatchObject({ type: 'postgres', displayName: 'Postgres' });
  });

  it('takes a postgres:// URL, a schema and pool settings', () => {
    expect(problems({ url: 'postgres://hub:pw@db:5432/connector', schema: 'hub_a', pool: { max: 20, connectionTimeoutMs: 5000 } })).toEqual([]);
    expect(problems({ url: 'postgresql://db/connector' })).toEqual([]);
  });

  it('names each wrong field and why, never the value of the URL', () => {
    const found = problems({ url: 'mysql://hub:Sup3rSecretPw@db/connector', schema: 'Hub-A', pool: { max: 0, size: 3 } });
    expect(found).toEqual([
      'store.url: must be a postgres:// URL',
      'store.schema: must be a lower-case schema name (letters, digits, _)',
      'store.pool.max: must be at least 1',
      'store.pool.size: is not a known field',
    ]);
    expect(found.join(' ')).not.toContain('Sup3rSecretPw');
    expect(problems({})).toEqual(['store.url: is required']);
  });
});
