import { renderTable, run } from '../src';
import { CapturedOutput } from './cli-test-kit';

const rows = [
  {
    id: 'd-1',
    who: 'Lee Park <lee.park@example.com> (prospect)',
    reason: 'PLATFORM_REJECTED: Acme answered 422: email must look like name@domain.tld\nthen gave up',
  },
  { id: 'd-22', who: 'Mia Chen (prospect)', reason: '' },
];
const columns = [
  { header: 'ID', value: (r: (typeof rows)[number]) => r.id },
  { header: 'WHO', value: (r: (typeof rows)[number]) => r.who, maxWidth: 40 },
  { header: 'REASON', value: (r: (typeof rows)[number]) => r.reason },
];
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

describe('CLI tables', () => {
  it('are plain text when not on a terminal: header, rule, a line per row, columns two spaces apart', () => {
    expect(renderTable(rows, columns).split('\n')).toEqual([
      'ID    WHO                                       REASON',
      '----  ----------------------------------------  --------------------------------------------------------------------------',
      'd-1   Lee Park <lee.park@example.com> (prospe…  PLATFORM_REJECTED: Acme answered 422: email must look like name@domain.tld',
      '                                                then gave up',
      'd-22  Mia Chen (prospect)',
      '',
    ]);
  });

  it("fit the terminal's width, wrapping cells without losing a word", () => {
    const text = renderTable(rows, columns, { width: 60 });
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[0]).toMatch(/^ID\s+WHO\s+REASON$/);
    const column = (header: string, next?: string) =>
      words(
        lines
          .slice(2)
          .map((line) => line.slice(lines[0].indexOf(header), next ? lines[0].indexOf(next) : undefined))
          .join(' '),
      );
    expect(column('REASON')).toBe('PLATFORM_REJECTED: Acme answered 422: email must look like name@domain.tld then gave up');
    expect(column('WHO', 'REASON')).toBe('Lee Park <lee.park@example.com> (prospe… Mia Chen (prospect)');
  });

  it('follow the terminal that `connector plugins list` prints to', async () => {
    const stdout = Object.assign(new CapturedOutput(true), { columns: 50 });
    const stderr = new CapturedOutput();
    const code = await run(['plugins', 'list'], { stdout, stderr, env: {}, cwd: process.cwd(), shutdown: new AbortController().signal });
    expect(code).toBe(0);
    // The option tables are the lines indented by four that are not a limit ("    - ...").
    const table = stdout.text.split('\n').filter((line) => /^ {4}[^ -]/.test(line));
    expect(table).toEqual(expect.arrayContaining([expect.stringMatching(/^ {4}NAME\s+TYPE/), expect.stringMatching(/^ {4}clientServiceWsdl\s/)]));
    for (const line of table) expect(line.length).toBeLessThanOrEqual(50);
  });
});
