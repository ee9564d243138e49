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

describe('captureLogger calls', () => {
  it("keeps every call as handed over, before redaction, with its child loggers' metadata", () => {
    const redactor = new Redactor();
    redactor.addSecretValues(['sk-live-123']);
    const { logger, lines, calls, handedText } = captureLogger(redactor, 'info');
    logger.child({ platform: 'acme' }).info('calling', { apiKey: 'sk-live-123' });
    logger.debug('below the level: neither written nor kept');
    expect(lines.join('\n')).not.toContain('sk-live-123');
    expect(calls).toEqual([{ level: 'info', message: 'calling', meta: { platform: 'acme', apiKey: 'sk-live-123' } }]);
    expect(handedText()).toContain('sk-live-123');
  });
});
