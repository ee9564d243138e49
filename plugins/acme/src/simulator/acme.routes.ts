import type { AcmeCallKey } from './acme-call-key';
import type { AcmeDatabase } from './acme.database';
import { changesQuerySchema, leadSourceBodySchema, parseBody, peopleQuerySchema, personBodySchema } from './acme.schemas';

/** What a route sees of a request. */
export interface AcmeRouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** One endpoint of the Acme API: its call key, and what it answers. Errors are thrown as AcmeHttpError. */
export interface AcmeRoute {
  key: AcmeCallKey;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  handle(request: AcmeRouteRequest): { status: number; body: unknown };
}

const ok = (body: unknown) => ({ status: 200, body });
const created = (body: unknown) => ({ status: 201, body });

/** The endpoints of the Acme API v1 (README.md, "API"), over one database. */
export function acmeRoutes(db: AcmeDatabase): AcmeRoute[] {
  return [
    {
      key: 'check',
      method: 'GET',
      url: '/v1/account',
      handle: () => ok({ ...db.account, clubs: db.listClubs() }),
    },
    {
      key: 'people.create',
      method: 'POST',
      url: '/v1/clubs/:clubId/prospects',
      handle: ({ params, body }) => created(db.createPerson(params.clubId, 'prospect', parseBody(personBodySchema, body))),
    },
    {
      key: 'people.update',
      method: 'PUT',
      url: '/v1/prospects/:id',
      handle: ({ params, body }) => ok(db.updatePerson(params.id, 'prospect', parseBody(personBodySchema, body))),
    },
    {
      key: 'people.convert',
      method: 'POST',
      url: '/v1/prospects/:id/convert',
      handle: ({ params, body }) => ok(db.convertProspect(params.id, parseBody(personBodySchema, body))),
    },
    {
      key: 'people.create',
      method: 'POST',
      url: '/v1/clubs/:clubId/members',
      handle: ({ params, body }) => created(db.createPerson(params.clubId, 'member', parseBody(personBodySchema, body))),
    },
    {
      key: 'people.update',
      method: 'PUT',
      url: '/v1/members/:id',
      handle: ({ params, body }) => ok(db.updatePerson(params.id, 'member', parseBody(personBodySchema, body))),
    },
    {
      key: 'people.search',
      method: 'GET',
      url: '/v1/clubs/:clubId/people',
      handle: ({ params, query }) => ok({ items: db.searchPeople(params.clubId, parseBody(peopleQuerySchema, query)) }),
    },
    {
      key: 'people.changes',
      method: 'GET',
      url: '/v1/clubs/:clubId/people/changes',
      handle: ({ params, query }) => {
        const { since, limit } = parseBody(changesQuerySchema, query);
        return ok(db.changes(params.clubId, Number(since), limit));
      },
    },
    {
      key: 'people.get',
      method: 'GET',
      url: '/v1/people/:id',
      handle: ({ params }) => ok(db.getPerson(params.id)),
    },
    {
      key: 'staff.list',
      method: 'GET',
      url: '/v1/clubs/:clubId/staff',
      handle: ({ params }) => ok({ items: db.listStaff(params.clubId) }),
    },
    {
      key: 'leadSources.list',
      method: 'GET',
      url: '/v1/clubs/:clubId/lead-sources',
      handle: ({ params }) => ok({ items: db.listLeadSources(params.clubId) }),
    },
    {
      key: 'leadSources.create',
      method: 'POST',
      url: '/v1/clubs/:clubId/lead-sources',
      handle: ({ params, body }) => created(db.createLeadSource(params.clubId, parseBody(leadSourceBodySchema, body))),
    },
    {
      key: 'leadSources.update',
      method: 'PUT',
      url: '/v1/lead-sources/:id',
      handle: ({ params, body }) => ok(db.updateLeadSource(params.id, parseBody(leadSourceBodySchema, body))),
    },
  ];
}
