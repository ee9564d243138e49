import type { MindbodyPagination } from './mindbody-api.types';

/** `ClientDuplicate`: a client that `client/clientduplicates` matched by first name, last name and email. */
export interface MindbodyClientDuplicate {
  /** The client's ID (the one every client call of the API uses). */
  Id?: string;
  /** The client's system-generated ID: the one `client/mergeclients` takes. */
  UniqueId?: number;
  FirstName?: string;
  LastName?: string;
  Email?: string;
}

/** `ClientController.GetClientDuplicatesResponse`. */
export interface MindbodyGetClientDuplicatesResponse {
  PaginationResponse?: MindbodyPagination;
  ClientDuplicates?: MindbodyClientDuplicate[];
}

/** `ClientController.MergeClientsRequest`: both IDs are `UniqueId`s (int64), not `Id`s. */
export interface MindbodyMergeClientsRequest {
  /** The client merged into the target (it is gone afterwards). */
  SourceClientId: number;
  /** The client that remains. */
  TargetClientId: number;
}
