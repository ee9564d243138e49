import { ValidationError } from '@connector/core';
import { parseXmlBody } from './safe-xml-parser';

describe('parseXmlBody', () => {
  it('keeps values as text, decodes predefined entities and character references, reads CDATA and drops prefixes', () => {
    const doc = parseXmlBody(
      '<?xml version="1.0"?><api:user xmlns:api="urn:x"><api:userInfo><zipcode>01234</zipcode><company>Smith &amp; Sons &#8211; &#x41;&lt;</company><city><![CDATA[Fort <St> John]]></city><address2/></api:userInfo></api:user>',
    );
    expect(doc).toEqual({ root: 'user', value: { userInfo: { zipcode: '01234', company: 'Smith & Sons \u2013 A<', city: 'Fort <St> John', address2: '' } } });
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE user SYSTEM "http://example.com/user.dtd"><user/>'],
    ['a lower-case doctype', '<!doctype user><user/>'],
    ['an ENTITY declaration', '<user><!ENTITY x "y"></user>'],
  ])('refuses %s before parsing', (_what, xml) => {
    expect(() => parseXmlBody(xml)).toThrow(new ValidationError('DOCTYPE and ENTITY declarations are not allowed in the body'));
  });

  it('leaves undeclared entities as they are instead of expanding anything', () => {
    expect(parseXmlBody('<user><firstname>&xxe;</firstname></user>').value).toEqual({ firstname: '&xxe;' });
  });

  it('refuses XML that is not well formed, naming the line', () => {
    expect(() => parseXmlBody('<user>\n<firstname>Foo</lastname>\n</user>')).toThrow(/not well-formed XML: .*\(line 2\)/);
    expect(() => parseXmlBody('<user><a>1</a>')).toThrow(/not well-formed XML/);
    expect(() => parseXmlBody('')).toThrow(/the body is empty/);
    expect(() => parseXmlBody('<a/><b/>')).toThrow(/not well-formed XML|exactly one root element/);
  });
});
