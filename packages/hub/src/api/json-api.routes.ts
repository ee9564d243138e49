import { ValidationError, type EntityKind } from '@connector/core';
import type { ReadItem } from '../save/batch-items';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describePrincipal, type ProviderPrincipal } from '../auth/authenticator';
import type { ApiError } from '../errors/error-responder';
import { PayloadTooLargeError } from '../errors/hub-errors';
import { bodyFingerprint, type StoredAnswer } from '../save/idempotency-cache';
import type { ReadSaveCommand, SaveCommand, SaveOutcome } from '../save/save-command';
import { principalOf, sendJson, type HubContext } from './hub-context';
import { jsonBodyText } from './body-text';
import { JSON_RESOURCES, jsonNaming, mayHoldBadText, recordView, saveCommandFromJson } from './json-api.schemas';
import { queryInt } from './record-reader';

/** The base path of the JSON API. */
export const JSON_API_PREFIX = '/api/v1';

type Query = Record<string, string | undefined>;

function errorBody(error: ApiError): { reason: string; errorUUID: string; message: string; field?: string } {
  return { reason: error.reason, errorUUID: error.errorUUID, message: error.message, ...(error.field ? { field: error.field } : {}) };
}

function outcomeBody(outcome: SaveOutcome) {
  return { uuid: outcome.uuid, created: outcome.created, changed: outcome.changed, deliveries: outcome.deliveries };
}

/**
 * The JSON API: the same resources as the XML API under /api/v1 (users, staff, lead-sources), single
 * and batch saves with `Idempotency-Key`, reads by uuid and lists. Only application/json bodies are read.
 */
