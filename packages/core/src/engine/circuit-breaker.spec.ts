import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker(() => now, { failureThreshold: 3, probeBaseMs: 1_000, probeMaxMs: 8_000 });
  beforeEach(() => (now = 0));

  it('opens on the third transient failure in a row, and says so once', () => {
    const b = breaker();
    expect([b.failed(), b.failed(), b.failed(), b.failed()]).toEqual([false, false, true, false]);
    expect(b.isOpen).toBe(true);
  });

  it('stays closed when the platform answers between failures', () => {
    const b = breaker();
    b.failed();
    b.failed();
    b.succeeded();
    b.failed();
    b.failed();
    expect(b.isOpen).toBe(false);
  });

  it('probes after a backoff that grows while the platform stays down, and closes when it answers', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    expect(b.probeDue()).toBe(false);
    now += 1_000;
    expect(b.probeDue()).toBe(true);
    b.probeFailed();
    now += 999;
    expect(b.probeDue()).toBe(false);
    now += 1_001;
    expect(b.probeDue()).toBe(true);
    b.close();
    expect(b.isOpen).toBe(false);
    expect(b.probeDue()).toBe(false);
    expect([b.failed(), b.failed(), b.failed()]).toEqual([false, false, true]);
  });
});
