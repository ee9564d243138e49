import type { CheckOperation, CheckResult } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { WebhookSender } from '../webhook-sender';

/**
 * Proves the turn-up: a signed `connector.check` event is answered 2xx. A receiver that fails the
 * signature answers 401 or 403, which the transport reports as an AuthenticationError.
 */
@injectable()
export class WebhookCheck implements CheckOperation {
  constructor(@inject(WebhookSender) private readonly sender: WebhookSender) {}

  async check(): Promise<CheckResult> {
    await this.sender.sendCheck();
    return { detail: 'the receiver accepted a signed connector.check event' };
  }
}
