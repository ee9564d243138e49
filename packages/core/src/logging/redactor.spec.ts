import Transport from 'winston-transport';
import { createLogger } from './logger';
import { Redactor, REDACTED } from './redactor';

function captureLines(): { transport: Transport; lines: string[] } {
  const lines: string[] = [];
  class Capture extends Transport {
    override log(info: Record<string | symbol, unknown>, next: () => void) {
      lines.push(String(info[Symbol.for('message')]));
      next();
    }
  }
  return { transport: new Capture(), lines };
}

describe('Redactor', () => {
  it('removes secret keys, known secret values and credentials in URLs and headers', () => {
    const redactor = new Redactor();
    redactor.addSecretValues(['s3cr3t-key']);
    redactor.addSecretKeys(['sourcePassword']);
    const out = redactor.redact({
      headers: { Authorization: 'Bearer abc.def', 'X-Api-Key': 'k1', Accept: 'json' },
      options: { SourcePassword: 'pw', siteId: 5 },
      message: 'call failed with key s3cr3t-key at https://user:pass@host/x',
      list: ['Bearer zzz9Kq2x'],
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED, Accept: 'json' },
      options: { SourcePassword: REDACTED, siteId: 5 },
      message: `call failed with key ${REDACTED} at https://user:${REDACTED}@host/x`,
      list: [`Bearer ${REDACTED}`],
    });
  });

  it('leaves prose alone: a club called Basic Fitness is not a credential', () => {
    const redactor = new Redactor();
    expect(redactor.redactString('Jane joined Basic Fitness; Bearer of news')).toBe('Jane joined Basic Fitness; Bearer of news');
    expect(redactor.redactString('Authorization: Basic dXNlcjpwYXNz')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(redactor.redactString('Bearer eyJhbGciOi.J9x')).toBe(`Bearer ${REDACTED}`);
  });

  it('redacts every line the logger writes, messages and errors included', () => {
    const redactor = new Redactor();
    redactor.addSecretValues(['hunter22']);
    const { transport, lines } = captureLines();
    const logger = createLogger({ redactor, transports: [transport], level: 'debug' });
    logger.error('login with hunter22 failed', { error: new Error('bad password hunter22'), password: 'hunter22' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('hunter22');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', message: `login with ${REDACTED} failed`, password: REDACTED });
  });
});
