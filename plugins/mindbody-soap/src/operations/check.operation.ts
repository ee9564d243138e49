import type { CheckOperation, CheckResult } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';
import { MindbodySoapOptionsToken, type MindbodySoapOptions } from '../mindbody-soap.options';

/**
 * Proves the turn-up with one cheap authenticated call, GetRequiredClientFields: wrong source credentials,
 * site or staff login fail with MINDBODY's InvalidCredentials message (AuthenticationError). It also tells
 * the operator which client fields the site requires, since deliveries without them fail.
 */
@injectable()
export class MindbodySoapCheck implements CheckOperation {
  constructor(
    @inject(MindbodySoapApi) private readonly api: MindbodySoapApi,
    @inject(MindbodySoapOptionsToken) private readonly options: MindbodySoapOptions,
  ) {}

  async check(): Promise<CheckResult> {
    const required = await this.api.getRequiredClientFields();
    const site = this.options.siteId;
    return { detail: `site ${site}: credentials accepted; required client fields: ${required.length > 0 ? required.join(', ') : 'none'}` };
  }
}
