import { leadSourceFromXml } from './lead-source.xml-mapper';
import { parseXmlBody } from './safe-xml-parser';
import { staffFromXml } from './staff.xml-mapper';
import { userFromXml } from './user.xml-mapper';
import { saveAnswer } from './xml-writer';

const PROVIDER_INFO =
  '<providerInfo><identifier>INTOUCH</identifier><clientID>c</clientID><clubID>k</clubID><recordID>r</recordID><vendor>x</vendor></providerInfo>';

describe('elements a 2011-11 body holds that the API does not know', () => {
  it('are read no further but named, at every level', () => {
    const user = userFromXml(
      parseXmlBody(
        `<user>${PROVIDER_INFO}<firstname>Beside</firstname><userInfo><firstname>Ann</firstname><ownerEmail>sam@club.example</ownerEmail><staffOwner><mail>sam@club.example</mail></staffOwner></userInfo><uuid>u</uuid></user>`,
      ),
    );
    expect(user.content).toEqual({ firstName: 'Ann' });
    expect(user.ignored).toEqual(['providerInfo.vendor', 'firstname', 'userInfo.ownerEmail', 'userInfo.staffOwner.mail']);

    const staff = staffFromXml(
      parseXmlBody(`<staff>${PROVIDER_INFO}<staffInfo><email>sam@club.example</email><phone>1</phone><active>yes</active></staffInfo></staff>`),
    );
    expect(staff.content).toEqual({ email: 'sam@club.example', active: true });
    expect(staff.ignored).toEqual(['providerInfo.vendor', 'staffInfo.phone']);

    const leadSource = leadSourceFromXml(
      parseXmlBody(`<leadSource>${PROVIDER_INFO}<leadInfo><name>Web</name><color>red</color></leadInfo><note>n</note></leadSource>`),
    );
    expect(leadSource.content).toEqual({ name: 'Web' });
    expect(leadSource.ignored).toEqual(['providerInfo.vendor', 'note', 'leadInfo.color']);
  });

  it('leave a body the API knows, and its answer, as they were', () => {
    const user = userFromXml(
      parseXmlBody(
        `<user><providerInfo><identifier>I</identifier></providerInfo><userInfo><firstname>Ann</firstname><staffOwner><email>s@x</email></staffOwner></userInfo></user>`,
      ),
    );
    expect(user.ignored).toBeUndefined();
    expect(saveAnswer('u-1')).toBe('<response xmlns="http://www.intouchfollowup.com/api/2011-11"><uuid>u-1</uuid></response>');
    expect(saveAnswer('u-1', ['userInfo.a&b'])).toBe(
      '<response xmlns="http://www.intouchfollowup.com/api/2011-11"><uuid>u-1</uuid><ignoredElements><element>userInfo.a&amp;b</element></ignoredElements></response>',
    );
  });
});
