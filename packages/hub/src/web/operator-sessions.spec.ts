import { OperatorSessions, cookieValue } from './operator-sessions';

const alice = { kind: 'operator' as const, name: 'alice', clients: '*' as const };
const page = (token: string) => ({ 'x-connector-log': '1', cookie: `other=1; connector_log_session=${token}` });

describe('OperatorSessions', () => {
  it('ends a session after it idled too long, and after its maximum age however used', () => {
    let now = 0;
    const sessions = new OperatorSessions({ idleMs: 1000, maxAgeMs: 2500, now: () => now });
    const token = sessions.create(alice);
    now = 900;
    expect(sessions.authenticate(page(token), 'any')).toEqual(alice);
    now = 1800;
    expect(sessions.authenticate(page(token), 'operator')).toEqual(alice);
    now = 2600;
    expect(sessions.authenticate(page(token), 'any')).toBeUndefined();

    const idle = sessions.create(alice);
    now += 1001;
    expect(sessions.lookup(idle)).toBeUndefined();
  });

  it('needs the page header, gives way to explicit credentials, and never serves provider endpoints', () => {
    const sessions = new OperatorSessions();
    const token = sessions.create(alice);
    expect(sessions.authenticate({ cookie: `connector_log_session=${token}` }, 'any')).toBeUndefined();
    expect(sessions.authenticate({ ...page(token), authorization: 'Basic eDp5' }, 'any')).toBeUndefined();
    expect(sessions.authenticate(page(token), 'provider')).toBeUndefined();
    expect(sessions.authenticate(page('forged'), 'any')).toBeUndefined();
    sessions.end(token);
    expect(sessions.authenticate(page(token), 'any')).toBeUndefined();
  });

  it('keeps at most maxSessions, dropping the oldest', () => {
    const sessions = new OperatorSessions({ maxSessions: 2 });
    const [a, b, c] = [sessions.create(alice), sessions.create(alice), sessions.create(alice)];
    expect([a, b, c].map((t) => sessions.lookup(t) !== undefined)).toEqual([false, true, true]);
  });

  it('reads one cookie of a Cookie header', () => {
    expect(cookieValue('a=1; b=two; c=3', 'b')).toBe('two');
    expect(cookieValue('ab=1', 'b')).toBeUndefined();
    expect(cookieValue(undefined, 'b')).toBeUndefined();
  });
});
