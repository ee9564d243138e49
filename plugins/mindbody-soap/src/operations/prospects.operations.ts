import { PluginOptionsToken, type MemberOperations, type PersonWrite, type ProspectOperations } from '@connector/core';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';
import { droppedPersonFields, toMindbodyClient } from '../mapping/client.mapper';
import type { MindbodySoapOptions } from '../mindbody-soap.options';

/**
 * Writes one person through AddOrUpdateClients; the returned client ID is the link. What MINDBODY has no
 * place for is reported (core logs a WARNING), never dropped silently.
 */
function saveClient(api: MindbodySoapApi, options: MindbodySoapOptions, input: PersonWrite, platformId: string | undefined, isProspect: boolean): Promise<string> {
  const client = toMindbodyClient(input, { id: platformId, isProspect, salesRepNumber: options.salesRepNumber });
  for (const field of droppedPersonFields(input.person)) input.warn?.(`${field} not sent: a MINDBODY (SOAP 0.5.1) client has no field for it`);
  return api.addOrUpdateClient(client);
}

/** Prospects: MINDBODY clients with IsProspect true. */
@injectable()
export class MindbodySoapProspects implements ProspectOperations {
  constructor(
    @inject(MindbodySoapApi) private readonly api: MindbodySoapApi,
    @inject(PluginOptionsToken) private readonly options: Record<string, unknown>,
  ) {}

  save(input: PersonWrite, platformId?: string): Promise<string> {
    return saveClient(this.api, this.options as MindbodySoapOptions, input, platformId, true);
  }
}

/**
 * Members: MINDBODY clients with IsProspect false. MINDBODY has no conversion call of its own: a prospect
 * becomes a member when its linked client is saved with IsProspect false (core does that through `save`).
 */
@injectable()
export class MindbodySoapMembers implements MemberOperations {
  constructor(
    @inject(MindbodySoapApi) private readonly api: MindbodySoapApi,
    @inject(PluginOptionsToken) private readonly options: Record<string, unknown>,
  ) {}

  save(input: PersonWrite, platformId?: string): Promise<string> {
    return saveClient(this.api, this.options as MindbodySoapOptions, input, platformId, false);
  }
}
