import { z } from 'zod';
import {
  batchResultSchema,
  changeViewSchema,
  clientViewSchema,
  deliveryViewSchema,
  errorBodySchema,
  JSON_RESOURCES,
  leadSourceSaveSchema,
  leadSourceViewSchema,
  linkViewSchema,
  logEntryViewSchema,
  saveResultSchema,
  staffSaveSchema,
  staffViewSchema,
  timelineSchema,
  userSaveSchema,
  userViewSchema,
} from './json-api.schemas';
import { JSON_API_PREFIX } from './json-api.routes';
import { CONNECTOR_API_PREFIX } from './connector-api.routes';

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });

/** Converts named zod schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect), cross-referenced by name. */
function components(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  const result: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(out.schemas)) {
    const { $schema: _ignored, id: _id, ...rest } = schema as Json;
    result[id] = rest;
  }
  return result;
}

function errors(...statuses: number[]): Record<string, Json> {
  const descriptions: Record<number, string> = {
    400: 'VALIDATION: the request is not valid (the message names the field); save bodies take no fields but those described (additionalProperties: false), and IDs are strings',
    401: 'AUTHENTICATION: no credentials, or wrong ones',
    403: 'FORBIDDEN: another client, or another provider identifier',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE: the body must be application/json',
    429: 'TOO_MANY_REQUESTS: this address failed to authenticate too often; try again after Retry-After',
    503: 'DATABASE: the store is unavailable; try again',
  };
  return Object.fromEntries(
    statuses.map((status) => [String(status), { description: descriptions[status], content: { 'application/json': { schema: ref('Error') } } }]),
  );
}

const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const query = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'query', required: false, description, schema });
const path = (name: string, description: string): Json => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const idempotencyKey: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'The same key with the same body replays the first answer (header Idempotent-Replayed: true); with another body: 409 CONFLICT. Kept in memory for the configured TTL (default 24 h).',
  schema: { type: 'string', maxLength: 255 },
};
const providerOnly = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
const anyCaller = [{ bearerAuth: [] }, { apiKeyHeader: [] }, { basicAuth: [] }];

