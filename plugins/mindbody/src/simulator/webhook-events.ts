import type { MindbodyClient } from '../api/mindbody-api.types';
import type { SiteEvent } from './mindbody-site.database';

/**
 * The `eventData` MINDBODY sends for a site event, in the Webhooks API's camelCase: client events carry
 * the whole client (with `previousEmail` on client.updated), clientMembershipAssignment.created only
 * names the client and the membership.
 */
export function eventDataOf(event: SiteEvent, siteId: string, rendered: MindbodyClient): Record<string, unknown> {
  const { client } = event;
  const base = { siteId: Number(siteId), clientId: client.Id, clientUniqueId: client.UniqueId };
  if (event.eventId === 'clientMembershipAssignment.created') {
    return {
      ...base,
      clientFirstName: client.FirstName,
      clientLastName: client.LastName,
      clientEmail: client.Email ?? null,
      membershipId: event.membership.membershipId,
      membershipName: event.membership.name,
    };
  }
  return {
    ...base,
    creationDateTime: client.CreationDate,
    status: rendered.Status,
    firstName: client.FirstName,
    lastName: client.LastName,
    email: client.Email ?? null,
    mobilePhone: client.MobilePhone ?? null,
    homePhone: client.HomePhone ?? null,
    workPhone: client.WorkPhone ?? null,
    addressLine1: client.AddressLine1 ?? null,
    addressLine2: client.AddressLine2 ?? null,
    city: client.City ?? null,
    state: client.State ?? null,
    postalCode: client.PostalCode ?? null,
    country: client.Country ?? null,
    birthDateTime: client.BirthDate ?? null,
    gender: client.Gender ?? null,
    referredBy: client.ReferredBy ?? null,
    isProspect: !!client.IsProspect,
    inactive: client.Active === false,
    homeLocation: client.HomeLocation?.Id ?? null,
    ...(event.eventId === 'client.updated' ? { previousEmail: event.previousEmail ?? null } : {}),
  };
}
