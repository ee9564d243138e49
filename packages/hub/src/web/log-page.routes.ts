import path from 'node:path';
import { AuthenticationError, ConnectorError, ValidationError } from '@connector/core';
import fastifyCookie, { type CookieSerializeOptions } from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { principalOf, sendJson, type HubContext } from '../api/hub-context';
import { JSON_API_PREFIX } from '../api/json-api.routes';
import type { OperatorPrincipal } from '../auth/authenticator';
import { ForbiddenError } from '../errors/hub-errors';
import { isPageRequest, PAGE_HEADER, SESSION_COOKIE, type OperatorSessions } from './operator-sessions';

/** Where the page is served. */
export const LOG_PAGE_PATH = '/log';

/** The page's three files, with the types they are served as (the page's own, the script, the style). */
const FILE_TYPES: Record<string, string> = {
  'log.html': 'text/html; charset=utf-8',
  'log.js': 'text/javascript; charset=utf-8',
  'log.css': 'text/css; charset=utf-8',
};
/** What `/log/assets/` serves (as @fastify/static names them): the script and the style, nothing else of the folder. */
const ASSETS = new Set(['/log.js', '/log.css']);

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

/**
 * The page's security headers, by helmet: no sniffing, no framing, no referrer. Not helmet's
 * Content-Security-Policy: it writes the directives joined by ";" where the page publishes
 * LOG_PAGE_CSP joined by "; ", so that one is set as written. No Strict-Transport-Security either: HSTS
 * commits the whole host (and its subdomains) to HTTPS for a year, a choice for the operator's proxy
 * or server, not for one page.
 */
const HELMET = {
  global: true,
  contentSecurityPolicy: false,
  strictTransportSecurity: false,
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/**
 * The Connector Log web page (`/log`, its script and style under `/log/assets/`), the operator's
 * sign-in (`POST /log/login` sets an HttpOnly, SameSite=Strict session cookie that the JSON API
 * accepts from the page), and the error counter the page shows per club
 * (`GET /api/v1/clients/:clientId/error-counts`).
 */
export async function logPageRoutes(app: FastifyInstance, ctx: HubContext, sessions: OperatorSessions): Promise<void> {
  // The session cookie: HttpOnly (the page's script cannot read it), SameSite=Strict, Secure over TLS.
  await app.register(fastifyCookie);
  const cookie: CookieSerializeOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: !!ctx.config.server.tls };

  // The page and its two assets, in a context of their own so that only they get the page's headers.
  await app.register(async (page) => {
    await page.register(fastifyHelmet, HELMET);
    page.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', LOG_PAGE_CSP);
    });
    await page.register(fastifyStatic, {
      root: path.join(__dirname, 'assets'),
      prefix: `${LOG_PAGE_PATH}/assets/`,
      // Under /log/assets/ only the script and the style; the page itself only at /log.
      allowedPath: (pathname, _root, request) => (request.routeOptions.url === LOG_PAGE_PATH ? pathname === 'log.html' : ASSETS.has(pathname)),
      index: false,
      // Types and caching are the page's own: text/javascript (the mime table says application/...),
      // the page never stored, its assets revalidated (by ETag) at each load.
      contentType: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        const name = path.basename(file);
        res.setHeader('content-type', FILE_TYPES[name]);
        res.setHeader('cache-control', name === 'log.html' ? 'no-store' : 'no-cache');
      },
    });
    page.get(LOG_PAGE_PATH, { config: { audience: 'public' } }, async (_request, reply) => reply.sendFile('log.html'));
    page.get(`${LOG_PAGE_PATH}/`, { config: { audience: 'public' } }, async (_request, reply) => reply.redirect(LOG_PAGE_PATH, 301));
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
    reply.setCookie(SESSION_COOKIE, token, cookie);
    return sendJson(reply.header('cache-control', 'no-store'), 200, { operator: principal.name });
  });

  app.post(`${LOG_PAGE_PATH}/logout`, { config: { audience: 'public' } }, async (request, reply) => {
    if (!isPageRequest(request.headers)) throw new ForbiddenError(`sign out from the Connector Log page (the ${PAGE_HEADER} header is missing)`);
    sessions.end(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookie);
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
      clubs.push({
        clubId: club.id,
        name: club.name,
        timeZone: club.timeZone,
        errors: Math.min(errors, ERROR_COUNT_CAP),
        ...(errors >= ERROR_COUNT_CAP ? { capped: true } : {}),
      });
    }
    return sendJson(reply, 200, { since, until: until.toISOString(), clubs });
  });
}
