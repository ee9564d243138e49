import fs from 'node:fs';
import path from 'node:path';

/** MINDBODY's own WSDLs, as kept (unmodified) in `shared/specs/mindbody` beside the repository. */
export interface MindbodySpecs {
  dir: string;
  /** SOAP API 0_5_1 Client Service (AddOrUpdateClients, GetClients, GetClientReferralTypes, …). */
  clientServiceWsdl: string;
  /** SOAP API 0_5 Staff Service (GetStaff). */
  staffServiceWsdl: string;
}

const CLIENT_SERVICE_FILE = 'mindbody-v5.1-ClientService.wsdl';
const STAFF_SERVICE_FILE = 'mindbody-v5.0-StaffService.wsdl';

/** The repository root: the nearest folder above `from` that holds nx.json. */
function repositoryRoot(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Finds MINDBODY's vendor files. They are not copied into the project: they live in `shared/specs/mindbody`
 * as a sibling of the repository root (CI clones the repository with `shared/` beside it). Returns
 * undefined when they are absent, so suites can skip and say why.
 */
export function findMindbodySpecs(from: string = __dirname): MindbodySpecs | undefined {
  const root = repositoryRoot(from);
  if (!root) return undefined;
  const dir = path.resolve(root, '..', 'shared', 'specs', 'mindbody');
  const specs = { dir, clientServiceWsdl: path.join(dir, CLIENT_SERVICE_FILE), staffServiceWsdl: path.join(dir, STAFF_SERVICE_FILE) };
  return fs.existsSync(specs.clientServiceWsdl) && fs.existsSync(specs.staffServiceWsdl) ? specs : undefined;
}

/** Why MINDBODY suites are skipped when {@link findMindbodySpecs} finds nothing. */
export const MINDBODY_SPECS_MISSING =
  'MINDBODY vendor WSDLs not found: expected shared/specs/mindbody/ beside the repository root ' +
  `(${CLIENT_SERVICE_FILE}, ${STAFF_SERVICE_FILE}); skipping the MINDBODY SOAP suites.`;
