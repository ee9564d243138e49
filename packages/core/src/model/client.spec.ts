import { clientSchema } from './client';

describe('client schema', () => {
  it('refuses a field it does not know at every level, rather than dropping it', () => {
    const result = clientSchema.safeParse({
      id: 'c1',
      clubs: [{ id: 'k1', timezone: 'America/Vancouver' }],
      platforms: [{ plugin: 'p', clubs: {}, connection: { host: 'h', pasword: 'x' }, colour: 'blue' }],
      platfroms: [],
    });
    expect(result.success).toBe(false);
    const unknown = result
      .error!.issues.filter((issue) => issue.code === 'unrecognized_keys')
      .map((issue) => [issue.path.join('.'), (issue as { keys: string[] }).keys]);
    expect(unknown).toEqual(
      expect.arrayContaining([
        ['clubs.0', ['timezone']],
        ['platforms.0.connection', ['pasword']],
        ['platforms.0', ['colour']],
        ['', ['platfroms']],
      ]),
    );
  });
});
