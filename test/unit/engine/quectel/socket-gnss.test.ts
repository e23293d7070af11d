/** Socket and GNSS parsers of the command library (docs/at-behaviour.md#sockets, #qgpsloc) and their command-table rows. */
import { describe, expect, it } from 'vitest';
import { resolveCommand } from '../../../../electron/engine/at/command-spec.ts';
import { GNSS_ERRORS, parseQgpsloc } from '../../../../electron/engine/quectel/gnss.ts';
import {
  parseQigeterror,
  parseQiopenUrc,
  parseQirdCounters,
  parseQisendCounters,
  parseQistate,
  parseSocketUrc,
} from '../../../../electron/engine/quectel/socket.ts';
import { formatQgpsloc, GNSS_ERR } from '../../../../electron/sim/services/gnss.ts';

describe('socket parsers', () => {
  it.each([
    { line: '+QIOPEN: 0,0', want: { connectId: 0, err: 0 } },
    { line: '+QIOPEN: 11,566', want: { connectId: 11, err: 566 } },
  ])('$line', ({ line, want }) => expect(parseQiopenUrc(line)).toEqual(want));

  it('rejects a +QIOPEN line without <err>', () => {
    expect(() => parseQiopenUrc('+QIOPEN: 0')).toThrow(/err/);
  });

  it.each([
    { line: '+QIURC: "recv",3', want: { kind: 'recv', connectId: 3 } },
    { line: '+QIURC: "closed",0', want: { kind: 'closed', connectId: 0 } },
    { line: '+QIURC: "pdpdeact",1', want: undefined },
    { line: '+QMTSTAT: 0,1', want: undefined },
  ])('URC $line', ({ line, want }) => expect(parseSocketUrc(line)).toEqual(want));

  it('QISTATE lines (the BG95 TCP/IP AN example shape)', () => {
    expect(parseQistate(['+QISTATE: 0,"TCP","220.180.239.212",8009,65514,2,1,0,0,"usbmodem"', '+QISTATE: 2,"UDP","127.0.0.1",7,40000,2,1,0,0,"uart1"'])).toEqual([
      { connectId: 0, serviceType: 'TCP', address: '220.180.239.212', remotePort: 8009, localPort: 65514, state: 2, contextId: 1, serverId: 0, accessMode: 0, atPort: 'usbmodem' },
      { connectId: 2, serviceType: 'UDP', address: '127.0.0.1', remotePort: 7, localPort: 40000, state: 2, contextId: 1, serverId: 0, accessMode: 0, atPort: 'uart1' },
    ]);
    expect(parseQistate([])).toEqual([]);
  });

  it('QIRD and QISEND counters, QIGETERROR', () => {
    expect(parseQirdCounters(['+QIRD: 5,5,0'])).toEqual({ total: 5, read: 5, unread: 0 });
    expect(() => parseQirdCounters(['+QIRD: 5'])).toThrow(/total/);
    expect(parseQisendCounters(['+QISEND: 9,9,0'])).toEqual({ sent: 9, acked: 9, unacked: 0 });
    expect(parseQigeterror(['+QIGETERROR: 566,socket connect failed'])).toEqual({ err: 566, description: 'socket connect failed' });
  });
});

describe('GNSS parser', () => {
  it('parses +QGPSLOC in mode 2', () => {
    expect(parseQgpsloc(['+QGPSLOC: 061951.000,31.84537,117.19882,0.7,62.2,2,0.00,0.0,0.0,110513,09'])).toEqual({
      time: '2013-05-11T06:19:51.000Z',
      latitude: 31.84537,
      longitude: 117.19882,
      hdop: 0.7,
      altitudeM: 62.2,
      fix: 2,
      satellites: 9,
    });
  });

  it('rejects the mode 0 form (N/E suffixes) and short lines', () => {
    expect(() => parseQgpsloc(['+QGPSLOC: 061951.000,3150.7223N,11711.9293E,0.7,62.2,2,0.00,0.0,0.0,110513,09'])).toThrow(/latitude/);
    expect(() => parseQgpsloc(['+QGPSLOC: 061951.000,31.84537'])).toThrow(/11 fields/);
  });

  it('reads what the virtual module prints, and both sides use the same error codes', () => {
    const at = new Date(Date.UTC(2026, 11, 2, 7, 5, 9, 250));
    const line = `+QGPSLOC: ${formatQgpsloc({ lat: -33.86785, lon: -151.20732, altitude: 12.5, hdop: 1.2, satellites: 7, at }, 2)}`;
    expect(parseQgpsloc([line])).toEqual({ time: '2026-12-02T07:05:09.250Z', latitude: -33.86785, longitude: -151.20732, hdop: 1.2, altitudeM: 12.5, fix: 3, satellites: 7 });
    expect(GNSS_ERRORS).toEqual(GNSS_ERR);
  });
});

describe('command-table rows', () => {
  it('AT+QIOPEN: OK at once, deferred +QIOPEN: within 150 s', () => {
    const r = resolveCommand({ command: 'AT+QIOPEN=1,0,"TCP","127.0.0.1",7,0,0' });
    expect(r.deferred?.prefix).toBe('+QIOPEN:');
    expect(r.deferred?.timeoutMs).toBe(150_000);
    expect(r.isInfo('+QIOPEN: 0,0')).toBe(false);
  });

  it('AT+QHTTPPOSTFILE waits <rsptime> + margin; AT+QFWRITE is an upload with the <timeout> argument', () => {
    expect(resolveCommand({ command: 'AT+QHTTPPOSTFILE="a.json",30' }).deferred?.timeoutMs).toBe(35_000);
    const write = resolveCommand({ command: 'AT+QFWRITE=1027,10,3' });
    expect(write.data).toBe('upload-connect');
    expect(write.dataMs).toBe(5_000);
    expect(resolveCommand({ command: 'AT+QFREAD=1027,10' }).data).toBe('download-connect');
  });

  it('AT+QISEND=<id>,0 prints +QISEND: counters as information; AT+QICLOSE waits 10 s', () => {
    expect(resolveCommand({ command: 'AT+QISEND=0,0' }).isInfo('+QISEND: 5,5,0')).toBe(true);
    expect(resolveCommand({ command: 'AT+QICLOSE=0' }).resultMs).toBe(10_000);
  });

  it.each(['AT+QIRD=0,1500', 'AT+QISTATE?', 'AT+QIGETERROR', 'AT+QFOPEN="a",0', 'AT+QFSEEK=1,0,0', 'AT+QFPOSITION=1', 'AT+QFCLOSE=1', 'AT+QGPS=1', 'AT+QGPSLOC=2', 'AT+QGPSEND'])(
    '%s has a row',
    (command) => expect(resolveCommand({ command }).source).not.toMatch(/not in the command table/),
  );
});
