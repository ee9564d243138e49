/**
 * The subset of MINDBODY Public API v6 wire types the plugin and its simulator use, named after the
 * definitions of the vendor's swagger (`Mindbody.PublicApi.Dto.Models.V6.*`). Fields are optional as in
 * the swagger, which marks almost nothing required.
 */

/** `PaginationResponse`: every paged list answers with one. */
export interface MindbodyPagination {
  RequestedLimit?: number;
  RequestedOffset?: number;
  PageSize?: number;
  TotalResults?: number;
}

/** `UserTokenController.IssueRequest`. */
export interface MindbodyIssueRequest {
  Username: string;
  Password: string;
}

/** `UserTokenController.IssueResponse`. */
export interface MindbodyIssueResponse {
  TokenType?: string;
  AccessToken?: string;
  /** Token expiration in UTC (date-time). */
  Expires?: string;
  User?: { Id?: number; FirstName?: string; LastName?: string; Type?: string };
}

/** `SalesRep`: a staff member assigned to a client as one of its (up to six) sales reps. */
export interface MindbodySalesRep {
  Id?: number;
  FirstName?: string;
  LastName?: string;
  /** Which of the site's sales rep slots (1 to 6) this assignment fills. */
  SalesRepNumber?: number;
  SalesRepNumbers?: number[];
}

/** `Location` (only the fields used here). */
export interface MindbodyLocation {
  Id?: number;
  Name?: string;
  SiteID?: number;
  Address?: string;
  City?: string;
}

/** The client fields the plugin writes: common to `AddClientRequest` and `ClientWithSuspensionInfo`. */
export interface MindbodyClientFields {
  FirstName?: string;
  LastName?: string;
  Email?: string;
  MobilePhone?: string;
  HomePhone?: string;
  WorkPhone?: string;
  AddressLine1?: string;
  AddressLine2?: string;
  City?: string;
  State?: string;
  PostalCode?: string;
  Country?: string;
  /** date-time (RFC 3339: the swagger's `format`). */
  BirthDate?: string;
  Gender?: string;
  IsProspect?: boolean;
  Active?: boolean;
  /** One of the strings `GET client/clientreferraltypes` lists. */
  ReferredBy?: string;
  SalesReps?: MindbodySalesRep[];
  HomeLocation?: MindbodyLocation;
  /** date-time. */
  CreationDate?: string;
}

/** `ClientController.AddClientRequest` (FirstName and LastName required). */
export interface MindbodyAddClientRequest extends MindbodyClientFields {
  FirstName: string;
  LastName: string;
  /** When true MINDBODY validates and stores nothing. */
  Test?: boolean;
}

/** `ClientWithSuspensionInfo` (as answered and as sent to `updateclient`). */
export interface MindbodyClient extends MindbodyClientFields {
  /** The client's ID (RSSID): the ID every client call of the API uses. */
  Id?: string;
  UniqueId?: number;
  LastModifiedDateTime?: string;
  Status?: string;
}

/** `ClientController.UpdateClientRequest`. */
export interface MindbodyUpdateClientRequest {
  Client: MindbodyClient & { Id: string };
  Test?: boolean;
  CrossRegionalUpdate?: boolean;
}

/** `AddClientResponse` / `UpdateClientResponse`. */
export interface MindbodyClientResponse {
  Client?: MindbodyClient;
}

/** `ClientController.GetClientsResponse`. */
export interface MindbodyGetClientsResponse {
  PaginationResponse?: MindbodyPagination;
  Clients?: MindbodyClient[];
}

/** `ClientController.GetClientReferralTypesResponse`: referral types are plain strings. */
export interface MindbodyGetClientReferralTypesResponse {
  ReferralTypes?: string[];
}

/** `Staff` (only the fields used here). */
export interface MindbodyStaffMember {
  Id?: number;
  FirstName?: string;
  LastName?: string;
  Email?: string;
  Name?: string;
}

/** `StaffController.GetStaffResponse`. */
export interface MindbodyGetStaffResponse {
  PaginationResponse?: MindbodyPagination;
  StaffMembers?: MindbodyStaffMember[];
}

/** `SiteController.GetLocationsResponse`. */
export interface MindbodyGetLocationsResponse {
  PaginationResponse?: MindbodyPagination;
  Locations?: MindbodyLocation[];
}

/** How MINDBODY answers an error: `{ "Error": { "Message": "...", "Code": "..." } }`. */
export interface MindbodyErrorBody {
  Error: { Message: string; Code: string };
}
