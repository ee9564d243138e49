import { Redactor } from '@connector/core';
import { captureLogger } from './capture-logger';

describe('captureLogger', () => {
  it('keeps every line as written, after redaction', () => {
    const redactor = new Redactor();
    redactor.addSecretValues(['sk-live-123']);
    const { logger, lines } = captureLogger(redactor);
    logger.debug('calling with sk-live-123', { apiKey: 'sk-live-123', club: 'north' });
    logger.child({ platform: 'acme' }).warn('second');
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('sk-live-123');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'debug', club: 'north', apiKey: '[REDACTED]' });
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'warn', platform: 'acme', message: 'second' });
  });
});
