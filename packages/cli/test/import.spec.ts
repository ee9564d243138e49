import fs from 'node:fs';
import path from 'node:path';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { CLUBS, runCli, tempDir, writeConfig } from './cli-test-kit';

describe('connector import', () => {
  const tmp = tempDir();
  let acme: AcmeSimulator;
  let config: string;

  beforeAll(async () => {
    acme = await startAcmeSimulator();
    const turnUp = acme.turnUp({ hubClubIds: [CLUBS.downtown, CLUBS.harbor] });
    await acme.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
    config = writeConfig(tmp.dir, { acme: { port: acme.port, clubs: turnUp.clubs, apiKey: turnUp.options.apiKey } });
  });
  afterAll(async () => {
    await acme.close();
    tmp.cleanup();
  });

  it('imports NDJSON, names the bad line and its field, saves and delivers the good lines', async () => {
    const file = path.join(tmp.dir, 'prospects.ndjson');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({
          clubID: CLUBS.downtown,
          recordID: 'n-1',
          firstname: 'Ivy',
          lastname: 'Stone',
          userType: 'PROSPECT',
          userStatus: 'ACTIVE',
          email: 'ivy@example.com',
          staffOwnerEmail: 'sam@club.example',
        }),
        JSON.stringify({ clubID: CLUBS.downtown, recordID: 'n-2', firstname: 'Ben', userType: 'PROSPECT', userStatus: 'ACTIVE' }),
        '',
        JSON.stringify({ clubID: CLUBS.harbor, recordID: 'n-3', firstname: 'Zoe', lastname: 'Martin', userType: 'member', userStatus: 'ACTIVE' }),
        '{"clubID": "broken',
      ].join('\n') + '\n',
    );
    const result = await runCli(['import', file, '--client', '1111', '--config', config, '--deliver']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('records read  4');
    expect(result.stdout).toContain('saved         2 (2 new, 0 updated)');
    expect(result.stdout).toContain('errors        2');
    expect(result.stdout).toContain('line 2: lastname: is required');
    expect(result.stdout).toMatch(/line 5: not valid JSON/);
    expect(result.stdout).toContain('delivered     2 INFO, 0 WARNING, 0 ERROR');

    const people = await acme.people();
    expect(people.map((p) => `${p.type} ${p.firstName} ${p.lastName}`).sort()).toEqual(['MEMBER Zoe Martin', 'PROSPECT Ivy Stone']);
    expect(people.find((p) => p.firstName === 'Ivy')?.ownerId).toBeDefined();
  });

  it('imports CSV with a header, names the line and field of a bad row, and says what it ignored', async () => {
    const file = path.join(tmp.dir, 'members.csv');
    fs.writeFileSync(
      file,
      [
        'clubID,recordID,firstname,lastname,userType,userStatus,email,birthdate,shoeSize',
        `${CLUBS.harbor},c-1,Kai,Nakamura,MEMBER,ACTIVE,kai@example.com,1990-01-30,44`,
        `${CLUBS.harbor},c-2,Rosa,Diaz,MEMBER,ACTIVE,rosa@example.com,30/01/1990,38`,
        `${CLUBS.downtown},c-3,Noah,Levi,PROSPECT,ACTIVE,,,`,
      ].join('\n'),
    );
    const result = await runCli(['import', file, '--client', '1111', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('saved         2 (2 new, 0 updated)');
    expect(result.stdout).toContain('deliveries    2 queued');
    expect(result.stdout).toContain('line 3: birthdate: must be a date as yyyy-mm-dd');
    expect(result.stdout).toContain('line 2: shoeSize is not a 2011-11 field of a user: ignored');

    // The same file again: nothing changed, nothing queued.
    const again = await runCli(['import', file, '--client', '1111', '--config', config]);
    expect(again.stdout).toContain('saved         0 (0 new, 0 updated)');
    expect(again.stdout).toContain('unchanged     2');
    expect(again.stdout).toContain('deliveries    0 queued');
  });

  it('reports a CSV line with an unclosed quote and goes on with the lines after it, counting every line', async () => {
    const file = path.join(tmp.dir, 'quote.csv');
    fs.writeFileSync(
      file,
      [
        'clubID,recordID,firstname,lastname,userType,userStatus,company',
        `${CLUBS.harbor},q-1,Kai,Nakamura,MEMBER,ACTIVE,Acme`,
        `${CLUBS.harbor},q-2,Rosa,"Diaz,MEMBER,ACTIVE,Acme`,
        `${CLUBS.harbor},q-3,Noah,Levi,PROSPECT,ACTIVE,"Levi, Levi & Co"`,
        `${CLUBS.downtown},q-4,Ivy,Stone,PROSPECT,ACTIVE,`,
        `${CLUBS.downtown},q-5,Ben,Okafor,PROSPECT,ACTIVE,`,
      ].join('\n') + '\n',
    );
    const result = await runCli(['import', file, '--client', '1111', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('records read  5');
    expect(result.stdout).toContain('saved         4 (4 new, 0 updated)');
    expect(result.stdout).toContain('errors        1');
    expect(result.stdout).toContain('line 3: not a valid CSV row (a quote that opens on this line does not close on it)');
    const again = await runCli(['import', file, '--client', '1111', '--config', config]);
    // Read again: the four good lines are known, the bad one is still named.
    expect(again.stdout).toContain('unchanged     4');
    expect(again.stdout).toContain('line 3: not a valid CSV row');
  });

  it('imports 2011-11 XML, naming the line where a bad <user> starts and the field', async () => {
    const file = path.join(tmp.dir, 'export.xml');
    const user = (recordId: string, info: string) =>
      `  <user>\n    <providerInfo><identifier>INTOUCH</identifier><clientID>1111</clientID><clubID>${CLUBS.downtown}</clubID><recordID>${recordId}</recordID></providerInfo>\n    <userInfo>${info}</userInfo>\n  </user>`;
    fs.writeFileSync(
      file,
      [
        '<?xml version="1.0"?>',
        '<users>',
        user(
          'x-1',
          '<firstname>Ada</firstname><lastname>King</lastname><userType>prospect</userType><userStatus>ACTIVE</userStatus><staffOwner><email>sam@club.example</email></staffOwner>',
        ),
        user('x-2', '<firstname>Bob</firstname><lastname>Ray</lastname><userType>VISITOR</userType><userStatus>ACTIVE</userStatus>'),
        '</users>',
      ].join('\n'),
    );
    const result = await runCli(['import', file, '--client', '1111', '--config', config, '--deliver']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('saved         1 (1 new, 0 updated)');
    expect(result.stdout).toContain('line 7: userType: must be PROSPECT or MEMBER');
    const ada = (await acme.people()).find((p) => p.firstName === 'Ada');
    expect(ada).toMatchObject({ type: 'PROSPECT', lastName: 'King' });
    expect(ada?.ownerId).toBeDefined();
  });

  it('refuses a club or client it does not know before reading anything', async () => {
    const file = path.join(tmp.dir, 'x.ndjson');
    fs.writeFileSync(file, '{}\n');
    const club = await runCli(['import', file, '--client', '1111', '--club', 'nope', '--config', config]);
    expect(club.code).toBe(1);
    expect(club.stderr).toBe(`error: club nope is not a club of client 1111 (clubs: ${CLUBS.downtown}, ${CLUBS.harbor})\n`);
    const client = await runCli(['import', file, '--client', '2222', '--config', config]);
    expect(client.stderr).toBe('error: client 2222 is not in the configuration (clients: 1111)\n');
  });
});
