import { MINDBODY_CLIENT_EVENT_IDS } from './webhook-event';

/** MINDBODY's Webhooks API host. */
export const MINDBODY_WEBHOOKS_API_URL = 'https://push-api.mindbodyonline.com';

/** Where and as whom to call the Webhooks API's control plane. */
export interface MindbodyWebhooksApiAccess {
  /** The developer account's API key (an API key of the developer portal, sent as `API-Key`). */
  apiKey: string;
  /** Default {@link MINDBODY_WEBHOOKS_API_URL}; a simulator's URL in tests. */
  baseUrl?: string;
}

/** A subscription as the control plane answers it (`messageSignatureKey` only when it is created). */
export interface MindbodySubscription {
  subscriptionId: string;
  status: string;
  webhookUrl: string;
  eventIds: string[];
  referenceId?: string;
  messageSignatureKey?: string;
}

async function call(access: MindbodyWebhooksApiAccess, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<MindbodySubscription> {
  const url = `${(access.baseUrl ?? MINDBODY_WEBHOOKS_API_URL).replace(/\/+$/, '')}${path}`;
  const answer = await fetch(url, { method, headers: { 'content-type': 'application/json', 'API-Key': access.apiKey }, body: JSON.stringify(body) });
  const text = await answer.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Not JSON: the status alone says what went wrong.
  }
  if (!answer.ok) {
    const errors = (json.errors ?? json.errorInformation) as Array<{ errorMessage?: string }> | undefined;
    const reason =
      errors
        ?.map((e) => e.errorMessage)
        .filter(Boolean)
        .join('; ') || text.slice(0, 200);
    throw new Error(`${method} ${path}: MINDBODY answered ${answer.status}${reason ? `: ${reason}` : ''}`);
  }
  // The spec wraps answers in a PushApiResult (`value`); MINDBODY's documentation shows them bare.
  const value = (json.value ?? json) as MindbodySubscription;
  if (typeof value?.subscriptionId !== 'string') throw new Error(`${method} ${path}: the answer has no subscriptionId`);
  return value;
}

/**
 * Creates a Webhooks API subscription (`POST /api/v1/subscriptions`): MINDBODY will post the client
 * events to `webhookUrl` once it is activated. The answer's `messageSignatureKey` is shown this once:
 * store it as the turn-up's `webhookSignatureKey`.
 */
export function createMindbodySubscription(
  access: MindbodyWebhooksApiAccess,
  subscription: { webhookUrl: string; eventIds?: readonly string[]; referenceId?: string },
): Promise<MindbodySubscription> {
  return call(access, 'POST', '/api/v1/subscriptions', {
    eventIds: [...(subscription.eventIds ?? MINDBODY_CLIENT_EVENT_IDS)],
    eventSchemaVersion: 1,
    webhookUrl: subscription.webhookUrl,
    ...(subscription.referenceId ? { referenceId: subscription.referenceId } : {}),
  });
}

/** Activates a subscription (`PATCH /api/v1/subscriptions/{id}` with `status: "Active"`). */
export function activateMindbodySubscription(access: MindbodyWebhooksApiAccess, subscriptionId: string): Promise<MindbodySubscription> {
  return call(access, 'PATCH', `/api/v1/subscriptions/${encodeURIComponent(subscriptionId)}`, { status: 'Active' });
}
