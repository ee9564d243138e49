import { InProcessLocks } from './lock-store';

/** A promise and the function that resolves it, to keep a holder in its lock until the test lets go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('InProcessLocks', () => {
  it('lets one holder of a key in at a time, in the order they asked, each answered its own result', async () => {
    const locks = new InProcessLocks();
    const events: string[] = [];
    const first = gate();
    const a = locks.withLock('k', async () => {
      events.push('a in');
      await first.opened;
      events.push('a out');
      return 'a';
    });
    const b = locks.withLock('k', async () => {
      events.push('b in');
      return 'b';
    });
    await Promise.resolve();
    expect(events).toEqual(['a in']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(events).toEqual(['a in', 'a out', 'b in']);
  });

  it('does not hold back another key, and frees a key whose holder threw', async () => {
    const locks = new InProcessLocks();
    const first = gate();
    const held = locks.withLock('k-1', () => first.opened);
    expect(await locks.withLock('k-2', async () => 'other key')).toBe('other key');
    first.open();
    await held;
    await expect(
      locks.withLock('k-1', async () => {
        throw new Error('the platform refused');
      }),
    ).rejects.toThrow('the platform refused');
    expect(await locks.withLock('k-1', async () => 'free again')).toBe('free again');
  });
});
