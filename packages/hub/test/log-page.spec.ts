import fs from 'node:fs';
import path from 'node:path';
import { startAcmeSimulator } from '@connector/plugin-acme/simulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, REPO_ROOT, screenshotPath, see } from './support/browser';
import { OPERATORS, basic, eventually, postXml, startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

jest.setTimeout(60_000);

interface Entry {
  id: number;
  clubId: string;
  level: string;
  direction: string;
  person?: string;
  summary: string;
  createdAt: string;
  recordUuid?: string;
  details?: Record<string, unknown>;
}

const ZONE = 'America/Vancouver';

/** The club's wall clock, computed here independently of the hub: `2026-11-27 05:12:03 PST`. */
function vancouverTime(iso: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  for (const part of format.formatToParts(new Date(iso))) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

function person(first: string, last: string, extra = '', type = 'PROSPECT'): string {
  return `<firstname>${first}</firstname><lastname>${last}</lastname><userStatus>ACTIVE</userStatus><userType>${type}</userType>${extra}`;
}

const SAM = '<staffOwner><email>sam@club.example</email></staffOwner>';
const SCRIPT_NAME = '<script>alert(1)</script>';

describe('Connector Log web page, in headless Chromium', () => {
  let f: HubFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const foreignRequests: string[] = [];
  let deeUuid: string;

  const api = async (url: string): Promise<{ entries: Entry[] } & Record<string, unknown>> => {
    const res = await f.http.get(url, { headers: { authorization: basic(OPERATORS.alice) } });
    expect(res.status).toBe(200);
    return JSON.parse(res.data);
  };
  const clubLog = async (query = '') => (await api(`/api/v1/clients/client-a/log?club=club-a1&limit=1000${query}`)).entries;
  const settled = (who: string, level?: string) =>
    eventually(
      async () => (await clubLog(level ? `&level=${level}` : '')).find((e) => e.direction === 'OUTBOUND' && e.person?.startsWith(who)),
      `a log entry for ${who}`,
    );

  beforeAll(async () => {
    const acme = await startAcmeSimulator();
    await acme.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
    await acme.addLeadSource('Facebook');
    [f, browser] = await Promise.all([startHub({ acme }), launchChromium()]);

    // A fault Acme gets over: its next create answers 422, so this one becomes a dead letter worth replaying.
    acme.failNext(1, 422, { on: 'people.create' });
    deeUuid = uuidOf((await postXml(f, 'user', userXml({ recordId: 'dee', userInfo: person('Dee', 'Dead', '<email>dee@example.com</email>') }))).data);
    await settled('Dee Dead', 'ERROR');

    await postXml(
      f,
      'user',
      userXml({ recordId: 'paula', userInfo: person('Paula', 'Prospect', `<email>paula@example.com</email>${SAM}<leadSource>Facebook</leadSource>`) }),
    );
    await settled('Paula Prospect');
    // Converted: the same record comes back as a member.
    await postXml(
      f,
      'user',
      userXml({
        recordId: 'paula',
        userInfo: person('Paula', 'Prospect', `<email>paula@example.com</email>${SAM}<leadSource>Facebook</leadSource>`, 'MEMBER'),
      }),
    );
    await postXml(
      f,
      'user',
      userXml({ recordId: 'lee', userInfo: person('Lee', 'Lead', `<email>lee@example.com</email>${SAM}<leadSource>Instagram</leadSource>`) }),
    );
    await postXml(f, 'user', userXml({ recordId: 'bob', userInfo: person('Bob', 'Bademail', '<email>bob-at-example</email>') }));
    await postXml(
      f,
      'user',
      userXml({
        recordId: 'wanda',
        userInfo: person('Wanda', 'Warning', '<email>wanda@example.com</email><staffOwner><email>ghost@club.example</email></staffOwner>'),
      }),
    );
    await postXml(f, 'user', userXml({ recordId: 'xss', userInfo: person('&lt;script&gt;alert(1)&lt;/script&gt;', 'Scripter') }));
    await postXml(f, 'user', userXml({ recordId: 'eve', clubId: 'club-a2', userInfo: person('Eve', 'East') }));
    await Promise.all([settled('Lee Lead'), settled('Bob Bademail', 'ERROR'), settled('Wanda Warning', 'WARNING'), settled(`${SCRIPT_NAME} Scripter`)]);
    await eventually(async () => (await clubLog('&search=converted')).length > 0, 'the conversion to be logged');

    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-US' });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(f.url) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it("asks for an operator credential, refuses a wrong password and shows only the operator's clients", async () => {
    const response = await page.goto(`${f.url}/log?refresh=1`);
    expect(response?.status()).toBe(200);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    await page.getByLabel('Operator').fill('alice');
    await page.getByLabel('Password').fill('not-her-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see.text(page.locator('#login-error'), 'The operator name or password is not valid.');
    expect(await page.locator('#app').isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath('connector-log-sign-in.png') });

    await page.getByLabel('Password').fill(OPERATORS.alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#who').getByText('Signed in as alice').waitFor();
    // The client list arrives after sign-in: wait for the clubs of the chosen client to be offered.
    await page.locator('#f-club option', { hasText: 'Alpha East' }).waitFor({ state: 'attached' });
    // alice may read client-a only; client-b is not offered.
    expect(await page.locator('#f-client option').allTextContents()).toEqual(['Alpha Fitness (client-a)']);
    expect(await page.locator('#f-club option').allTextContents()).toEqual(['All clubs', 'Alpha Downtown', 'Alpha East']);
  });

  it("shows every entry of a club, newest first, with its level and the time in the club's zone", async () => {
    await page.locator('#f-club').selectOption('club-a1');
    const entries = await clubLog();
    await see.count(page.locator('#entries tr.entry'), entries.length);
    const ids = await page.locator('#entries tr.entry').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-id'))));
    expect(ids).toEqual(entries.map((e) => e.id));
    for (const entry of entries) {
      const row = page.locator(`#entries tr.entry[data-id="${entry.id}"]`);
      expect(await row.locator('.c-level').textContent()).toBe(entry.level);
      // The browser runs in Europe/Berlin; the page shows the club's clock.
      expect(await row.locator('.c-time .time').textContent()).toBe(vancouverTime(entry.createdAt));
      expect(await row.locator('.c-summary').textContent()).toBe(entry.summary);
    }
    const levelOf = async (who: string) =>
      page
        .locator('#entries tr.entry', { has: page.locator('.c-person', { hasText: who }) })
        .first()
        .locator('.c-level')
        .textContent();
    expect(await levelOf('Wanda Warning')).toBe('WARNING');
    expect(await levelOf('Bob Bademail')).toBe('ERROR');
    expect(await levelOf('Lee Lead')).toBe('INFO');
    await see.count(page.locator('#entries tr.entry .c-summary', { hasText: 'converted' }), 1);
    await see.text(page.locator('#entries .c-direction').first(), '→ Sent to Acme');
  });

  it('renders a name made of markup as text, and nothing runs', async () => {
    const cell = page.locator('#entries .c-person', { hasText: 'Scripter' });
    await see.text(cell, `${SCRIPT_NAME} Scripter`);
    await see.contains(page.locator('#entries .c-summary', { hasText: 'Scripter' }), `${SCRIPT_NAME} Scripter (prospect) entered in INTOUCH`);
    expect(await page.locator('#entries script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('counts the errors of the last 24 hours per club', async () => {
    const errors = (await clubLog('&level=ERROR')).length;
    expect(errors).toBe(2);
    await see.text(page.locator('.club-card[data-club="club-a1"] .error-count'), '2 errors in the last 24 h');
    await see.text(page.locator('.club-card[data-club="club-a2"] .error-count'), '0 errors in the last 24 h');
  });

  it('filters by type and person, and a row opens to its details', async () => {
    await page.locator('#f-level').selectOption('ERROR');
    await see.count(page.locator('#entries tr.entry'), 2);
    expect(await page.locator('#entries tr.entry .c-level').allTextContents()).toEqual(['ERROR', 'ERROR']);

    const bob = page.locator('#entries tr.entry', { hasText: 'Bob Bademail' });
    await bob.click();
    const details = page.locator('#entries tr.details-row pre.json');
    await see.contains(details, '"deadLetter": true');
    await see.contains(details, 'email');
    await see.lacks(details, f.acme!.apiKey);

    await page.locator('#f-level').selectOption('');
    await page.getByLabel('Person').fill('wanda');
    await see.count(page.locator('#entries tr.entry'), 1);
    await see.text(page.locator('#entries tr.entry .c-level'), 'WARNING');
    await page.locator('#entries tr.entry').click();
    await see.contains(page.locator('#entries tr.details-row pre.json'), 'ghost@club.example matches no staff member in Acme');
    await page.getByLabel('Person').fill('');
    await page.locator('#f-level').selectOption('ERROR');
    await see.count(page.locator('#entries tr.entry'), 2);
  });

  it('opens a record timeline, replays its dead letter after a confirmation, and shows it delivered', async () => {
    await page.locator('#entries tr.entry', { hasText: 'Dee Dead' }).getByRole('button', { name: 'Timeline' }).click();
    const drawer = page.locator('#timeline');
    await see.text(drawer.locator('#tl-title'), 'Dee Dead <dee@example.com>');
    const acmeCard = drawer.locator('.platform-card[data-platform="acme"]');
    await see.text(acmeCard.locator('.state'), 'Dead letter');
    await see.contains(acmeCard.locator('.reason'), '422');
    await see.text(acmeCard.locator('.platform-id'), 'none yet');
    await page.screenshot({ path: screenshotPath('connector-log-timeline-dead.png') });

    await acmeCard.getByRole('button', { name: 'Replay…' }).click();
    const confirm = page.locator('#confirm-replay');
    await see.visible(confirm);
    await see.contains(confirm, 'Dee Dead <dee@example.com> will be sent to Acme again');
    await confirm.getByRole('button', { name: 'Replay' }).click();
    await see.contains(page.locator('#toast'), 'Replayed');

    const dee = await eventually(async () => (await f.acme!.people()).find((p) => p.lastName === 'Dead'), 'Acme to hold Dee');
    await see.text(acmeCard.locator('.state'), 'Delivered');
    await see.text(acmeCard.locator('.platform-id'), `${dee.id} (prospect)`);
    await see.contains(drawer.locator('.history'), 'dead letter replayed by operator alice');
    await see.contains(drawer.locator('.history li').last(), 'created');
    const timeline = JSON.parse((await f.http.get(`/api/v1/records/${deeUuid}/timeline`, { headers: { authorization: basic(OPERATORS.alice) } })).data);
    expect(timeline.deliveries[0].state).toBe('done');
    await page.screenshot({ path: screenshotPath('connector-log-timeline.png') });
    await drawer.getByRole('button', { name: 'Close the timeline' }).click();
    await see.hidden(drawer);
    expect(dialogs).toEqual([]);
  });

  it('shows new entries as they are logged, without reloading', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await see.contains(page.locator('#entries tr.entry', { hasText: 'Dee Dead' }).first(), 'created');
    await page.evaluate(() => ((globalThis as unknown as { stayed: boolean }).stayed = true));
    await postXml(
      f,
      'user',
      userXml({ recordId: 'nina', userInfo: person('Nina', 'New', `<email>nina@example.com</email>${SAM}<leadSource>Facebook</leadSource>`) }),
    );
    const nina = page.locator('#entries tr.entry', { hasText: 'Nina New' });
    await see.count(nina, 1);
    await see.contains(page.locator('#entries tr.entry').first(), 'Nina New');
    expect(await page.evaluate(() => (globalThis as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // Dee's error was followed by a delivery; the counter still counts the error of the day.
    await see.text(page.locator('.club-card[data-club="club-a1"] .error-count'), '2 errors in the last 24 h');

    // The picture for people: an error opened to its details, the page at the top, the toast gone.
    await page.setViewportSize({ width: 1440, height: 1080 });
    await page.locator('#entries tr.entry', { hasText: 'Bob Bademail' }).click();
    await see.contains(page.locator('#entries tr.details-row'), '"deadLetter": true');
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await see.hidden(page.locator('#toast'));
    await page.screenshot({ path: screenshotPath('connector-log.png') });
    if (process.env.CONNECTOR_DOCS_SCREENSHOT === '1') {
      // The README's picture (committed, so kept small): `CONNECTOR_DOCS_SCREENSHOT=1 npx nx test hub` renews it.
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs/images/connector-log.png'), clip: { x: 0, y: 0, width: 1440, height: 880 } });
    }
    expect(fs.statSync(screenshotPath('connector-log.png')).size).toBeGreaterThan(10_000);
  });

  it('pages back through older entries', async () => {
    const paged = await context.newPage();
    await paged.goto(`${f.url}/log?club=club-a1&limit=4`);
    await see.count(paged.locator('#entries tr.entry'), 4);
    await paged.getByRole('button', { name: 'Older entries' }).click();
    await see.count(paged.locator('#entries tr.entry'), 8);
    const ids = await paged.locator('#entries tr.entry').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-id'))));
    expect(ids).toEqual((await clubLog()).slice(0, 8).map((e) => e.id));
    await paged.close();
  });

  it('signs out, and loads nothing from any other host', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await see.visible(page.locator('#login'));
    await page.reload();
    await see.visible(page.locator('#login'));
    expect(foreignRequests).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