/** The OpenAPI 3.1 description of the JSON API (request and response schemas generated from the zod schemas). */
export function openApiDocument(version = '0.1.0'): Json {
  const names: Record<string, { one: string; many: string }> = {
    users: { one: 'User', many: 'Users' },
    staff: { one: 'Staff', many: 'Staff' },
    'lead-sources': { one: 'LeadSource', many: 'LeadSources' },
  };
  const saveBodies: Record<string, string> = { users: 'UserSave', staff: 'StaffSave', 'lead-sources': 'LeadSourceSave' };
  const views: Record<string, string> = { users: 'User', staff: 'Staff', 'lead-sources': 'LeadSource' };
  const paths: Record<string, Json> = {};
  for (const { path: resource } of Object.values(JSON_RESOURCES)) {
    const base = `${JSON_API_PREFIX}/${resource}`;
    paths[base] = {
      post: {
        operationId: `save${names[resource].one}`,
        tags: ['Records'],
        summary: `Save one ${resource === 'users' ? 'user (prospect or member)' : resource === 'staff' ? 'staff member' : 'lead source'}`,
        description:
          'Answered once the record and its deliveries are committed (accepted means durable). Saving the same provider + client + club + recordId again updates the same record and answers the same uuid.',
        security: providerOnly,
        parameters: [idempotencyKey],
        requestBody: { required: true, content: { 'application/json': { schema: ref(saveBodies[resource]) } } },
        responses: {
          '201': json(ref('SaveResult'), 'Created'),
          '200': json(ref('SaveResult'), 'Updated, or unchanged'),
          ...errors(400, 401, 403, 409, 413, 415, 503),
        },
      },
      get: {
        operationId: `list${names[resource].many}`,
        tags: ['Records'],
        summary: `List ${resource} of a client`,
        security: anyCaller,
        parameters: [
          { ...query('clientId', 'The client (required).'), required: true },
          query('clubId', 'Only this club.'),
          query('provider', 'Only records this provider sent.'),
          query('limit', '1-1000, default 100.', { type: 'integer' }),
          query('offset', 'Skip this many (oldest first).', { type: 'integer' }),
        ],
        responses: {
          '200': json({ type: 'object', properties: { items: { type: 'array', items: ref(views[resource]) } }, required: ['items'] }),
          ...errors(400, 401, 403, 404),
        },
      },
    };
    paths[`${base}/batch`] = {
      post: {
        operationId: `save${names[resource].many}Batch`,
        tags: ['Records'],
        summary: `Save many ${resource} in one request`,
        description: 'Each item is validated on its own; the valid ones are committed in one transaction. The answer has one result per item, in order.',
        security: providerOnly,
        parameters: [idempotencyKey],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', items: ref(saveBodies[resource]) } } } },
        responses: { '200': json(ref('BatchResult')), ...errors(400, 401, 403, 409, 413, 415, 503) },
      },
    };
    paths[`${base}/{uuid}`] = {
      get: {
        operationId: `get${names[resource].one}`,
        tags: ['Records'],
        summary: `One ${resource === 'users' ? 'user' : resource === 'staff' ? 'staff member' : 'lead source'} by uuid`,
        security: anyCaller,
        parameters: [path('uuid', "The hub record's UUID."), query('provider', 'Only if this provider sent it.')],
        responses: { '200': json(ref(views[resource])), ...errors(401, 404) },
      },
    };
  }
  paths[`${JSON_API_PREFIX}/clients`] = {
    get: {
      operationId: 'listClients',
      tags: ['Connector Log'],
      summary: "The caller's clients, with clubs and turned-up platforms (never options or secrets)",
      security: anyCaller,
      responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Client') } } }), ...errors(401) },
    },
  };
  paths[`${JSON_API_PREFIX}/clients/{clientId}/log`] = {
    get: {
      operationId: 'getClientLog',
      tags: ['Connector Log'],
      summary: "A client's Connector Log, newest first, with times in each club's time zone",
      security: anyCaller,
      parameters: [
        path('clientId', 'The client.'),
        query('club', 'Only this club.'),
        query('level', 'INFO, WARNING or ERROR.'),
        query('platform', 'Only this platform (or sending provider).'),
        query('direction', 'INBOUND or OUTBOUND.'),
        query('search', 'Text in the person or the summary (case-insensitive).'),
        query('since', 'ISO-8601, inclusive.'),
        query('until', 'ISO-8601, inclusive.'),
        query('before', 'Entries with an id below this one (the nextBefore of the previous page).', { type: 'integer' }),
        query('limit', '1-1000, default 100.', { type: 'integer' }),
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: { entries: { type: 'array', items: ref('LogEntry') }, nextBefore: { type: 'integer' } },
          required: ['entries'],
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  };
  paths[`${JSON_API_PREFIX}/clients/{clientId}/dead-letters`] = {
    get: {
      operationId: 'listDeadLetters',
      tags: ['Connector Log'],
      summary: "A client's dead letters (deliveries that failed for good), newest first",
      security: anyCaller,
      parameters: [
        path('clientId', 'The client.'),
        query('club', 'Only this club.'),
        query('platform', 'Only this platform.'),
        query('limit', '1-1000, default 100.', { type: 'integer' }),
      ],
      responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Delivery') } } }), ...errors(401, 403, 404) },
    },
  };
  paths[`${JSON_API_PREFIX}/dead-letters/{id}/replay`] = {
    post: {
      operationId: 'replayDeadLetter',
      tags: ['Connector Log'],
      summary: 'Puts a dead letter back in the queue (operators only), after the cause was fixed',
      security: [{ basicAuth: [] }],
      parameters: [path('id', 'The delivery id.')],
      responses: { '202': json({ type: 'object', properties: { delivery: ref('Delivery') } }, 'Queued again'), ...errors(401, 403, 404, 409) },
    },
  };
  paths[`${JSON_API_PREFIX}/records/{uuid}/timeline`] = {
    get: {
      operationId: 'getRecordTimeline',
      tags: ['Connector Log'],
      summary: 'The story of one hub record: its content, links per platform, deliveries and log entries',
      security: anyCaller,
      parameters: [path('uuid', "The hub record's UUID.")],
      responses: { '200': json(ref('Timeline')), ...errors(401, 404) },
    },
  };
  paths[`${JSON_API_PREFIX}/webhooks/{client}/{platform}`] = {
    post: {
      operationId: 'receivePlatformWebhook',
      tags: ['Two-way sync'],
      summary: "A platform's webhook (two-way sync): verified by the platform's plugin, applied once per message ID",
      description:
        'No API key: the plugin checks the signature on the raw body with the turn-up\'s secret (Acme: README of the Acme plugin, "Webhooks"). ' +
        'Answered 202 once the changes are durable (then delivered to the other platforms, never back). A message ID seen before changes nothing. ' +
        'A bad or missing signature is answered 401 and written to the Connector Log as an INBOUND WARNING; the body is never echoed nor logged.',
      security: [],
      parameters: [path('client', "The client's ID in the hub."), path('platform', "The turn-up's platform key (e.g. `acme`).")],
      requestBody: { required: true, description: "The platform's own webhook body, as it signed it.", content: { '*/*': { schema: {} } } },
      responses: {
        '202': json(
          {
            type: 'object',
            properties: {
              accepted: { type: 'integer', description: 'Messages in the request.' },
              duplicates: { type: 'integer', description: 'Messages applied before (a redelivery): nothing changed.' },
              changed: { type: 'integer', description: 'Hub records created or changed.' },
            },
          },
          'Accepted: the changes are durable',
        ),
        '401': { description: 'WEBHOOK_SIGNATURE: the signature is missing, wrong or too old', content: { 'application/json': { schema: ref('Error') } } },
        ...errors(400, 404, 413, 503),
      },
    },
  };

  paths[`${JSON_API_PREFIX}/changes`] = {
    get: {
      operationId: 'listChanges',
      tags: ['Change feed'],
      summary: "The change feed: the records of the caller's clients that another spoke changed, in commit order",
      description:
        "For systems that only send. Never the caller's own writes. Each record appears once, as its latest change left it. Resume with the `cursor` of the previous answer (opaque; it survives a hub restart); without one the feed starts at the first change. With `wait`, an answer that would be empty is held until a change arrives or the wait ends. The 2011-11 XML form is GET /connector/api/2011-11/changes (see the README).",
      security: providerOnly,
      parameters: [
        query('cursor', 'The cursor of the previous answer; absent: from the first change.'),
        query('limit', '1-1000, default 100.', { type: 'integer' }),
        query('wait', `0-30 seconds (default 0): hold the request until a change arrives.`, { type: 'integer' }),
        query('clientId', "Only this client (one of the caller's)."),
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            items: { type: 'array', items: ref('Change') },
            cursor: { type: 'string', description: 'Where the next read resumes (the same cursor when nothing was new).' },
            more: { type: 'boolean', description: 'True when more changes can be read at once with this cursor.' },
          },
          required: ['items', 'cursor', 'more'],
        }),
        ...errors(400, 401, 403, 404, 503),
      },
    },
  };
  paths[`${JSON_API_PREFIX}/clients/{clientId}/error-counts`] = {
    get: {
      operationId: 'getClientErrorCounts',
      tags: ['Connector Log'],
      summary: "ERROR entries of the last 24 hours per club of a client (the log page's cards); counted up to 10,000",
      security: anyCaller,
      parameters: [path('clientId', 'The client.')],
      responses: { '200': json(ref('ErrorCounts')), ...errors(401, 403, 404) },
    },
  };
  Object.assign(paths, xmlApiPaths(), operationsPaths(), logPagePaths());

  return {
    openapi: '3.1.0',
    info: {
      title: 'Connector hub JSON API',
      version,
      description:
        'Every route of the Connector hub: the JSON API, the Connector API 2011-11 (XML, served unchanged under /connector/api/2011-11), the Connector Log page, /healthz and /metrics. This description is served without a key: it describes, it exposes no data.',
    },
    tags: [
      { name: 'Records', description: 'Saving and reading prospects, members, staff and lead sources (JSON).' },
      { name: 'Connector API 2011-11', description: 'The original XML API, compatible with its senders.' },
      { name: 'Connector Log', description: 'The log, dead letters, timelines and error counts.' },
      { name: 'Log page', description: "The Connector Log page's sign-in (operators)." },
      { name: 'Operations', description: 'Health, metrics and this description.' },
      { name: 'Two-way sync', description: "Platforms' webhooks: changes made in a platform, back to the hub." },
      { name: 'Change feed', description: 'Changes back to the systems that only send (they poll).' },
    ],
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: "A provider's API key." },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: "A provider's API key." },
        basicAuth: { type: 'http', scheme: 'basic', description: 'An operator: name and password.' },
      },
      schemas: {
        ...components({ UserSave: userSaveSchema, StaffSave: staffSaveSchema, LeadSourceSave: leadSourceSaveSchema }, 'input'),
        ...components(
          {
            SaveResult: saveResultSchema,
            BatchResult: batchResultSchema,
            Error: errorBodySchema,
            User: userViewSchema,
            Staff: staffViewSchema,
            LeadSource: leadSourceViewSchema,
            LogEntry: logEntryViewSchema,
            Delivery: deliveryViewSchema,
            Link: linkViewSchema,
            Timeline: timelineSchema,
            Client: clientViewSchema,
            Change: changeViewSchema,
          },
          'output',
        ),
        ErrorCounts: ERROR_COUNTS_SCHEMA,
        Health: HEALTH_SCHEMA,
      },
    },
  };
}

