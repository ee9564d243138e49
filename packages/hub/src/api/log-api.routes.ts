import { NotFoundError, ValidationError, withRejectedValue, type LogDirection, type LogLevel } from '@connector/core';
import type { FastifyInstance } from 'fastify';
import { canUseClient, type OperatorPrincipal } from '../auth/authenticator';
import { ConflictError } from '../errors/hub-errors';
import { deliveryView, linkView, logEntryView, recordPerson } from '../log/log-views';
import { principalOf, sendJson, type HubContext } from './hub-context';
import { JSON_API_PREFIX } from './json-api.routes';
import { recordEnvelope } from './json-api.schemas';
import { queryInt } from './record-reader';

type Query = Record<string, string | undefined>;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  const upper = value.toUpperCase() as T;
  if (!allowed.includes(upper)) throw new ValidationError(`${field}: must be ${allowed.join(', ')}`, { field });
  return upper;
}

function instant(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError(`${field}: must be an ISO-8601 date-time, e.g. 2026-11-27T13:00:00Z`, { field });
  return new Date(ms).toISOString();
}

/**
 * The Connector Log and the dead-letter list, for operators (HTTP Basic) and providers (their API key),
 * each within their clients; the clients themselves; the timeline of one record. Operators alone replay.
 */
export async function logApiRoutes(app: FastifyInstance, ctx: HubContext): Promise<void> {
  // No endpoint here reads a body: whatever a client sends with a POST (curl's form type, an empty
  // JSON object) is read and ignored rather than refused.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));

  app.get(`${JSON_API_PREFIX}/clients`, { config: { audience: 'any' } }, async (request, reply) => {
    const principal = principalOf(request);
    const clients = ctx.connector.clients().filter((client) => canUseClient(principal, client.id));
    return sendJson(reply, 200, {
      items: clients.map((client) => ({
        id: client.id,
        name: client.name,
        clubs: client.clubs.map((club) => ({ id: club.id, name: club.name, timeZone: club.timeZone })),
        // The turn-up's identity only: options and connection carry secrets and never leave the hub.
        platforms: ctx.connector.runtimes(client.id).map((runtime) => ({
          platform: runtime.turnUp.platform,
          plugin: runtime.turnUp.plugin,
          displayName: runtime.displayName,
          provider: runtime.turnUp.provider,
          clubs: runtime.turnUp.clubs,
        })),
      })),
    });
  });

  app.get(`${JSON_API_PREFIX}/clients/:clientId/log`, { config: { audience: 'any' } }, async (request, reply) => {
    const { clientId } = request.params as { clientId: string };
    const client = ctx.reader.client(principalOf(request), clientId);
    const query = request.query as Query;
    if (query.club && !client.clubs.some((club) => club.id === query.club)) {
      throw withRejectedValue(new ValidationError(`club: is not a club of client ${client.id}`, { field: 'club' }), 'club', query.club);
    }
    const limit = queryInt(query.limit, 'limit', 1, 1000) ?? 100;
    const entries = await ctx.store.listLog({
      clientId: client.id,
      clubId: query.club || undefined,
      level: oneOf<LogLevel>(query.level, ['INFO', 'WARNING', 'ERROR'], 'level'),
      direction: oneOf<LogDirection>(query.direction, ['INBOUND', 'OUTBOUND'], 'direction'),
      platform: query.platform || undefined,
      search: query.search || undefined,
      since: instant(query.since, 'since'),
      until: instant(query.until, 'until'),
      beforeId: queryInt(query.before, 'before', 1, Number.MAX_SAFE_INTEGER),
      limit,
    });
    return sendJson(reply, 200, {
      entries: entries.map((entry) => logEntryView(entry, client, ctx.redactor)),
      // Newest first: the next page is the entries before the last one shown.
      ...(entries.length === limit ? { nextBefore: entries[entries.length - 1].id } : {}),
    });
  });

  app.get(`${JSON_API_PREFIX}/clients/:clientId/dead-letters`, { config: { audience: 'any' } }, async (request, reply) => {
    const { clientId } = request.params as { clientId: string };
    const client = ctx.reader.client(principalOf(request), clientId);
    const query = request.query as Query;
    const dead = await ctx.store.listDeadLetters({
      clientId: client.id,
      clubId: query.club || undefined,
      platform: query.platform || undefined,
      limit: queryInt(query.limit, 'limit', 1, 1000) ?? 100,
    });
    const items = await Promise.all(
      dead.map(async (delivery) => deliveryView(delivery, ctx.redactor, { person: recordPerson(await ctx.store.getRecord(delivery.recordUuid)) })),
    );
    return sendJson(reply, 200, { items });
  });

  app.post(`${JSON_API_PREFIX}/dead-letters/:id/replay`, { config: { audience: 'operator' } }, async (request, reply) => {
    const principal = principalOf(request) as OperatorPrincipal;
    const { id } = request.params as { id: string };
    const delivery = await ctx.store.getDelivery(id);
    if (!delivery || !canUseClient(principal, delivery.clientId)) throw new NotFoundError('no dead letter with this id in your clients');
    if (delivery.state !== 'dead') throw new ConflictError(`delivery ${id} is ${delivery.state}, not a dead letter`);
    const replayed = await ctx.connector.replay(id);
    if (!replayed) throw new ConflictError(`delivery ${id} is no longer a dead letter`);
    const record = await ctx.store.getRecord(delivery.recordUuid);
    await ctx.store.appendLog({
      clientId: delivery.clientId,
      clubId: delivery.clubId,
      level: 'INFO',
      direction: 'OUTBOUND',
      platform: delivery.platform,
      recordUuid: delivery.recordUuid,
      deliveryId: delivery.id,
      person: recordPerson(record),
      summary: `${recordPerson(record) ?? 'Record'}: dead letter replayed by operator ${principal.name}; it will be sent to ${delivery.platform} again`,
      details: { previousError: delivery.lastError, previousErrorCode: delivery.lastErrorCode, attempts: delivery.attempts },
    });
    return sendJson(reply, 202, { delivery: deliveryView(replayed, ctx.redactor) });
  });

  app.get(`${JSON_API_PREFIX}/records/:uuid/timeline`, { config: { audience: 'any' } }, async (request, reply) => {
    const principal = principalOf(request);
    const { uuid } = request.params as { uuid: string };
    const record = await ctx.store.getRecord(uuid);
    if (!record || !canUseClient(principal, record.clientId)) throw new NotFoundError('no record with this uuid in your clients');
    const client = ctx.connector.client(record.clientId);
    const [links, deliveries, log] = await Promise.all([
      ctx.store.listLinks(uuid),
      ctx.store.listDeliveries(uuid),
      ctx.store.listLog({ clientId: record.clientId, recordUuid: uuid, limit: 200 }),
    ]);
    return sendJson(reply, 200, {
      record: { ...recordEnvelope(record), kind: record.kind, content: record.content },
      links: links.map((link) => linkView(link, record)),
      deliveries: deliveries.map((delivery) => deliveryView(delivery, ctx.redactor)),
      log: log.map((entry) => logEntryView(entry, client, ctx.redactor)),
    });
  });
}
