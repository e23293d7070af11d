import { afterEach, describe, expect, it } from 'vitest';
import { formatQfuplChecksum, qfuplChecksum } from '../../../../electron/engine/at/checksum.ts';
import {
  deleteFile,
  downloadFile,
  ensureFile,
  fileInfo,
  fileMatches,
  listFiles,
  parseQflds,
  parseQflst,
  parseTransferCheck,
  readStorageSpace,
  uploadFile,
  type FileEntry,
  type TransferCheck,
} from '../../../../electron/engine/quectel/file.ts';
import { createRig, disposeRigs, framed, sent, type Rig } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

const CA = Buffer.from('-----BEGIN CERTIFICATE-----\r\nMIIBszCCAVmgAwIBAgIUQ2Vy\r\n-----END CERTIFICATE-----\r\n', 'latin1');
const KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n', 'latin1');
const cks = (bytes: Uint8Array) => formatQfuplChecksum(qfuplChecksum(bytes));

/** The module side of a successful QFUPL of `bytes` as `name`. */
function uploadSteps(name: string, bytes: Buffer, report = `${bytes.length},${cks(bytes)}`) {
  return [
    { expect: `AT+QFUPL="${name}",${bytes.length},10`, reply: framed('CONNECT') },
    { expectBytes: bytes.length, reply: framed(`+QFUPL: ${report}`, 'OK') },
  ];
}

/** The module side of QFDWL returning `bytes`. */
function downloadStep(name: string, bytes: Buffer, report = `${bytes.length},${cks(bytes)}`) {
  return { expect: `AT+QFDWL="${name}"`, reply: [framed('CONNECT'), bytes, framed(`+QFDWL: ${report}`, 'OK')] };
}

describe('file parsers (lines quoted in docs/at-behaviour.md#files)', () => {
  it('AT+QFLST: files and directories; no files = bare OK', () => {
    expect(parseQflst(['+QFLST: "security/",2', '+QFLST: "cacert.pem",1758'])).toEqual([
      { name: 'security/', size: 2, isDirectory: true },
      { name: 'cacert.pem', size: 1758, isDirectory: false },
    ] satisfies FileEntry[]);
    expect(parseQflst([])).toEqual([]);
  });

  it.each([
    { line: '+QFUPL: 1758,2d13', check: { size: 1758, checksum: 0x2d13 } },
    { line: '+QFUPL: 1220,f5f', check: { size: 1220, checksum: 0xf5f } },
    { line: '+QFUPL: 10,372', check: { size: 10, checksum: 0x372 } },
    { line: '+QFUPL: 10,B34A', check: { size: 10, checksum: 0xb34a } },
  ] satisfies Array<{ line: string; check: TransferCheck }>)('$line', ({ line, check }) => {
    expect(parseTransferCheck([line], '+QFUPL')).toEqual(check);
  });

  it('a checksum that is not hex is an unexpected response', () => {
    expect(() => parseTransferCheck(['+QFUPL: 10,xyz'], '+QFUPL')).toThrow(/checksum/);
  });

  it('AT+QFLDS="UFS" → free, total', () => {
    expect(parseQflds(['+QFLDS: 53248,1048576'])).toEqual({ free: 53248, total: 1048576 });
  });
});