/** The answer of the error counts (log-page.routes.ts). */
const ERROR_COUNTS_SCHEMA: Json = {
  type: 'object',
  properties: {
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    clubs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          clubId: { type: 'string' },
          name: { type: 'string' },
          timeZone: { type: 'string' },
          errors: { type: 'integer', minimum: 0 },
          capped: { type: 'boolean', description: 'Present (true) when there were 10,000 or more.' },
        },
        required: ['clubId', 'timeZone', 'errors'],
        additionalProperties: false,
      },
    },
  },
  required: ['since', 'until', 'clubs'],
  additionalProperties: false,
};

/** The answer of /healthz (ops.routes.ts). */
const HEALTH_SCHEMA: Json = {
  type: 'object',
  properties: {
    status: { enum: ['ok', 'degraded', 'unavailable'] },
    store: { type: 'object', properties: { ok: { type: 'boolean' }, error: { type: 'string' } }, required: ['ok'], additionalProperties: false },
    reason: { type: 'string' },
  },
  required: ['status'],
  additionalProperties: false,
};

const xml = (description: string): Json => ({ description, content: { 'application/xml': { schema: { type: 'string' } } } });

/** The Connector API 2011-11: XML in, XML out, as the original served it (the hub README describes the elements). */
function xmlApiPaths(): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const [resource, name] of [
    ['user', 'User'],
    ['staff', 'Staff'],
    ['leadsource', 'LeadSource'],
  ] as const) {
    paths[`${CONNECTOR_API_PREFIX}/${resource}`] = {
      post: {
        operationId: `save${name}Xml`,
        tags: ['Connector API 2011-11'],
        summary: `Save one ${resource} (an XML <${resource}> document)`,
        security: providerOnly,
        requestBody: { required: true, content: { 'application/xml': { schema: { type: 'string' } }, 'text/xml': { schema: { type: 'string' } } } },
        responses: {
          '200': xml('<response> with the hub uuid'),
          ...Object.fromEntries([400, 401, 403, 413, 415, 429, 503].map((status) => [String(status), xml('<error> with reason, errorUUID and message')])),
        },
      },
      get: {
        operationId: `get${name}Xml`,
        tags: ['Connector API 2011-11'],
        summary: `Read ${resource} records by uuid, or by provider and record ID`,
        security: anyCaller,
        parameters: [
          query('identifier', 'A hub uuid, or a record ID.'),
          query('uuid', 'The hub uuid.'),
          query('record_id', "The sender's record ID (also recordID)."),
          query('provider', 'The provider that sent it.'),
          query('client_id', 'The client (also clientID).'),
          query('club_id', 'The club (also clubID).'),
        ],
        responses: {
          '200': xml('The record(s) as XML'),
          ...Object.fromEntries([400, 401, 403, 404].map((status) => [String(status), xml('<error> with reason, errorUUID and message')])),
        },
      },
    };
  }
  paths[`${CONNECTOR_API_PREFIX}/changes`] = {
    get: {
      operationId: 'listChangesXml',
      tags: ['Connector API 2011-11', 'Change feed'],
      summary: "The change feed in the 2011-11 style: the records of the caller's clients that another spoke changed",
      security: providerOnly,
      parameters: [
        query('provider', "The caller's own provider ID (may be left out)."),
        query('client_id', "One of the caller's clients (absent: all of them)."),
        query('club_id', 'One club of `client_id`.'),
        query('modified_since', 'Only records whose latest change was committed at or after this ISO-8601 time.'),
        query('cursor', 'The cursor of the previous answer.'),
        query('limit', '1-1000, default 100.', { type: 'integer' }),
        query('wait', '0-30 seconds: hold the request until a change arrives.', { type: 'integer' }),
      ],
      responses: {
        '200': xml('<changes> with <cursor>, <more> and a <change> per record'),
        ...Object.fromEntries([400, 401, 403, 404].map((status) => [String(status), xml('<error> with reason, errorUUID and message')])),
      },
    },
  };
  return paths;
}

