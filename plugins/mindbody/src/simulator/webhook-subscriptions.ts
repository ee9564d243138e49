import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';

/** A subscription of the simulated Webhooks API (the `Subscription` schema, with its signature key). */
export interface SimulatedSubscription {
  subscriptionId: string;
  eventIds: string[];
  eventSchemaVersion: number;
  referenceId?: string;
  webhookUrl: string;
  status: 'PendingActivation' | 'Active' | 'DeactivatedByUser';
  statusChangeDate: string;
  subscriptionCreationDateTime: string;
  messageSignatureKey: string;
}

/** The Webhooks API's control plane under `/api/v1/subscriptions`, as the simulator's push-api host. */
export const SUBSCRIPTIONS_PATH = '/api/v1/subscriptions';

type PushError = { errorCode: string; errorType: string; errorMessage: string };

function refuse(reply: FastifyReply, status: number, error: PushError) {
  return reply.code(status).send({ errors: [error] });
}

/**
 * The subscriptions of the simulated Webhooks API: created PendingActivation (the answer carries the
 * messageSignatureKey, the only time it is shown), activated by PATCH `status: "Active"`, deactivated by
 * DELETE. Every call needs the developer's `API-Key` header. Answers use the spec's `PushApiResult`
 * envelope (`{ isSuccess, errorInformation, value }`).
 */
export class WebhookSubscriptions {
  private readonly subscriptions = new Map<string, SimulatedSubscription>();

  constructor(
    private readonly apiKey: string,
    private readonly now: () => string,
  ) {}

  /** The Active subscriptions that asked for `eventId`. */
  activeFor(eventId: string): SimulatedSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.status === 'Active' && s.eventIds.includes(eventId));
  }

  /** Every subscription, for assertions. */
  all(): SimulatedSubscription[] {
    return [...this.subscriptions.values()].map((s) => ({ ...s, eventIds: [...s.eventIds] }));
  }

  /** Adds the control plane's routes to the simulator's server. */
  register(server: FastifyInstance): void {
    const result = (value: unknown) => ({ isSuccess: true, errorInformation: [], value });
    const view = ({ messageSignatureKey: _key, ...subscription }: SimulatedSubscription) => subscription;
    const guard = (request: FastifyRequest, reply: FastifyReply): boolean => {
      const key = request.headers['api-key'];
      if (typeof key !== 'string' || key === '') {
        void refuse(reply, 401, {
          errorCode: '14010001',
          errorType: 'missingAPIKeyHeader',
          errorMessage: 'An API-Key Header was expected in the request but was not provided.',
        });
        return false;
      }
      if (key !== this.apiKey) {
        void refuse(reply, 401, { errorCode: '14010002', errorType: 'invalidAPIKey', errorMessage: 'The API-Key is not valid.' });
        return false;
      }
      return true;
    };
    const find = (request: FastifyRequest, reply: FastifyReply): SimulatedSubscription | undefined => {
      const { subscriptionId } = request.params as { subscriptionId: string };
      const found = this.subscriptions.get(subscriptionId);
      if (!found) void refuse(reply, 404, { errorCode: '14040001', errorType: 'subscriptionNotFound', errorMessage: `No subscription ${subscriptionId}` });
      return found;
    };

    server.post(SUBSCRIPTIONS_PATH, async (request, reply) => {
      if (!guard(request, reply)) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const eventIds = body.eventIds;
      if (!Array.isArray(eventIds) || eventIds.length === 0 || !eventIds.every((id) => typeof id === 'string' && id !== '')) {
        return refuse(reply, 400, { errorCode: '14000001', errorType: 'invalidEventIds', errorMessage: 'eventIds must be a non-empty list of event IDs' });
      }
      if (typeof body.webhookUrl !== 'string' || !/^https?:\/\//.test(body.webhookUrl)) {
        return refuse(reply, 400, { errorCode: '14000002', errorType: 'invalidWebhookUrl', errorMessage: 'webhookUrl must be an http(s) URL' });
      }
      if (body.eventSchemaVersion !== undefined && body.eventSchemaVersion !== 1) {
        return refuse(reply, 400, {
          errorCode: '14000003',
          errorType: 'invalidEventSchemaVersion',
          errorMessage: 'eventSchemaVersion: 1 is the only accepted value',
        });
      }
      const now = this.now();
      const subscription: SimulatedSubscription = {
        subscriptionId: randomUUID(),
        eventIds: [...(eventIds as string[])],
        eventSchemaVersion: 1,
        referenceId: typeof body.referenceId === 'string' ? body.referenceId : undefined,
        webhookUrl: body.webhookUrl,
        status: 'PendingActivation',
        statusChangeDate: now,
        subscriptionCreationDateTime: now,
        messageSignatureKey: randomBytes(32).toString('base64'),
      };
      this.subscriptions.set(subscription.subscriptionId, subscription);
      // The only answer that carries the key.
      return reply.code(200).send(result({ ...subscription }));
    });
    server.get(SUBSCRIPTIONS_PATH, async (request, reply) => {
      if (!guard(request, reply)) return reply;
      return reply.code(200).send(result({ items: [...this.subscriptions.values()].map(view) }));
    });
    server.get(`${SUBSCRIPTIONS_PATH}/:subscriptionId`, async (request, reply) => {
      if (!guard(request, reply)) return reply;
      const found = find(request, reply);
      return found ? reply.code(200).send(result(view(found))) : reply;
    });
    server.patch(`${SUBSCRIPTIONS_PATH}/:subscriptionId`, async (request, reply) => {
      if (!guard(request, reply)) return reply;
      const found = find(request, reply);
      if (!found) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.status !== undefined && body.status !== 'Active') {
        return refuse(reply, 400, { errorCode: '14000004', errorType: 'invalidStatus', errorMessage: 'status: only "Active" can be set (DELETE deactivates)' });
      }
      if (body.status === 'Active' && found.status !== 'Active') Object.assign(found, { status: 'Active', statusChangeDate: this.now() });
      if (typeof body.webhookUrl === 'string') found.webhookUrl = body.webhookUrl;
      if (Array.isArray(body.eventIds)) found.eventIds = body.eventIds.map(String);
      if (typeof body.referenceId === 'string') found.referenceId = body.referenceId;
      return reply.code(200).send(result(view(found)));
    });
    server.delete(`${SUBSCRIPTIONS_PATH}/:subscriptionId`, async (request, reply) => {
      if (!guard(request, reply)) return reply;
      const found = find(request, reply);
      if (!found) return reply;
      Object.assign(found, { status: 'DeactivatedByUser', statusChangeDate: this.now() });
      return reply.code(200).send(
        result({
          subscriptionId: found.subscriptionId,
          referenceId: found.referenceId,
          deactivationDateTime: this.now(),
          message: 'Subscription deactivated successfully.',
        }),
      );
    });
  }
}
