import { ValidationError, type EntityKind, type HubRecord, type RecordChange } from '@connector/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderPrincipal } from '../auth/authenticator';
import { ForbiddenError } from '../errors/hub-errors';
import type { ChangeFeed, ChangeFeedPage } from '../changes/change-feed';
import { MAX_WAIT_SECONDS } from '../changes/change-feed';
import { leadSourceElement } from '../xml/lead-source.xml-mapper';
import { staffElement } from '../xml/staff.xml-mapper';
import { userElement } from '../xml/user.xml-mapper';
import { document, element, XML_CONTENT_TYPE } from '../xml/xml-writer';
import { CONNECTOR_API_PREFIX } from './connector-api.routes';
import { principalOf, sendJson, type HubContext } from './hub-context';
import { JSON_API_PREFIX } from './json-api.routes';
import { recordView } from './json-api.schemas';
import { queryInt } from './record-reader';

type Query = Record<string, string | undefined>;

const XML_ELEMENTS: { [K in EntityKind]: (record: HubRecord<K>) => string } = {
  person: userElement,
  staff: staffElement,
  leadSource: leadSourceElement,
};

/** One change as the JSON feed answers it: who changed the record, and the record as the JSON API shows it. */
export function changeView(change: RecordChange): Record<string, unknown> {
  return { kind: change.record.kind, changedBy: change.changedBy, ...recordView(change.record) };
}

/** One change as the 2011-11 feed answers it: `<change><changedBy/><changedDate/><user>…</user></change>`. */
function changeElement(change: RecordChange): string {
  const record = change.record;
  const inner = (XML_ELEMENTS[record.kind] as (r: HubRecord) => string)(record);
  return `<change>${element('changedBy', change.changedBy)}${element('changedDate', record.updatedAt)}${inner}</change>`;
}

/** The first of several accepted spellings of a query parameter. */
function param(query: Query, ...names: string[]): string | undefined {
  for (const name of names) if (query[name] !== undefined && query[name] !== '') return query[name];
  return undefined;
}

function instant(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError(`${field}: must be an ISO-8601 date-time, e.g. 2026-11-27T13:00:00Z`, { field });
  return new Date(ms).toISOString();
}

/**
 * The change feed, in JSON (`GET /api/v1/changes`) and in the 2011-11 style (`GET
 * /connector/api/2011-11/changes`): for providers only, within their clients, never their own writes.
 */
export async function changesRoutes(app: FastifyInstance, ctx: HubContext, feed: ChangeFeed): Promise<void> {
  /** The clients a read covers: the caller's, or the one it names (which it must be allowed). */
  const clientsOf = (principal: ProviderPrincipal, clientId: string | undefined, field: string): string[] => {
    if (clientId !== undefined) return [ctx.reader.client(principal, clientId, field).id];
    return ctx.connector
      .clients()
      .map((client) => client.id)
      .filter((id) => principal.clients === '*' || principal.clients.has(id));
  };

  /**
   * What counts as the caller's own writes: its provider ID, and the changes pulled from a platform turned
   * up as the same system (`provider` of the turn-up), so a two-way system does not hear its own changes.
   */
  const ownWriters = (principal: ProviderPrincipal, clientIds: readonly string[]): string[] => {
    const own = new Set([principal.id]);
    for (const id of clientIds) {
      for (const turnUp of ctx.connector.client(id)?.platforms ?? []) if (turnUp.provider === principal.id) own.add(`platform:${turnUp.platform}`);
    }
    return [...own];
  };

  /** Reads the feed for a request, stopping the wait if the caller goes away. */
  const read = async (request: FastifyRequest, reply: FastifyReply, options: { clientIds: string[]; clubId?: string; since?: string }) => {
    const principal = principalOf(request) as ProviderPrincipal;
    const query = request.query as Query;
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    return feed.read({
      excludeChangedBy: ownWriters(principal, options.clientIds),
      ...options,
      cursor: query.cursor || undefined,
      limit: queryInt(query.limit, 'limit', 1, 1000) ?? 100,
      waitSeconds: queryInt(query.wait, 'wait', 0, MAX_WAIT_SECONDS) ?? 0,
      abort: gone.signal,
    });
  };

  app.get(`${JSON_API_PREFIX}/changes`, { config: { audience: 'provider' } }, async (request, reply) => {
    const principal = principalOf(request) as ProviderPrincipal;
    const query = request.query as Query;
    const page: ChangeFeedPage = await read(request, reply, { clientIds: clientsOf(principal, param(query, 'clientId'), 'clientId') });
    return sendJson(reply, 200, { items: page.changes.map(changeView), cursor: page.cursor, more: page.more });
  });

  app.get(`${CONNECTOR_API_PREFIX}/changes`, { config: { audience: 'provider' } }, async (request, reply) => {
    const principal = principalOf(request) as ProviderPrincipal;
    const query = request.query as Query;
    const provider = param(query, 'provider');
    // The feed is the caller's: naming another provider is refused, not quietly answered as the caller's.
    if (provider !== undefined && provider.toUpperCase() !== principal.id) {
      throw new ForbiddenError('provider: must be your own provider identifier (the feed lists what the others changed)', { field: 'provider' });
    }
    const clientId = param(query, 'client_id', 'clientID');
    const clubId = param(query, 'club_id', 'clubID');
    if (clubId !== undefined && clientId === undefined) throw new ValidationError('client_id: is required with club_id', { field: 'client_id' });
    const clientIds = clientsOf(principal, clientId, 'client_id');
    if (clubId !== undefined && !ctx.connector.client(clientIds[0])?.clubs.some((club) => club.id === clubId)) {
      throw new ValidationError(`club_id: is not a club of client ${clientIds[0]}`, { field: 'club_id' });
    }
    const since = instant(param(query, 'modified_since', 'modifiedSince'), 'modified_since');
    const page = await read(request, reply, { clientIds, clubId, since });
    const body = document('changes', `${element('cursor', page.cursor)}${element('more', page.more)}${page.changes.map(changeElement).join('')}`);
    return reply.code(200).header('content-type', XML_CONTENT_TYPE).send(body);
  });
}
