import type { EntityKind, HubRecord } from '@connector/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderPrincipal } from '../auth/authenticator';
import type { SaveCommand } from '../save/save-command';
import { leadSourceDocument, leadSourceFromXml, leadSourcesDocument } from '../xml/lead-source.xml-mapper';
import { parseXmlBody, type XmlDocument } from '../xml/safe-xml-parser';
import { staffDocument, staffFromXml, staffListDocument } from '../xml/staff.xml-mapper';
import { userDocument, userFromXml, usersDocument } from '../xml/user.xml-mapper';
import { saveAnswer, XML_CONTENT_TYPE } from '../xml/xml-writer';
import { xmlBodyText } from './body-text';
import { principalOf, type HubContext } from './hub-context';
import { queryInt } from './record-reader';

/** The base path of the Connector API 2011-11. */
export const CONNECTOR_API_PREFIX = '/connector/api/2011-11';

interface XmlResource {
  path: string;
  kind: EntityKind;
  fromXml(doc: XmlDocument): SaveCommand;
  one(record: HubRecord): string;
  many(records: HubRecord[]): string;
}

const RESOURCES: XmlResource[] = [
  {
    path: 'user',
    kind: 'person',
    fromXml: userFromXml,
    one: (r) => userDocument(r as HubRecord<'person'>),
    many: (r) => usersDocument(r as Array<HubRecord<'person'>>),
  },
  {
    path: 'staff',
    kind: 'staff',
    fromXml: staffFromXml,
    one: (r) => staffDocument(r as HubRecord<'staff'>),
    many: (r) => staffListDocument(r as Array<HubRecord<'staff'>>),
  },
  {
    path: 'leadsource',
    kind: 'leadSource',
    fromXml: leadSourceFromXml,
    one: (r) => leadSourceDocument(r as HubRecord<'leadSource'>),
    many: (r) => leadSourcesDocument(r as Array<HubRecord<'leadSource'>>),
  },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUERY_NAMES = { clientId: 'client_id', clubId: 'club_id', provider: 'provider' };

type Query = Record<string, string | undefined>;

/** The first of several accepted spellings of a query parameter. */
function param(query: Query, ...names: string[]): string | undefined {
  for (const name of names) if (query[name] !== undefined && query[name] !== '') return query[name];
  return undefined;
}

function xmlReply(reply: FastifyReply, body: string): FastifyReply {
  return reply.code(200).header('content-type', XML_CONTENT_TYPE).send(body);
}

/**
 * The Connector API 2011-11, served compatibly: XML bodies in, XML answers out, under
 * /connector/api/2011-11/{user,staff,leadsource}. Registered in a context of its own so only XML
 * bodies are read here (anything else is 415), through the safe parser.
 */
export async function connectorApiRoutes(app: FastifyInstance, ctx: HubContext): Promise<void> {
  app.removeAllContentTypeParsers();
  // Read as bytes: the body is decoded in the encoding it declares, and invalid UTF-8 is refused, not replaced.
  const parse = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    try {
      done(null, parseXmlBody(xmlBodyText(body, request.headers['content-type'])));
    } catch (error) {
      done(error as Error);
    }
  };
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, parse);
  app.addContentTypeParser(/^application\/[\w.-]+\+xml$/, { parseAs: 'buffer' }, parse);

  for (const resource of RESOURCES) {
    const url = `${CONNECTOR_API_PREFIX}/${resource.path}`;

    app.post(url, { config: { audience: 'provider' } }, async (request, reply) => {
      const command = resource.fromXml(request.body as XmlDocument);
      const outcome = await ctx.saves.save(principalOf(request) as ProviderPrincipal, command);
      return xmlReply(reply, saveAnswer(outcome.uuid, outcome.ignored));
    });

    app.get(url, { config: { audience: 'any' } }, async (request, reply) => {
      const principal = principalOf(request);
      const query = request.query as Query;
      const identifier = param(query, 'identifier');
      const uuid = param(query, 'uuid') ?? (identifier && UUID.test(identifier) ? identifier : undefined);
      const recordId = param(query, 'record_id', 'recordID') ?? (identifier && !UUID.test(identifier) ? identifier : undefined);
      const provider = param(query, 'provider');
      const clientId = param(query, 'client_id', 'clientID');
      const clubId = param(query, 'club_id', 'clubID');
      if (uuid) {
        const record = await ctx.reader.get(principal, uuid, resource.kind, provider);
        return xmlReply(reply, resource.one(record));
      }
      if (recordId) {
        const record = await ctx.reader.getByOrigin(principal, resource.kind, { clientId, clubId, provider, recordId }, QUERY_NAMES);
        return xmlReply(reply, resource.one(record));
      }
      const records = await ctx.reader.list(
        principal,
        resource.kind,
        { clientId, clubId, provider, limit: queryInt(query.limit, 'limit', 1, 1000), offset: queryInt(query.offset, 'offset', 0, 1e9) },
        QUERY_NAMES,
      );
      return xmlReply(reply, resource.many(records));
    });
  }
}
