import type { MemberOperations, PersonWrite, ProspectOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { WebhookSender } from '../webhook-sender';

/** Prospects: each create or change is one `prospect.created` / `prospect.updated` event. */
@injectable()
export class WebhookProspects implements ProspectOperations {
  constructor(@inject(WebhookSender) private readonly sender: WebhookSender) {}

  create(input: PersonWrite): Promise<string> {
    return this.sender.sendPerson('prospect.created', input);
  }

  async update(receiverId: string, input: PersonWrite): Promise<string> {
    return this.sender.sendPerson('prospect.updated', input, receiverId);
  }
}

/** Members: created, updated, and `member.converted` when a prospect the receiver had becomes a member. */
@injectable()
export class WebhookMembers implements MemberOperations {
  constructor(@inject(WebhookSender) private readonly sender: WebhookSender) {}

  create(input: PersonWrite): Promise<string> {
    return this.sender.sendPerson('member.created', input);
  }

  async update(receiverId: string, input: PersonWrite): Promise<string> {
    return this.sender.sendPerson('member.updated', input, receiverId);
  }

  async convertProspect(receiverId: string, input: PersonWrite): Promise<string> {
    return this.sender.sendPerson('member.converted', input, receiverId);
  }
}