export async function jsonApiRoutes(app: FastifyInstance, ctx: HubContext): Promise<void> {
  // JSON only: the default text/plain parser would let other bodies through to the handlers.
  app.removeContentTypeParser('text/plain');
  // Read as bytes and decoded strictly: invalid UTF-8 is refused naming the field, not stored as U+FFFD.
  const parseJsonText = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = jsonBodyText(body as Buffer, request.headers['content-type']);
    } catch (error) {
      return done(error as Error);
    }
    parseJsonText(request, text, done);
  });

  /**
   * Runs a save under its Idempotency-Key, if one was sent; errors become answers so they replay too.
   * `fingerprint` is asked for only when a key was sent.
   */
  const idempotent = async (request: FastifyRequest, reply: FastifyReply, fingerprint: () => string, work: () => Promise<StoredAnswer>) => {
    const key = request.headers['idempotency-key'];
    const run = async (): Promise<StoredAnswer> => {
      try {
        return await work();
      } catch (error) {
        const apiError = ctx.errors.toApiError(error, { method: request.method, path: request.routeOptions.url, caller: describePrincipal(request.principal) });
        return { status: apiError.status, body: { error: errorBody(apiError) } };
      }
    };
    if (typeof key !== 'string') {
      const answer = await run();
      return reply.code(answer.status).send(answer.body);
    }
    const scope = `${describePrincipal(request.principal)} ${request.method} ${request.routeOptions.url}`;
    const { answer, replayed } = await ctx.idempotency.run(scope, key, fingerprint(), run);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(answer.status).send(answer.body);
  };

  /** Saves a batch's items, each with its own outcome or error, in order (a 200 either way). */
  const saveBatch = async (request: FastifyRequest, commands: Array<SaveCommand | ReadSaveCommand | { error: unknown }>): Promise<StoredAnswer> => {
    const principal = principalOf(request) as ProviderPrincipal;
    const readable: Array<SaveCommand | ReadSaveCommand> = [];
    const readableAt: number[] = [];
    commands.forEach((command, index) => {
      if ('kind' in command) {
        readable.push(command);
        readableAt.push(index);
      }
    });
    const saved = await ctx.saves.saveMany(principal, readable);
    const results: Array<{ outcome?: SaveOutcome; error?: unknown }> = commands.map((command) => ('error' in command ? command : {}));
    readableAt.forEach((index, i) => (results[index] = saved[i]));
    return {
      status: 200,
      body: {
        results: results.map(({ outcome, error }, index) => {
          if (outcome)
            return {
              index,
              status: outcome.created ? 201 : 200,
              uuid: outcome.uuid,
              created: outcome.created,
              changed: outcome.changed,
              deliveries: outcome.deliveries,
            };
          const apiError = ctx.errors.toApiError(error, {
            method: request.method,
            path: request.routeOptions.url,
            item: index,
            caller: describePrincipal(request.principal),
          });
          return { index, status: apiError.status, error: errorBody(apiError) };
        }),
      },
    };
  };

  // Batches are read from their text: a large one is read beside the event loop (BatchReader), a small
  // one here, with fastify's own JSON parser, so a body that is not JSON is answered as anywhere else.
  await app.register(async (batches) => {
    const parseJson = batches.getDefaultJsonParser('error', 'error');
    batches.removeContentTypeParser('application/json');
    batches.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      try {
        done(null, jsonBodyText(body as Buffer, request.headers['content-type']));
      } catch (error) {
        done(error as Error);
      }
    });

    for (const kind of Object.keys(JSON_RESOURCES) as EntityKind[]) {
      const naming = jsonNaming(kind);
      /** A batch item as the save path takes it, or why it cannot be read as a save. */
      const commandFrom = (item: unknown, providerId: string, checkText = true): SaveCommand | { error: unknown } => {
        try {
          return saveCommandFromJson(kind, item, providerId, '', checkText);
        } catch (error) {
          return { error };
        }
      };
      /** A batch item read beside the event loop, as the save path takes it. */
      const commandOf = (item: ReadItem, providerId: string): SaveCommand | ReadSaveCommand | { error: unknown } => {
        switch (item.type) {
          case 'unreadable':
            return { error: new ValidationError(item.message, item.field ? { field: item.field } : {}) };
          case 'owner-lookup':
            return commandFrom(JSON.parse(item.itemJson), providerId);
          case 'invalid':
          case 'ready':
            // The item is its own envelope and what was checked of it.
            return { kind, providerInfo: item, naming, api: 'json', checked: item };
        }
      };

      batches.post(`${JSON_API_PREFIX}/${JSON_RESOURCES[kind].path}/batch`, { config: { audience: 'provider' } }, async (request, reply) => {
        const principal = principalOf(request) as ProviderPrincipal;
        const text = request.body as string;
        const maxItems = ctx.config.server.maxBatchItems;
        const read = await ctx.batchReader.read(kind, text, principal.id, { maxItems, fingerprint: typeof request.headers['idempotency-key'] === 'string' });
        ctx.metrics.observeBatchRead(read?.ok ? 'thread' : 'event_loop');
        if (read?.ok) {
          const { items, fingerprint } = read;
          return idempotent(
            request,
            reply,
            () => fingerprint ?? bodyFingerprint(JSON.parse(text)),
            () =>
              saveBatch(
                request,
                items.map((item) => commandOf(item, principal.id)),
              ),
          );
        }
        let body: unknown;
        let unreadable: Error | null = null;
        parseJson(request, text, (error, parsed) => {
          unreadable = error;
          body = parsed;
        });
        if (unreadable) throw unreadable;
        return idempotent(
          request,
          reply,
          () => bodyFingerprint(body),
          async () => {
            if (!Array.isArray(body)) throw new ValidationError('body: must be a JSON array of items', { field: 'body' });
            if (body.length === 0) throw new ValidationError('body: must hold at least one item', { field: 'body' });
            if (body.length > maxItems) throw new PayloadTooLargeError(`a batch holds at most ${maxItems} items, not ${body.length}`);
            const checkText = mayHoldBadText(text);
            return saveBatch(
              request,
              body.map((item: unknown) => commandFrom(item, principal.id, checkText)),
            );
          },
        );
      });
    }
  });

  for (const kind of Object.keys(JSON_RESOURCES) as EntityKind[]) {
    const base = `${JSON_API_PREFIX}/${JSON_RESOURCES[kind].path}`;

    app.post(base, { config: { audience: 'provider' } }, async (request, reply) =>
      idempotent(
        request,
        reply,
        () => bodyFingerprint(request.body),
        async () => {
          const principal = principalOf(request) as ProviderPrincipal;
          const outcome = await ctx.saves.save(principal, saveCommandFromJson(kind, request.body, principal.id));
          return { status: outcome.created ? 201 : 200, body: outcomeBody(outcome) };
        },
      ),
    );

    app.get(`${base}/:uuid`, { config: { audience: 'any' } }, async (request, reply) => {
      const { uuid } = request.params as { uuid: string };
      const query = request.query as Query;
      const record = await ctx.reader.get(principalOf(request), uuid, kind, query.provider || undefined);
      return sendJson(reply, 200, recordView(record));
    });

    app.get(base, { config: { audience: 'any' } }, async (request, reply) => {
      const query = request.query as Query;
      const records = await ctx.reader.list(
        principalOf(request),
        kind,
        {
          clientId: query.clientId,
          clubId: query.clubId,
          provider: query.provider,
          limit: queryInt(query.limit, 'limit', 1, 1000),
          offset: queryInt(query.offset, 'offset', 0, 1e9),
        },
        { clientId: 'clientId', clubId: 'clubId' },
      );
      return sendJson(reply, 200, { items: records.map(recordView) });
    });
  }
}
