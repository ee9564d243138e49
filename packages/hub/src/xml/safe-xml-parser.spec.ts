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

  it('refuses an undeclared entity instead of expanding anything', () => {
    expect(() => parseXmlBody('<user><firstname>&xxe;</firstname></user>')).toThrow('the body is not well-formed XML: undefined entity (line 1, column 23)');
  });

  it('refuses markup whose tags do not nest or close, naming the line', () => {
    expect(() => parseXmlBody('<user>\n<firstname>Foo</lastname>\n</user>')).toThrow(
      'the body is not well-formed XML: unexpected close tag (line 2, column 26)',
    );
    expect(() => parseXmlBody('<user><userInfo><lastname>Ba')).toThrow('the body is not well-formed XML: unclosed tag: lastname (line 1, column 29)');
    expect(() => parseXmlBody('<user><a>1</a>')).toThrow('the body is not well-formed XML: unclosed tag: user (line 1, column 15)');
    expect(() => parseXmlBody('<user></a></user>')).toThrow('unexpected close tag');
    expect(() => parseXmlBody('<user><!-- never closed')).toThrow(/^the body is not well-formed XML: /);
    expect(() => parseXmlBody('')).toThrow('the body is empty');
    expect(() => parseXmlBody('just text')).toThrow('the body is not well-formed XML: text data outside of root node (line 1, column 10)');
    expect(() => parseXmlBody('<a/><b/>')).toThrow('the body is not well-formed XML: documents may contain only one root (line 1, column 8)');
  });

  it('accepts what well-formed XML may hold: comments and CDATA with markup, ">" in attribute values, spaces in tags', () => {
    const doc = parseXmlBody('<?xml version="1.0"?>\n<!-- a <comment> --><user note="a > b" ><name><![CDATA[</name>]]></name ><empty /></user>\n');
    expect(doc).toEqual({ root: 'user', value: { name: '</name>', empty: '' } });
  });

  it('reads 100 levels of elements and refuses 101 naming the limit', () => {
    const nest = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
    expect(() => parseXmlBody(nest(100))).not.toThrow();
    expect(() => parseXmlBody(nest(101))).toThrow(new ValidationError('the body nests elements deeper than 100 levels (line 1)'));
  });
});
