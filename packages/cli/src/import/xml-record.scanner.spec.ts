import { XmlRecordScanner } from './xml-record.scanner';
import type { ReadItem } from './record-reader';

const FILE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- two records in a wrapper -->
<records>
  <leadSource><providerInfo><clubID>c1</clubID><recordID>ls-1</recordID></providerInfo><leadInfo><name>Friends &amp; family</name></leadInfo></leadSource>
  <user>
    <providerInfo><clubID>c1</clubID><recordID>u-1</recordID></providerInfo>
    <userInfo>
      <firstname>Jo</firstname><lastname><![CDATA[O'Neil & <Sons>]]></lastname><email>jo@example.com</email>
      <staffOwner><email>sam@club.example</email></staffOwner><leadSource>Walk-in</leadSource><mobile/>
    </userInfo>
  </user>
</records>
`;

function scan(text: string, chunkSize: number): ReadItem[] {
  const scanner = new XmlRecordScanner();
  const items: ReadItem[] = [];
  for (let i = 0; i < text.length; i += chunkSize) items.push(...scanner.push(text.slice(i, i + chunkSize)));
  items.push(...scanner.end());
  return items;
}

describe('XmlRecordScanner', () => {
  it.each([1, 2, 7, 64, 100_000])('finds the same records whatever the chunk size (%i)', (chunkSize) => {
    const items = scan(FILE, chunkSize);
    expect(items.map((item) => ({ ...item, raw: undefined }))).toEqual([
      { line: 4, kind: 'leadSource', fields: { clubID: 'c1', recordID: 'ls-1', name: 'Friends & family' }, raw: undefined },
      {
        line: 5,
        kind: 'person',
        // The owner's email is the owner, not the person's; an empty element is an empty value.
        fields: {
          clubID: 'c1',
          recordID: 'u-1',
          firstname: 'Jo',
          lastname: "O'Neil & <Sons>",
          email: 'jo@example.com',
          staffOwnerEmail: 'sam@club.example',
          leadSource: 'Walk-in',
          mobile: '',
        },
        raw: undefined,
      },
    ]);
    // Each record's own text, to send on as is.
    expect((items[1] as { raw: string }).raw).toMatch(/^<user>\n[\s\S]*<\/user>$/);
    expect((items[0] as { raw: string }).raw).toBe(FILE.slice(FILE.indexOf('<leadSource>'), FILE.indexOf('</leadSource>') + 13));
  });

  it('reads a file whose root is the record', () => {
    const items = scan('<user><userInfo><firstname>A</firstname></userInfo></user>', 5);
    expect(items).toEqual([{ line: 1, kind: 'person', fields: { firstname: 'A' }, raw: '<user><userInfo><firstname>A</firstname></userInfo></user>' }]);
  });

  it('keeps the records of a file that starts with text before any tag, fed a character at a time', () => {
    expect(scan('\n\n  <user><userInfo><firstname>B</firstname></userInfo></user>', 1)).toEqual([
      { line: 3, kind: 'person', fields: { firstname: 'B' }, raw: '<user><userInfo><firstname>B</firstname></userInfo></user>' },
    ]);
  });

  it('refuses a DOCTYPE: no entity is ever expanded', () => {
    expect(() => scan('<?xml version="1.0"?>\n<!DOCTYPE user [<!ENTITY x "boom">]>\n<user>&x;</user>', 10)).toThrow(
      'line 2: malformed XML: DOCTYPE and other declarations are not accepted (entity expansion is off)',
    );
  });

  it('names the line of a tag that does not close what is open, and of a file cut short', () => {
    expect(() => scan('<records>\n<user>\n<userInfo></user>', 4)).toThrow('line 3: malformed XML: Unexpected close tag');
    expect(() => scan('<records>\n<user><userInfo>', 4)).toThrow('malformed XML: the file ends inside <userInfo> (record from line 2)');
  });
});
