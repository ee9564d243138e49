import type { MemberOperations, PersonWrite } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';
import { reportDroppedFields, toMindbodyClient } from '../mapping/client.mapper';
import { MindbodySoapOptionsToken, type MindbodySoapOptions } from '../mindbody-soap.options';

/**
 * Members: MINDBODY clients with IsProspect false. MINDBODY has no conversion call of its own: a prospect
 * becomes a member when its linked client is saved with IsProspect false (core does that through `save`).
 */
@injectable()
export class MindbodySoapMembers implements MemberOperations {
  constructor(
    @inject(MindbodySoapApi) private readonly api: MindbodySoapApi,
    @inject(MindbodySoapOptionsToken) private readonly options: MindbodySoapOptions,
  ) {}

  save(input: PersonWrite, platformId?: string): Promise<string> {
    reportDroppedFields(input);
    return this.api.addOrUpdateClient(toMindbodyClient(input, { id: platformId, isProspect: false, salesRepNumber: this.options.salesRepNumber }));
  }
}
