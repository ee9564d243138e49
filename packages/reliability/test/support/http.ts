import { setTimeout as sleep } from 'node:timers/promises';

/** An answer of the hub: its status, body and headers. */
export interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

/**
 * One HTTP exchange; `undefined` when no answer came (the connection was refused or reset: a killed hub).
 * A hub that does not answer within `timeoutMs` is an error, not a missing answer.
 */
export async function exchange(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; timeoutMs?: number } = {},
): Promise<Answer | undefined> {
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new Error(`${init.method ?? 'GET'} ${url}: no answer within ${init.timeoutMs ?? 60_000} ms`);
    return undefined;
  }
}

/** Like {@link exchange}, but an answer must come. */
export async function call(url: string, init: Parameters<typeof exchange>[1] = {}): Promise<Answer> {
  const answer = await exchange(url, init);
  if (!answer) throw new Error(`${init.method ?? 'GET'} ${url}: no answer (connection refused or reset)`);
  return answer;
}

/** Bearer authorization of a provider key. */
export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** HTTP Basic authorization of an operator. */
export const basic = (name: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`,
});

/**
 * Polls `check` until it returns a truthy value (returned), at most `timeoutMs`; then fails saying what
 * was awaited and what `describe` reports of the state (bounded, never a fixed sleep in an assertion).
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs: number,
  describe?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${await describe()}` : ''}`);
    await sleep(100);
  }
}

/** The delivery queue by state, from the hub's `/metrics`. */
export async function queueDepth(hubUrl: string, key: string): Promise<Record<'pending' | 'leased' | 'done' | 'dead', number>> {
  const metrics = await call(`${hubUrl}/metrics`, { headers: bearer(key) });
  const depth = { pending: 0, leased: 0, done: 0, dead: 0 };
  for (const state of Object.keys(depth) as Array<keyof typeof depth>) {
    const match = new RegExp(`^connector_queue_depth\\{state="${state}"\\} (\\d+)`, 'm').exec(metrics.text);
    depth[state] = match ? Number(match[1]) : 0;
  }
  return depth;
}
