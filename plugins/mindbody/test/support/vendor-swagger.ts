import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (this file is plugins/mindbody/test/support/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * MINDBODY's own swagger, never copied into the repository: it lives in the `shared` folder beside the
 * repository root (CI clones the repository with shared/ next to it).
 */
export const VENDOR_SWAGGER = path.resolve(REPO_ROOT, '../shared/specs/mindbody/mindbody-public-api-v6.swagger.json');

/** Whether the vendor swagger is there to test against. */
export const hasVendorSwagger = (): boolean => existsSync(VENDOR_SWAGGER);
