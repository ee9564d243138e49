import {
  Connector,
  ConnectorError,
  GroupCommitter,
  createLogger,
  NotFoundError,
  Redactor,
  type ConnectorPlugin,
  type ConnectorStore,
  type Logger,
  type SaveRecordInput,
  type SaveRecordResult,
} from '@connector/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { changesRoutes } from './api/changes.routes';
import { connectorApiRoutes, CONNECTOR_API_PREFIX } from './api/connector-api.routes';
import type { HubContext } from './api/hub-context';
import { jsonApiRoutes } from './api/json-api.routes';
import { logApiRoutes } from './api/log-api.routes';
import { opsRoutes } from './api/ops.routes';
import { webhookRoutes } from './api/webhook.routes';
import { RecordReader } from './api/record-reader';
import { AuthFailureThrottle } from './auth/auth-failure-throttle';
import { Authenticator, describePrincipal } from './auth/authenticator';
import type { HubConfig, HubConfigInput } from './config/load-config';
import { validateConfiguration } from './config/validate-configuration';
import { openConfiguredStore } from './config/open-configured-store';
import { describeStore, storeSecrets } from './config/store-config';
import { ErrorResponder } from './errors/error-responder';
import { drainUnreadBody } from './errors/unread-body';
import { HubMetrics } from './metrics/hub-metrics';
import { BatchReader } from './save/batch-reader';
import { ChangeFeed } from './changes/change-feed';
import { ChangeSignal } from './changes/change-signal';
import { IdempotencyCache } from './save/idempotency-cache';
import { SaveService } from './save/save-service';
import { logPageRoutes } from './web/log-page.routes';
import { isPageRequest, OperatorSessions } from './web/operator-sessions';
import { errorAnswer, XML_CONTENT_TYPE } from './xml/xml-writer';

/** What {@link createHub} may be given besides the configuration. */
export interface HubOptions {
  /** The winston logger (default: JSON lines on stdout at `log.level`, redacted with `redactor`). */
  logger?: Logger;
  /** The process-wide redactor; the turn-ups' secrets are added to it. */
  redactor?: Redactor;
  /** Resolves a plugin package name (default: core's loadPlugin, i.e. `require`). */
  plugins?: (packageName: string) => ConnectorPlugin;
  /** A store to use instead of opening the configured one (it is not closed by `close()`). */
  store?: ConnectorStore;
}

/** One route the hub serves: its method, its URL pattern (`/api/v1/users/:uuid`) and who may call it. */
export interface HubRoute {
  method: string;
  url: string;
  /** `provider`, `operator`, `any` (either) or `public` (no credentials). */
  audience: string;
}

/** A running hub. */
export interface Hub {
  /** The fastify instance (tests may `inject` into it). */
  readonly app: FastifyInstance;
  readonly connector: Connector;
  readonly store: ConnectorStore;
  readonly config: HubConfig;
  readonly metrics: HubMetrics;
  /**
   * Every route the hub serves (HEAD left out), in the order registered: the whole surface, so that a
   * test can try each one (the reliability suite tries every route across tenants; the OpenAPI test checks each is described).
   */
  readonly routes: readonly HubRoute[];
  /** Reads large JSON batch bodies beside the event loop (`server.batchReader`). */
  readonly batchReader: BatchReader;
  /** Starts listening on `server.host:server.port`; resolves with the URL it serves. */
  listen(): Promise<{ url: string }>;
  /**
   * Graceful stop: stops accepting requests and answers those in flight, commits what they queued,
   * stops the workers (in-flight deliveries finish within `server.shutdownGraceMs`, the rest keep their
   * lease and are taken up again after a restart), then closes the store. A second call waits for the first.
   */
  close(): Promise<void>;
}

const BEARER = 'Bearer realm="Connector"';
const BASIC = 'Basic realm="Connector", charset="UTF-8"';

function isXmlApi(request: FastifyRequest): boolean {
  return request.url.startsWith(CONNECTOR_API_PREFIX);
}

