import { ConfigurationError, NotFoundError, WebhookSignatureError } from '../errors/connector-error';
import type { ConnectorLog } from '../log/connector-log';
import type { PlatformPerson, WebhookRequest } from '../plugin/operations';
import type { PlatformRuntime } from '../runtime/platform-runtime';
import type { InboundSync } from './inbound-sync';

/** What a webhook request did, once its changes are durable. */
export interface WebhookOutcome {
  messages: number;
  /** Messages applied before (a redelivery): they changed nothing. */
  duplicates: number;
  /** Hub records created or changed. */
  saved: number;
}

/**
 * Takes one webhook request of a turn-up: the plugin verifies it (a bad signature is logged, as an
 * INBOUND WARNING without the body, and refused), each message's people (or the people it names, read
 * through the plugin's `get`) go through {@link InboundSync} and are applied with the message ID in one
 * transaction, so a redelivered message changes nothing. Resolves once every change is durable.
 */
export async function receiveWebhook(runtime: PlatformRuntime, sync: InboundSync, log: ConnectorLog, request: WebhookRequest): Promise<WebhookOutcome> {
  const webhooks = runtime.webhooks;
  if (!webhooks) throw new NotFoundError(`${runtime.displayName} (${runtime.turnUp.platform}) takes no webhooks`);
  const firstClub = Object.keys(runtime.turnUp.clubs)[0] ?? runtime.client.clubs[0].id;
  let messages;
  try {
    messages = await webhooks.receive(request);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      await sync.store.appendLog(
        log.inbound({
          clientId: runtime.client.id,
          clubId: firstClub,
          level: 'WARNING',
          provider: runtime.turnUp.provider,
          summary: `A webhook from ${runtime.displayName} was refused (401): ${error.message}; nothing changed`,
          details: { channel: 'webhook', reason: error.code, bytes: request.rawBody.length },
        }),
      );
    }
    throw error;
  }
  const outcome: WebhookOutcome = { messages: messages.length, duplicates: 0, saved: 0 };
  for (const message of messages) {
    const people: PlatformPerson[] = [...(message.people ?? [])];
    for (const named of message.changed ?? []) {
      const pull = runtime.pull;
      if (!pull?.get) throw new ConfigurationError(`${runtime.displayName}'s webhooks name people but its plugin cannot read one (pull.get)`);
      const club = runtime.clubContext(hubClubOf(runtime, named.platformClubId) ?? firstClub)!;
      const person = await pull.get(named.platformId, club);
      if (person) people.push(person);
    }
    const clubId = hubClubOf(runtime, people[0]?.platformClubId) ?? firstClub;
    const prepared = await sync.prepare(runtime, people, runtime.clubContext(clubId)!, 'webhook');
    const result = await sync.apply(runtime, prepared.changes, { messageId: message.messageId });
    if (result.duplicate) outcome.duplicates += 1;
    outcome.saved += result.saved.filter((saved) => saved.changed).length;
  }
  return outcome;
}

function hubClubOf(runtime: PlatformRuntime, platformClubId: string | undefined): string | undefined {
  if (platformClubId === undefined) return undefined;
  return Object.entries(runtime.turnUp.clubs).find(([, id]) => id === platformClubId)?.[0];
}
