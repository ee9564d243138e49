import fs from 'node:fs';
import path from 'node:path';
import { AuthenticationError, ConnectorError, ValidationError } from '@connector/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { principalOf, sendJson, type HubContext } from '../api/hub-context';
import { JSON_API_PREFIX } from '../api/json-api.routes';
import type { OperatorPrincipal } from '../auth/authenticator';
import { ForbiddenError } from '../errors/hub-errors';
import { cookieValue, isPageRequest, PAGE_HEADER, SESSION_COOKIE, type OperatorSessions } from './operator-sessions';

/** Where the page is served. */
export const LOG_PAGE_PATH = '/log';

const ASSET_TYPES: Record<string, string> = {
  'log.js': 'text/javascript; charset=utf-8',
  'log.css': 'text/css; charset=utf-8',
};

/**
 * Everything the page loads comes from the hub itself: no inline script or style, no other host, no
 * framing. `data:` images are the empty favicon.
 */
export const LOG_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Errors of the last 24 hours are counted up to this many per club (the page then shows "10000+"). */
const ERROR_COUNT_CAP = 10_000;
const DAY_MS = 24 * 3600_000;

function readAssets(): { html: string; assets: Map<string, string> } {
  const dir = path.join(__dirname, 'assets');
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  return { html: read('log.html'), assets: new Map(Object.keys(ASSET_TYPES).map((name) => [name, read(name)])) };
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', LOG_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
}

/**
 * The Connector Log web page (`/log`, its script and style under `/log/assets/`), the operator's
 * sign-in (`POST /log/login` sets an HttpOnly, SameSite=Strict session cookie that the JSON API
 * accepts from the page), and the error counter the page shows per club
 * (`GET /api/v1/clients/:clientId/error-counts`).
 */
export async function logPageRoutes(app: FastifyInstance, ctx: HubContext, sessions: OperatorSessions): Promise<void> {
  // Read once: the page is three small files shipped with the hub.
  const { html, assets } = readAssets();
  const secure = ctx.config.server.tls ? '; Secure' : '';

  app.get(LOG_PAGE_PATH, { config: { audience: 'public' } }, async (_request, reply) =>
    securityHeaders(reply).code(200).header('content-type', 'text/html; charset=utf-8').send(html),
  );
  app.get(`${LOG_PAGE_PATH}/`, { config: { audience: 'public' } }, async (_request, reply) => reply.redirect(LOG_PAGE_PATH, 301));

  app.get(`${LOG_PAGE_PATH}/assets/:name`, { config: { audience: 'public' } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const body = assets.get(name);
    if (body === undefined) return sendJson(securityHeaders(reply), 404, { error: { reason: 'NOT_FOUND', message: `no such asset: ${name}` } });
    return securityHeaders(reply).header('cache-control', 'no-cache').code(200).header('content-type', ASSET_TYPES[name]).send(body);
  });

  app.post(`${LOG_PAGE_PATH}/login`, { config: { audience: 'public' } }, async (request, reply) => {
    if (!isPageRequest(request.headers)) throw new ForbiddenError(`sign in from the Connector Log page (the ${PAGE_HEADER} header is missing)`);
    const body = (request.body ?? {}) as { name?: unknown; password?: unknown };
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!name) throw new ValidationError('name: is required', { field: 'name' });
    if (!password) throw new ValidationError('password: is required', { field: 'password' });
    // The same check as HTTP Basic, so a sign-in is exactly as strong as the API's operator credential,
    // and counted with the other failures of this address (the route itself is public).
    await ctx.authFailures.check(request.ip);
    const encoded = Buffer.from(`${name}:${password}`, 'utf8').toString('base64');
    let principal: OperatorPrincipal;
    try {
      principal = ctx.authenticator.authenticate({ authorization: `Basic ${encoded}` }, 'operator') as OperatorPrincipal;
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'AUTHENTICATION') await ctx.authFailures.failed(request.ip);
      throw error;
    }
    const token = sessions.create(principal);
    ctx.logger.info('operator signed in to the Connector Log page', { operator: principal.name });
    reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure}`);
    return sendJson(reply.header('cache-control', 'no-store'), 200, { operator: principal.name });
  });

  app.post(`${LOG_PAGE_PATH}/logout`, { config: { audience: 'public' } }, async (request, reply) => {
    if (!isPageRequest(request.headers)) throw new ForbiddenError(`sign out from the Connector Log page (the ${PAGE_HEADER} header is missing)`);
    sessions.end(cookieValue(request.headers.cookie, SESSION_COOKIE));
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
    return sendJson(reply, 200, { signedOut: true });
  });

  // Lets the page skip the sign-in form while its session lives.
  app.get(`${LOG_PAGE_PATH}/session`, { config: { audience: 'public' } }, async (request, reply) => {
    const principal = sessions.authenticate(request.headers, 'operator');
    if (!principal) throw new AuthenticationError('not signed in');
    return sendJson(reply.header('cache-control', 'no-store'), 200, { operator: principal.name });
  });

  app.get(`${JSON_API_PREFIX}/clients/:clientId/error-counts`, { config: { audience: 'any' } }, async (request, reply) => {
    const { clientId } = request.params as { clientId: string };
    const client = ctx.reader.client(principalOf(request), clientId);
    const until = new Date();
    const since = new Date(until.getTime() - DAY_MS).toISOString();
    const clubs = [];
    for (const club of client.clubs) {
      let errors = 0;
      let beforeId: number | undefined;
      for (;;) {
        const page = await ctx.store.listLog({ clientId: client.id, clubId: club.id, level: 'ERROR', since, beforeId, limit: 1000 });
        errors += page.length;
        if (page.length < 1000 || errors >= ERROR_COUNT_CAP) break;
        beforeId = page[page.length - 1].id;
      }
      clubs.push({ clubId: club.id, name: club.name, timeZone: club.timeZone, errors: Math.min(errors, ERROR_COUNT_CAP), ...(errors >= ERROR_COUNT_CAP ? { capped: true } : {}) });
    }
    return sendJson(reply, 200, { since, until: until.toISOString(), clubs });
  });
}