describe('uploadFile (S16)', () => {
  it('sends the command then exactly the file bytes (CRLF kept) and accepts the matching +QFUPL', async () => {
    const rig = await createRig({ echo: true, chunkSize: 7 });
    rig.modem.script(...uploadSteps('UFS:ca.pem', CA));
    await expect(uploadFile(rig.at, 'UFS:ca.pem', CA)).resolves.toEqual({ size: CA.length, checksum: qfuplChecksum(CA) });
    expect(rig.modem.received.equals(Buffer.concat([Buffer.from(`AT+QFUPL="UFS:ca.pem",${CA.length},10\r`), CA]))).toBe(true);
  });

  it('an existing file (+CME ERROR: 407, no CONNECT) is deleted and the upload repeated', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: `AT+QFUPL="UFS:ca.pem",${CA.length},10`, reply: framed('+CME ERROR: 407') },
      { expect: 'AT+QFDEL="UFS:ca.pem"', reply: framed('OK') },
      ...uploadSteps('UFS:ca.pem', CA),
    );
    await uploadFile(rig.at, 'UFS:ca.pem', CA);
    expect(rig.modem.lines).toEqual([`AT+QFUPL="UFS:ca.pem",${CA.length},10`, 'AT+QFDEL="UFS:ca.pem"', `AT+QFUPL="UFS:ca.pem",${CA.length},10`]);
    expect(rig.modem.rawBlocks).toEqual([CA]);
  });

  it.each([
    { case: 'checksum differs', report: `${CA.length},${(qfuplChecksum(CA) ^ 1).toString(16)}` },
    { case: 'bytes lost (size differs)', report: `${CA.length - 2},${cks(CA.subarray(0, -2))}` },
  ])('S16 $case → file-integrity error and the bad file is deleted', async ({ report }) => {
    const rig = await createRig();
    rig.modem.script(...uploadSteps('UFS:ca.pem', CA, report), { expect: 'AT+QFDEL="UFS:ca.pem"', reply: framed('OK') });
    await expect(uploadFile(rig.at, 'UFS:ca.pem', CA)).rejects.toMatchObject({ kind: 'file-integrity', command: 'AT+QFUPL' });
    await rig.modem.whenScriptDone();
    expect(rig.modem.lines.at(-1)).toBe('AT+QFDEL="UFS:ca.pem"');
  });

  it('K1: a secret upload is logged as size + checksum only; errors do not carry key bytes', async () => {
    const rig = await createRig();
    rig.modem.script(...uploadSteps('UFS:client.key', KEY, `${KEY.length},0`), { expect: 'AT+QFDEL="UFS:client.key"', reply: framed('OK') });
    const error = await uploadFile(rig.at, 'UFS:client.key', KEY, { secret: true }).catch((e: unknown) => e as Error);
    expect(rig.modem.rawBlocks[0]?.equals(KEY)).toBe(true);
    const log = JSON.stringify(rig.traffic);
    expect(log).not.toContain('PRIVATE KEY');
    expect(log).not.toContain('MIGHAgEAMBMGByqGSM49');
    expect(String(error)).not.toContain('PRIVATE KEY');
  });

  it('refuses an empty file or a name longer than 80 bytes before sending', async () => {
    const rig = await createRig();
    await expect(uploadFile(rig.at, 'UFS:empty', Buffer.alloc(0))).rejects.toMatchObject({ kind: 'invalid-parameter', param: 'bytes' });
    await expect(uploadFile(rig.at, `UFS:${'x'.repeat(80)}`, CA)).rejects.toMatchObject({ kind: 'invalid-parameter', param: 'filename' });
    expect(sent(rig)).toBe('');
  });
});

describe('list, delete, space, download', () => {
  it('AT+QFLST, AT+QFLST="<name>" (405 = absent), AT+QFDEL missingOk, AT+QFLDS="UFS"', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+QFLST', reply: framed('+QFLST: "ca.pem",1758', '+QFLST: "security/",2', 'OK') },
      { expect: 'AT+QFLST="UFS:ca.pem"', reply: framed('+QFLST: "ca.pem",1758', 'OK') },
      { expect: 'AT+QFLST="UFS:none.pem"', reply: framed('+CME ERROR: 405') },
      { expect: 'AT+QFDEL="UFS:none.pem"', reply: framed('+CME ERROR: 405') },
      { expect: 'AT+QFDEL="UFS:none.pem"', reply: framed('+CME ERROR: 405') },
      { expect: 'AT+QFLDS="UFS"', reply: framed('+QFLDS: 53248,1048576', 'OK') },
    );
    expect(await listFiles(rig.at)).toHaveLength(2);
    expect(await fileInfo(rig.at, 'UFS:ca.pem')).toEqual({ name: 'ca.pem', size: 1758, isDirectory: false });
    expect(await fileInfo(rig.at, 'UFS:none.pem')).toBeUndefined();
    await expect(deleteFile(rig.at, 'UFS:none.pem', { missingOk: true })).resolves.toBe(false);
    await expect(deleteFile(rig.at, 'UFS:none.pem')).rejects.toMatchObject({ code: 405 });
    expect(await readStorageSpace(rig.at)).toEqual({ free: 53248, total: 1048576 });
  });

  it('AT+QFDWL: receives exactly <size> bytes (containing OK and CRLF) and verifies +QFDWL', async () => {
    const rig = await createRig({ chunkSize: 5 });
    const tricky = Buffer.from('line1\r\nOK\r\n+QIURC: "x"\r\nend', 'latin1');
    rig.modem.script(downloadStep('UFS:t.txt', tricky));
    const data = await downloadFile(rig.at, 'UFS:t.txt', { size: tricky.length });
    expect(data.equals(tricky)).toBe(true);
  });

  it('AT+QFDWL with a wrong checksum → file-integrity', async () => {
    const rig = await createRig();
    rig.modem.script(downloadStep('UFS:t.txt', CA, `${CA.length},1`));
    await expect(downloadFile(rig.at, 'UFS:t.txt', { size: CA.length })).rejects.toMatchObject({ kind: 'file-integrity', command: 'AT+QFDWL' });
  });
});

