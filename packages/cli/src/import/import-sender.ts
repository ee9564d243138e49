import type { IntakeSender } from '@connector/core';
import { CliError } from '../cli-error';
import { coreModule } from '../lazy';

/** The provider an import sends as when a line names none, and why it is that one (printed). */
export interface ImportSender {
  sender?: IntakeSender;
  /** One line for the summary: which provider, and why. */
  note?: string;
  /** Why lines without an identifier column cannot be sent (several providers may write the client). */
  missing?: string;
}

function names(senders: readonly IntakeSender[]): string {
  return senders.map((s) => s.provider).join(', ') || 'none';
}

/** The configured provider named `id` (case-insensitively), if there is one. */
export function configuredSender(senders: readonly IntakeSender[], id: string): IntakeSender | undefined {
  const wanted = id.trim().toUpperCase();
  return senders.find((s) => s.provider.toUpperCase() === wanted);
}

/**
 * Who an import sends as. A record's origin is its provider: saved as a provider no configuration names,
 * a CRM's export would re-create every person the CRM already sent (another origin, another record). So
 * the provider must be one of the configuration's, allowed to write the client; without `--provider` it
 * is the only one that may write the client, and the import says so.
 *
 * @throws CliError when `--provider` names a provider that is not configured or may not write the client.
 */
export function chooseImportSender(senders: readonly IntakeSender[], clientId: string, provider: string | undefined): ImportSender {
  if (provider !== undefined) {
    const sender = configuredSender(senders, provider);
    if (!sender) throw new CliError(`--provider ${provider} is not a provider of the configuration (providers: ${names(senders)})`);
    if (!coreModule().mayWrite(sender, clientId))
      throw new CliError(`provider ${sender.provider} may not write client ${clientId} (see its clients under providers in the configuration)`);
    return { sender, note: `provider ${sender.provider} (--provider)` };
  }
  const writers = senders.filter((s) => coreModule().mayWrite(s, clientId));
  if (writers.length === 1)
    return { sender: writers[0], note: `provider ${writers[0].provider} (the only provider that may write client ${clientId}; --provider names another)` };
  if (writers.length === 0) {
    throw new CliError(
      `no provider of the configuration may write client ${clientId}: add one under providers (the platform the records come from), with ${clientId} among its clients`,
    );
  }
  return { missing: `give an identifier column or --provider: ${names(writers)} may write client ${clientId}` };
}
