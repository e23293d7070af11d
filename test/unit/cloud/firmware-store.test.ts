import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../electron/cloud/errors.ts';
import { FirmwareStore } from '../../../electron/cloud/firmware-store.ts';
import { readFirmwareHeader } from '../../../shared/firmware-image.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('FirmwareStore', () => {
  it('offers main 1.4.0 and sub 1.1.2 by default, one version ahead of a fresh virtual device', () => {
    const store = new FirmwareStore();
    expect(store.latest('main')).toMatchObject({ version: '1.4.0', fileName: 'main-1.4.0.bin' });
    expect(store.latest('sub')).toMatchObject({ version: '1.1.2', fileName: 'sub-1.1.2.bin' });
    expect(store.latest('main').image.length).toBe(262_144);
    expect(store.latest('sub').image.length).toBe(65_536);
  });

  it('generates images whose header carries target and version, with their own sha256', () => {
    const release = new FirmwareStore().publish({ target: 'sub', version: '2.0.1', size: 1000 });
    expect(readFirmwareHeader(release.image)).toEqual({ target: 'sub', version: '2.0.1' });
    expect(release.image.length).toBe(1000);
    expect(release.sha256).toBe(sha256(release.image));
  });

  it('generates the same bytes for the same target, version and size', () => {
    const a = new FirmwareStore().publish({ target: 'main', version: '1.5.0', size: 5000 });
    const b = new FirmwareStore().publish({ target: 'main', version: '1.5.0', size: 5000 });
    expect(a.image.equals(b.image)).toBe(true);
  });

  it('keeps older releases downloadable and renames a republished version', () => {
    const store = new FirmwareStore();
    store.publish({ target: 'main', version: '1.5.0', size: 100 });
    const again = store.publish({ target: 'main', version: '1.5.0', size: 200 });
    expect(again.fileName).toBe('main-1.5.0-r2.bin');
    expect(store.latest('main')).toBe(again);
    expect(store.byFileName('main-1.4.0.bin')?.version).toBe('1.4.0');
    expect(store.byFileName('main-1.5.0.bin')?.image.length).toBe(100);
  });

  it('serves uploaded bytes and an advertised sha256 exactly as given', () => {
    const bytes = Buffer.from('corrupted');
    const release = new FirmwareStore().publish({ target: 'sub', version: '9.9.9', bytes, sha256: 'AB'.repeat(32) });
    expect(release.image).toEqual(bytes);
    expect(release.sha256).toBe('ab'.repeat(32));
  });

  it.each([
    [{ version: '1.0/../x' }, /version/],
    [{ version: '' }, /version/],
    [{ version: '1.0.0', size: 10 }, /size/],
    [{ version: '1.0.0', size: 1.5 }, /size/],
    [{ version: '1.0.0', sha256: 'xyz' }, /sha256/],
  ])('rejects %o', (request, message) => {
    expect(() => new FirmwareStore().publish({ target: 'main', ...request })).toThrow(CloudError);
    expect(() => new FirmwareStore().publish({ target: 'main', ...request })).toThrow(message);
  });
});
