import type { Connector, ConnectorStore, Logger, Redactor } from '@connector/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthFailureThrottle } from '../auth/auth-failure-throttle';
import type { Audience, Authenticator, Principal } from '../auth/authenticator';
import type { HubConfig } from '../config/load-config';
import type { ErrorResponder } from '../errors/error-responder';
import type { HubMetrics } from '../metrics/hub-metrics';
import type { BatchReader } from '../save/batch-reader';
import type { IdempotencyCache } from '../save/idempotency-cache';
import type { SaveService } from '../save/save-service';
import type { RecordReader } from './record-reader';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set by the auth hook on every endpoint but /healthz). */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route; `public` needs no credentials. */
    audience?: Audience | 'public';
  }
}

/** What the route modules share. */
export interface HubContext {
  config: HubConfig;
  connector: Connector;
  store: ConnectorStore;
  saves: SaveService;
  /** Reads large JSON batch bodies beside the event loop. */
  batchReader: BatchReader;
  reader: RecordReader;
  authenticator: Authenticator;
  /** Callers that keep failing to authenticate are refused for a while. */
  authFailures: AuthFailureThrottle;
  errors: ErrorResponder;
  idempotency: IdempotencyCache;
  metrics: HubMetrics;
  redactor: Redactor;
  logger: Logger;
}

/** The caller of an authenticated route (the auth hook has run). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route has no audience: the auth hook did not run');
  return request.principal;
}

/**
 * Sends a JSON answer. Record content is the club's data and goes out as is (running it through the
 * redactor would mangle e.g. a club named "Basic Fitness"); what may carry a platform's words (log
 * details, delivery errors) is redacted by the views that build it.
 */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}