/** /healthz, /metrics and this description. */
function operationsPaths(): Record<string, Json> {
  return {
    '/healthz': {
      get: {
        operationId: 'getHealth',
        tags: ['Operations'],
        summary: 'Whether the hub can read and write its store (no key)',
        security: [],
        responses: {
          '200': json(ref('Health'), 'The store reads and writes'),
          '503': json(ref('Health'), 'degraded: the store cannot write (a full disk); unavailable: it cannot read'),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'getMetrics',
        tags: ['Operations'],
        summary: 'Prometheus metrics (server.metrics: auth, the default, asks for a key; public does not; off removes the route)',
        security: anyCaller,
        responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors(401, 429) },
      },
    },
    [`${JSON_API_PREFIX}/openapi.json`]: {
      get: {
        operationId: 'getOpenApiDescription',
        tags: ['Operations'],
        summary: 'This description (no key)',
        security: [],
        responses: { '200': json({ type: 'object' }) },
      },
    },
  };
}

/** The Connector Log page and its sign-in (web/log-page.routes.ts). */
function logPagePaths(): Record<string, Json> {
  const operator = json({ type: 'object', properties: { operator: { type: 'string' } }, required: ['operator'], additionalProperties: false });
  const pageHeader: Json = {
    name: 'X-Connector-Log',
    in: 'header',
    required: true,
    description: 'Sent by the page itself (a cross-site form cannot).',
    schema: { type: 'string' },
  };
  return {
    '/log': {
      get: {
        operationId: 'getLogPage',
        tags: ['Log page'],
        summary: 'The Connector Log page (HTML; it signs in with an operator)',
        security: [],
        responses: { '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } },
      },
    },
    '/log/assets/{file}': {
      get: {
        operationId: 'getLogPageAsset',
        tags: ['Log page'],
        summary: "The page's script and style (log.js, log.css); nothing else is served there",
        security: [],
        parameters: [{ name: 'file', in: 'path', required: true, schema: { enum: ['log.js', 'log.css'] } }],
        responses: { '200': { description: 'The file' }, ...errors(404) },
      },
    },
    '/log/': {
      get: { operationId: 'redirectLogPage', tags: ['Log page'], summary: 'Redirects to /log', security: [], responses: { '301': { description: 'To /log' } } },
    },
    '/log/login': {
      post: {
        operationId: 'signIn',
        tags: ['Log page'],
        summary: "Signs an operator in: sets the page's session cookie (HttpOnly, SameSite=Strict)",
        security: [],
        parameters: [pageHeader],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', properties: { name: { type: 'string' }, password: { type: 'string' } }, required: ['name', 'password'] },
            },
          },
        },
        responses: { '200': operator, ...errors(400, 401, 403, 429) },
      },
    },
    '/log/logout': {
      post: {
        operationId: 'signOut',
        tags: ['Log page'],
        summary: 'Ends the session',
        security: [],
        parameters: [pageHeader],
        responses: {
          '200': json({ type: 'object', properties: { signedOut: { const: true } }, required: ['signedOut'], additionalProperties: false }),
          ...errors(403),
        },
      },
    },
    '/log/session': {
      get: {
        operationId: 'getSession',
        tags: ['Log page'],
        summary: 'The operator of the current session',
        security: [],
        responses: { '200': operator, ...errors(401) },
      },
    },
  };
}
