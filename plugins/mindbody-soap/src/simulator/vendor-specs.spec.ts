import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findMindbodySpecs } from './vendor-specs';

describe('findMindbodySpecs', () => {
  let base: string;
  beforeEach(() => {
    // A CI-like layout: the repository cloned into some folder, `shared/` maybe beside it.
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-specs-'));
    fs.mkdirSync(path.join(base, 'checkout', 'plugins', 'mindbody-soap', 'src', 'simulator'), { recursive: true });
    fs.writeFileSync(path.join(base, 'checkout', 'nx.json'), '{}');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));
  const from = () => path.join(base, 'checkout', 'plugins', 'mindbody-soap', 'src', 'simulator');

  it('finds the WSDLs in shared/specs/mindbody beside the repository root, whatever the root is called', () => {
    const dir = path.join(base, 'shared', 'specs', 'mindbody');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mindbody-v5.1-ClientService.wsdl'), '<x/>');
    fs.writeFileSync(path.join(dir, 'mindbody-v5.0-StaffService.wsdl'), '<x/>');
    expect(findMindbodySpecs(from())).toEqual({
      dir,
      clientServiceWsdl: path.join(dir, 'mindbody-v5.1-ClientService.wsdl'),
      staffServiceWsdl: path.join(dir, 'mindbody-v5.0-StaffService.wsdl'),
    });
  });

  it('says nothing is there when shared/ is absent (the suites then skip)', () => {
    expect(findMindbodySpecs(from())).toBeUndefined();
  });

  const beside = path.resolve(__dirname, '../../../../..', 'shared', 'specs', 'mindbody');
  (fs.existsSync(beside) ? it : it.skip)("finds this repository's own, beside its root", () => {
    expect(findMindbodySpecs()?.dir).toBe(beside);
  });
});
