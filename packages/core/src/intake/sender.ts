/** `'*'` or the clients a sender may write. */
export type ClientScope = '*' | ReadonlySet<string>;

/**
 * Who sends records to the hub, as the intake sees it: a provider and the clients it may write. The
 * hub's authenticated API key maps to one; `connector import` picks one of the configured providers.
 */
export interface IntakeSender {
  /** The provider identifier, upper case (`INTOUCH`): the records' origin. */
  provider: string;
  clients: ClientScope;
  /** What vouches for the sender, for messages ("this API key"). */
  credential?: string;
}

/** True when the sender may write records of this client. */
export function mayWrite(sender: Pick<IntakeSender, 'clients'>, clientId: string): boolean {
  return sender.clients === '*' || sender.clients.has(clientId);
}
