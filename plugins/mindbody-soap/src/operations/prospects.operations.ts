import type { PersonWrite, ProspectOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';
import { reportDroppedFields, toMindbodyClient } from '../mapping/client.mapper';
import { MindbodySoapOptionsToken, type MindbodySoapOptions } from '../mindbody-soap.options';

/**
 * Prospects: MINDBODY clients with IsProspect true, written through AddOrUpdateClients; the returned
 * client ID is the link.
 */
@injectable()
export class MindbodySoapProspects implements ProspectOperations {
  constructor(
    @inject(MindbodySoapApi) private readonly api: MindbodySoapApi,
    @inject(MindbodySoapOptionsToken) private readonly options: MindbodySoapOptions,
  ) {}

  save(input: PersonWrite, platformId?: string): Promise<string> {
    reportDroppedFields(input);
    return this.api.addOrUpdateClient(toMindbodyClient(input, { id: platformId, isProspect: true, salesRepNumber: this.options.salesRepNumber }));
  }
}
