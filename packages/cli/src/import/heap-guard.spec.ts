import { heapGuard } from './heap-guard';

describe('heapGuard', () => {
  it('collects only once the heap has grown by the slack, and leaves no global gc behind', () => {
    const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    const guard = heapGuard(1);
    expect(() => guard()).not.toThrow();
    let garbage: number[][] = [];
    for (let i = 0; i < 200; i++) garbage.push(new Array(10_000).fill(i));
    garbage = [];
    expect(() => guard()).not.toThrow();
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(hadGc);
  });
});
