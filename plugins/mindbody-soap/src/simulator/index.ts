export {
  startMindbodySoapSimulator,
  type MindbodySoapSimulator,
  type MindbodySoapSimulatorTurnUp,
  type MindbodySoapSimulatorOptions,
  type ReceivedSoapRequest,
} from './mindbody-soap.simulator';
export type { SiteClient, SiteLocation, SiteStaff } from './mindbody-site.database';
export { findMindbodySpecs, MINDBODY_SPECS_MISSING, type MindbodySpecs } from './vendor-specs';
export { extractBodyPayload, soapFaultXml, type SoapBodyPayload } from './soap-envelope';
export { schemaFromWsdl, XsdValidator } from './xsd-validator';
