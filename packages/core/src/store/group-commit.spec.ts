import { GroupCommitter } from './group-commit';

/** A store that records each transaction it was given and refuses items named "bad". */
function recordingStore() {
  const transactions: string[][] = [];
  const commit = async (inputs: string[]) => {
    transactions.push([...inputs]);
    if (inputs.includes('bad')) throw new Error(`refused: ${inputs.length === 1 ? 'bad' : 'the batch'}`);
    return inputs.map((input) => input.toUpperCase());
  };
  return { transactions, commit };
}

describe('GroupCommitter', () => {
  it('commits what arrives in the same turn in one transaction, answering each caller', async () => {
    const store = recordingStore();
    const committer = new GroupCommitter(store.commit, { maxBatch: 100, windowMs: 0 });
    const [a, batch, b] = await Promise.all([committer.submit('a'), committer.submitAll(['x', 'y']), committer.submit('b')]);
    expect([a, b]).toEqual(['A', 'B']);
    expect(batch).toEqual([
      { ok: true, value: 'X' },
      { ok: true, value: 'Y' },
    ]);
    expect(store.transactions).toEqual([['a', 'x', 'y', 'b']]);
  });

  it('splits a submission larger than maxBatch over transactions, answering it once, in order', async () => {
    const store = recordingStore();
    const committer = new GroupCommitter(store.commit, { maxBatch: 3, windowMs: 0 });
    const items = ['1', '2', '3', '4', '5', '6', '7'];
    const [first, second] = await Promise.all([committer.submitAll(items), committer.submitAll(['s'])]);
    expect(first.map((s) => s.ok && s.value)).toEqual(items);
    expect(second).toEqual([{ ok: true, value: 'S' }]);
    expect(store.transactions).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', 's'],
    ]);
  });

  it('retries a refused batch item by item, so only the bad item fails', async () => {
    const store = recordingStore();
    const committer = new GroupCommitter(store.commit, { maxBatch: 10, windowMs: 0 });
    const [batch, alone] = await Promise.all([committer.submitAll(['a', 'bad', 'c']), committer.submit('d')]);
    expect(batch[0]).toEqual({ ok: true, value: 'A' });
    expect(batch[1]).toEqual({ ok: false, error: new Error('refused: bad') });
    expect(batch[2]).toEqual({ ok: true, value: 'C' });
    expect(alone).toBe('D');
    await expect(committer.submit('bad')).rejects.toThrow('refused: bad');
  });

  it('answers an empty submission at once, and flush waits for what is queued', async () => {
    const store = recordingStore();
    const committer = new GroupCommitter(store.commit, { maxBatch: 10, windowMs: 50 });
    expect(await committer.submitAll([])).toEqual([]);
    const pending = committer.submitAll(['late']);
    await committer.flush();
    expect(store.transactions).toEqual([['late']]);
    expect(await pending).toEqual([{ ok: true, value: 'LATE' }]);
  });
});