/**
 * Builds the hub: validates the configuration and every turn-up (plugins are loaded by package name
 * and their options checked), opens the store, binds the Connector, registers the XML API 2011-11,
 * the JSON API, the log API and its web page (/log), /healthz and /metrics, and starts the platform
 * workers. Call `listen()` to serve.
 *
 * @throws HubConfigError naming the field and the reason when the configuration cannot work.
 */
export async function createHub(configInput: HubConfig | HubConfigInput, options: HubOptions = {}): Promise<Hub> {
  // The same validation as `connector config check`: plugins loaded, turn-ups checked, before the store opens.
  const { config, plugins: resolvePlugin, tls } = validateConfiguration(configInput, { plugins: options.plugins });
  const redactor = options.redactor ?? new Redactor();
  // The store's password (a Postgres URL's) is never shown, whatever a driver puts in its messages.
  redactor.addSecretValues(storeSecrets(config.store));
  const logger = options.logger ?? createLogger({ level: config.log.level, redactor });

  const ownStore = !options.store;
  // The store the configuration names, opened by its package's definition (its options checked first).
  const store = options.store ?? (await openConfiguredStore(config.store, { logger, role: 'hub' }));
  const metrics = new HubMetrics(store, logger);
  let connector: Connector;
  try {
    connector = Connector.create({
      store,
      clients: config.clients,
      plugins: resolvePlugin,
      logger,
      redactor,
      engine: config.engine,
      worker: config.worker,
      onDelivery: metrics.observeDelivery,
    });
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }

  metrics.watchCallBudgets(connector.callBudgets());

  // Saves of this process wake the change feed's long polls (other processes' are found by its store reads).
  const changeSignal = new ChangeSignal();
  const accept = async (inputs: SaveRecordInput[]): Promise<SaveRecordResult[]> => {
    const results = await connector.acceptPrepared(inputs);
    if (results.some((result) => result.changed)) changeSignal.notify();
    return results;
  };
  const committer = new GroupCommitter<SaveRecordInput, SaveRecordResult>(accept, {
    maxBatch: config.server.groupCommit.maxBatch,
    windowMs: config.server.groupCommit.windowMs,
    onBatch: (size) => metrics.observeBatch(size),
  });
  const batchReader = new BatchReader(config.server.batchReader, logger);
  const ctx: HubContext = {
    config,
    connector,
    store,
    saves: new SaveService(connector, committer, metrics),
    batchReader,
    reader: new RecordReader(connector),
    authenticator: new Authenticator(config.providers, config.operators),
    // Counted in the store when it keeps counters: every hub on it throttles an address together, across restarts.
    authFailures: new AuthFailureThrottle({
      maxFailures: config.server.authFailures.max,
      windowSeconds: config.server.authFailures.windowSeconds,
      counters: store.counters,
      logger,
    }),
    errors: new ErrorResponder(logger, redactor, config.server.bodyLimitBytes),
    idempotency: new IdempotencyCache({
      ttlMs: config.server.idempotency.ttlSeconds * 1000,
      maxKeys: config.server.idempotency.maxKeys,
      store: store.idempotency,
    }),
    metrics,
    redactor,
    logger,
  };

  // Sign-ins of the Connector Log page (an HttpOnly cookie the JSON API accepts from the page).
  const sessions = new OperatorSessions();

  const app = Fastify({
    logger: false,
    bodyLimit: config.server.bodyLimitBytes,
    ...(tls ? { https: tls } : {}),
    return503OnClosing: true,
    // The caller's address (auth-failure counting, logs) from a trusted reverse proxy's X-Forwarded-For.
    trustProxy: config.server.trustProxy,
    forceCloseConnections: 'idle',
    // A request must arrive, and a connection not fall silent while one is read, within server.requestTimeoutMs:
    // a body shorter than its Content-Length is answered 408 or closed then, instead of holding the connection.
    requestTimeout: config.server.requestTimeoutMs,
    connectionTimeout: config.server.requestTimeoutMs,
  }) as unknown as FastifyInstance;

  const routes: HubRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, audience: route.config?.audience ?? 'public' });
    }
  });

  // Up to 64 times the body limit, or until the request timeout: enough for a client that sent 64 MiB at once.
  const drainBound = { maxBytes: 64 * config.server.bodyLimitBytes, timeoutMs: config.server.requestTimeoutMs };
  app.server.headersTimeout = config.server.requestTimeoutMs;
  const sendError = (request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply => {
    const apiError = ctx.errors.toApiError(error, {
      method: request.method,
      // The route's pattern, not the URL: an ID in the path that fails scoping may be a key sent in the wrong place.
      path: request.routeOptions.url ?? request.url.split('?')[0],
      caller: describePrincipal(request.principal),
    });
    // The log page handles a 401 itself; a Basic challenge would make the browser pop up its own dialog.
    if (apiError.status === 401 && !isPageRequest(request.headers)) {
      const audience = request.routeOptions.config?.audience;
      const challenges = audience === 'operator' ? [BASIC] : audience === 'any' ? [BEARER, BASIC] : [BEARER];
      reply.header('www-authenticate', challenges.join(', '));
    }
    if (apiError.status === 429 && error instanceof ConnectorError && error.retryAfterMs !== undefined) {
      reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
    }
    reply.code(apiError.status);
    // A refusal before the body was read (413): read the rest, so the client reads the answer, not a reset.
    drainUnreadBody(request, reply, drainBound);
    if (isXmlApi(request)) return reply.header('content-type', XML_CONTENT_TYPE).send(errorAnswer(apiError));
    const body = { reason: apiError.reason, errorUUID: apiError.errorUUID, message: apiError.message, ...(apiError.field ? { field: apiError.field } : {}) };
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ error: body }));
  };
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new NotFoundError(`no such endpoint: ${request.method} ${request.url.split('?')[0]}`)));
  // Credentials are checked before the body is read: an unauthenticated caller cannot make the hub parse anything.
  // An address that keeps failing to authenticate is refused for a while (429), before its credentials
  // are looked at.
  app.addHook('onRequest', async (request) => {
    const audience = request.routeOptions.config?.audience;
    if (!audience || audience === 'public') return;
    await ctx.authFailures.check(request.ip);
    try {
      request.principal = sessions.authenticate(request.headers, audience) ?? ctx.authenticator.authenticate(request.headers, audience);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'AUTHENTICATION') await ctx.authFailures.failed(request.ip);
      throw error;
    }
  });

  // The idle bound (connectionTimeout) is for reading a request; once it is read, the handler takes the time
  // it needs (Node restores the bound for the connection's next request).
  app.addHook('preValidation', async (request) => {
    request.raw.socket?.setTimeout(0);
  });
  // Long polls of the change feed answer what they have at once, so a stop does not wait for them.
  app.addHook('preClose', async () => changeSignal.close());

  // Every refusal is counted, whatever refused it (authentication, a body that does not parse, an unknown URL).
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400) ctx.metrics.observeRefusal(request.method, request.routeOptions.url, reply.statusCode);
  });

  try {
    await app.register(async (instance) => connectorApiRoutes(instance, ctx));
    await app.register(async (instance) => jsonApiRoutes(instance, ctx));
    await app.register(async (instance) => logApiRoutes(instance, ctx));
    await app.register(async (instance) => opsRoutes(instance, ctx));
    await app.register(async (instance) => changesRoutes(instance, ctx, new ChangeFeed(store, changeSignal)));
    await app.register(async (instance) => webhookRoutes(instance, ctx));
    await app.register(async (instance) => logPageRoutes(instance, ctx, sessions));
    await app.ready();
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }

  connector.start();
  logger.info('hub ready', {
    clients: config.clients.length,
    platforms: config.clients.reduce((n, c) => n + c.platforms.length, 0),
    providers: config.providers.map((p) => p.id),
    store: ownStore ? describeStore(config.store) : undefined,
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    connector,
    store,
    config,
    metrics,
    routes,
    batchReader,
    async listen() {
      await app.listen({ host: config.server.host, port: config.server.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.server.port;
      const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
      const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
      logger.info('hub listening', { url });
      return { url };
    },
    close() {
      closing ??= (async () => {
        try {
          await app.close();
          await committer.flush();
        } finally {
          await batchReader.close();
          await connector.close(config.server.shutdownGraceMs);
          if (ownStore) await store.close();
          logger.info('hub stopped');
        }
      })();
      return closing;
    },
  };
}