describe('fileMatches / ensureFile (skip when size and content already match)', () => {
  const listing = (rig: Rig, name: string, size: number) => rig.modem.script({ expect: `AT+QFLST="${name}"`, reply: framed(`+QFLST: "${name.slice(4)}",${size}`, 'OK') });

  it('absent → upload; the module never sees QFDWL', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QFLST="UFS:ca.pem"', reply: framed('+CME ERROR: 405') }, ...uploadSteps('UFS:ca.pem', CA));
    await expect(ensureFile(rig.at, 'UFS:ca.pem', CA)).resolves.toMatchObject({ uploaded: true, reason: 'absent' });
    expect(rig.modem.lines.some((line) => line.startsWith('AT+QFDWL'))).toBe(false);
  });

  it('size differs → upload without reading back', async () => {
    const rig = await createRig();
    listing(rig, 'UFS:ca.pem', CA.length + 1);
    rig.modem.script(
      { expect: `AT+QFUPL="UFS:ca.pem",${CA.length},10`, reply: framed('+CME ERROR: 407') },
      { expect: 'AT+QFDEL="UFS:ca.pem"', reply: framed('OK') },
      ...uploadSteps('UFS:ca.pem', CA),
    );
    await expect(ensureFile(rig.at, 'UFS:ca.pem', CA)).resolves.toMatchObject({ uploaded: true, reason: 'size-differs' });
  });

  it('same size and same bytes (read back with QFDWL, checksum verified) → skipped', async () => {
    const rig = await createRig();
    listing(rig, 'UFS:ca.pem', CA.length);
    rig.modem.script(downloadStep('UFS:ca.pem', CA));
    await expect(ensureFile(rig.at, 'UFS:ca.pem', CA)).resolves.toMatchObject({ uploaded: false, reason: 'same' });
    expect(rig.modem.lines).toEqual(['AT+QFLST="UFS:ca.pem"', 'AT+QFDWL="UFS:ca.pem"']);
  });

  it('same size, other bytes → content-differs', async () => {
    const rig = await createRig();
    const other = Buffer.from(CA);
    other[40] = (other[40] ?? 0) ^ 0x20;
    listing(rig, 'UFS:ca.pem', CA.length);
    rig.modem.script(downloadStep('UFS:ca.pem', other));
    await expect(fileMatches(rig.at, 'UFS:ca.pem', CA)).resolves.toEqual({ matches: false, reason: 'content-differs', moduleSize: CA.length });
  });

  it('K1: a secret file of the same size is never read back, it is re-uploaded', async () => {
    const rig = await createRig();
    listing(rig, 'UFS:client.key', KEY.length);
    rig.modem.script(
      { expect: `AT+QFUPL="UFS:client.key",${KEY.length},10`, reply: framed('+CME ERROR: 407') },
      { expect: 'AT+QFDEL="UFS:client.key"', reply: framed('OK') },
      ...uploadSteps('UFS:client.key', KEY),
    );
    await expect(ensureFile(rig.at, 'UFS:client.key', KEY, { secret: true })).resolves.toMatchObject({ uploaded: true, reason: 'secret-not-read-back' });
    expect(rig.modem.lines.some((line) => line.startsWith('AT+QFDWL'))).toBe(false);
  });
});
