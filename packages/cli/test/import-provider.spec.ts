import fs from 'node:fs';
import path from 'node:path';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { CLUBS, runCli, tempDir, writeConfig } from './cli-test-kit';

/** The provider an import sends as: a configured one, allowed to write the client, named in the output. */
describe('connector import: who the records are sent as', () => {
  const tmp = tempDir();
  let acme: AcmeSimulator;
  let config: string;

  const writeLines = (name: string, lines: object[]) => {
    const file = path.join(tmp.dir, name);
    fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    return file;
  };
  const jane = {
    clubID: CLUBS.downtown,
    recordID: 'crm-1',
    firstname: 'Jane',
    lastname: 'Doe',
    userType: 'PROSPECT',
    userStatus: 'ACTIVE',
    email: 'jane@example.com',
  };

  beforeAll(async () => {
    acme = await startAcmeSimulator();
    const turnUp = acme.turnUp({ hubClubIds: [CLUBS.downtown, CLUBS.harbor] });
    // INTOUCH may write client 1111; MBO only client 2222.
    config = writeConfig(tmp.dir, {
      acme: { port: acme.port, clubs: turnUp.clubs, apiKey: turnUp.options.apiKey },
      extraClients: [{ id: '2222', clubs: [{ id: 'club-other', timeZone: 'UTC' }] }],
      mutate: (c) => {
        c.providers = [
          { id: 'INTOUCH', apiKey: 'intouch-provider-key-0123456789', clients: ['1111'] },
          { id: 'MBO', apiKey: 'mbo-provider-key-0123456789', clients: ['2222'] },
        ];
      },
    });
  });
  afterAll(async () => {
    await acme.close();
    tmp.cleanup();
  });

  it('sends as the only provider that may write the client, says so, and does not re-create what it sent before', async () => {
    // What INTOUCH sent (its identifier on the line), delivered to Acme.
    const sent = await runCli(['import', writeLines('sent.ndjson', [{ ...jane, identifier: 'INTOUCH' }]), '--client', '1111', '--config', config, '--deliver']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('delivered     1 INFO, 0 WARNING, 0 ERROR');

    // The CRM's export of the same person, no identifier column, no --provider.
    const exported = await runCli(['import', writeLines('export.ndjson', [jane]), '--client', '1111', '--config', config, '--deliver']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('sent as       provider INTOUCH (the only provider that may write client 1111; --provider names another)');
    expect(exported.stdout).toContain('saved         0 (0 new, 0 updated)');
    expect(exported.stdout).toContain('unchanged     1');
    expect((await acme.people()).filter((p) => p.firstName === 'Jane')).toHaveLength(1);

    const log = await runCli(['log', '--client', '1111', '--config', config]);
    expect(log.stdout).toContain('Jane Doe <jane@example.com> (prospect) entered in INTOUCH and sent to Acme: created');
    expect(log.stdout).not.toContain('entered in IMPORT');
  });

  it('refuses a --provider that is not configured, or that may not write the client, before reading anything', async () => {
    const file = writeLines('refused.ndjson', [{ ...jane, recordID: 'crm-2' }]);
    const unknown = await runCli(['import', file, '--client', '1111', '--provider', 'IMPORT', '--config', config]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: --provider IMPORT is not a provider of the configuration (providers: INTOUCH, MBO)\n');
    const other = await runCli(['import', file, '--client', '1111', '--provider', 'mbo', '--config', config]);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe('error: provider MBO may not write client 1111 (see its clients under providers in the configuration)\n');
    expect((await acme.people()).filter((p) => p.firstName === 'Jane')).toHaveLength(1);
  });

  it('refuses a line whose identifier is not a configured provider, and one whose provider may not write the client, in the Connector Log too', async () => {
    const file = writeLines('identifiers.ndjson', [
      { ...jane, recordID: 'crm-3', identifier: 'IMPORT' },
      { ...jane, recordID: 'crm-4', identifier: 'MBO' },
      { ...jane, recordID: 'crm-5', lastname: '' },
      { ...jane, recordID: 'crm-6', firstname: 'Ann', email: 'ann@example.com' },
    ]);
    const result = await runCli(['import', file, '--client', '1111', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('saved         1 (1 new, 0 updated)');
    expect(result.stdout).toContain('line 1: identifier: IMPORT is not a provider of the configuration (providers: INTOUCH, MBO)');
    expect(result.stdout).toContain('line 2: clientID: provider MBO may not write records of this client');
    expect(result.stdout).toContain('line 3: lastname: is required');

    // The same door as the API: the refused record of the client's provider is in the club's Connector Log.
    const log = await runCli(['log', '--client', '1111', '--level', 'error', '--config', config]);
    expect(log.stdout).toMatch(/ERROR\s+INTOUCH\s+Jane <jane@example.com> \(prospect\) sent by INTOUCH was rejected: lastname: is required/);
  });

  it('asks for --provider when several providers may write the client, and refuses when none may', async () => {
    const several = writeConfig(tmp.dir, {
      file: 'several.yaml',
      mutate: (c) => {
        c.providers = [
          { id: 'INTOUCH', apiKey: 'intouch-provider-key-0123456789', clients: '*' },
          { id: 'CRM', apiKey: 'crm-provider-key-0123456789', clients: ['1111'] },
        ];
      },
    });
    const file = writeLines('several.ndjson', [
      { ...jane, recordID: 'crm-7' },
      { ...jane, recordID: 'crm-8', identifier: 'CRM' },
    ]);
    const result = await runCli(['import', file, '--client', '1111', '--config', several]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('saved         1 (1 new, 0 updated)');
    expect(result.stdout).toContain('line 1: identifier: is required (give an identifier column or --provider: INTOUCH, CRM may write client 1111)');

    const none = writeConfig(tmp.dir, { file: 'none.yaml', mutate: (c) => (c.providers = []) });
    const refused = await runCli(['import', file, '--client', '1111', '--config', none]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: no provider of the configuration may write client 1111');
  });
});
