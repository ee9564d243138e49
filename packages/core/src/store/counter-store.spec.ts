import { MemoryCounterStore } from './counter-store';

describe('MemoryCounterStore', () => {
  it('adds within a window and starts again from 0 when the window ends', async () => {
    let now = 1_000;
    const counters = new MemoryCounterStore(() => now);
    expect(await counters.readCounter('k')).toBeUndefined();
    expect(await counters.addToCounter('k', 1, 500)).toEqual({ count: 1, resetsAt: 1_500 });
    now = 1_200;
    expect(await counters.addToCounter('k', 2, 500)).toEqual({ count: 3, resetsAt: 1_500 });
    expect(await counters.readCounter('k')).toEqual({ count: 3, resetsAt: 1_500 });
    now = 1_500;
    expect(await counters.readCounter('k')).toBeUndefined();
    expect(await counters.addToCounter('k', 1, 500)).toEqual({ count: 1, resetsAt: 2_000 });
  });

  it('keeps each key apart', async () => {
    const counters = new MemoryCounterStore(() => 0);
    await counters.addToCounter('a', 5, 1_000);
    expect(await counters.addToCounter('b', 1, 1_000)).toEqual({ count: 1, resetsAt: 1_000 });
  });
});
