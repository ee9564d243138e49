/** MINDBODY's result status (StatusCode in the WSDLs). */
export type MindbodyStatus = 'Success' | 'InvalidCredentials' | 'InvalidParameters' | 'InternalException' | 'Unknown' | 'FailedAction';

/** The MBResult part of every MINDBODY answer. */
export interface MindbodyResult {
  Status?: MindbodyStatus;
  ErrorCode?: number;
  Message?: string;
  ResultCount?: number;
  CurrentPageIndex?: number;
  TotalPageCount?: number;
}

/** MINDBODY's ArrayOfString as node-soap parses it (one item may come as a string, not an array). */
export interface ArrayOfString {
  string?: string | string[] | null;
}

/** A client as MINDBODY answers it (the fields the plugin reads). */
export interface MindbodyClient {
  Messages?: ArrayOfString;
  ErrorCode?: string;
  Action?: 'None' | 'Added' | 'Updated' | 'Failed' | 'Removed';
  ID?: string;
  FirstName?: string;
  LastName?: string;
  Email?: string;
  MobilePhone?: string;
  IsProspect?: boolean;
}

/** A staff member as GetStaff answers it (the fields the plugin reads). */
export interface MindbodyStaff {
  ID?: number | string | null;
  Email?: string;
  FirstName?: string;
  LastName?: string;
  Name?: string;
}

/** A sales rep slot of a client: the slot number and the staff member in it. */
export interface MindbodyRepWrite {
  ID: number;
  /** The XSD makes `isMale` required on every Staff element, even a reference by ID. */
  Staff: { ID: string; isMale: boolean };
}

/**
 * A client as the plugin writes it. Keys are in the order of the WSDL's `Client` sequence: node-soap
 * writes elements in key order and MINDBODY's schema fixes the order.
 */
export interface MindbodyClientWrite {
  Gender?: 'Male' | 'Female';
  Inactive?: boolean;
  Reps?: { Rep: MindbodyRepWrite[] };
  ID?: string;
  FirstName: string;
  LastName: string;
  Email?: string;
  AddressLine1?: string;
  AddressLine2?: string;
  City?: string;
  State?: string;
  PostalCode?: string;
  Country?: string;
  MobilePhone?: string;
  HomePhone?: string;
  WorkPhone?: string;
  /** xs:dateTime, `yyyy-mm-ddT00:00:00` */
  BirthDate?: string;
  ReferredBy?: string;
  HomeLocation?: { ID: number };
  IsProspect: boolean;
}
