/**
 * AT+QIOPEN / QISEND / QIRD / QISTATE / QICLOSE / QIGETERROR (docs/at-behaviour.md#sockets) over real
 * TCP and UDP echo servers on 127.0.0.1, byte for byte.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';
import { closedPort, startTcpEcho, startUdpEcho, type TcpEcho, type UdpEcho } from '../../../helpers/sim/echo-servers.ts';
import { PROMPT, runSteps, type WireStep } from '../../../helpers/sim/wire-steps.ts';

let t: TestDevice | undefined;
let tcp: TcpEcho;
let udp: UdpEcho;
let refused: number;

beforeAll(async () => {
  [tcp, udp, refused] = await Promise.all([startTcpEcho(), startUdpEcho(), closedPort()]);
});
afterAll(async () => {
  await Promise.all([tcp.close(), udp.close()]);
});
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const OPEN_TCP: WireStep = { send: 'AT+QIOPEN=1,0,"TCP","127.0.0.1",{tcp},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n' };

const SCENARIOS: ReadonlyArray<{ name: string; steps: WireStep[] }> = [
  {
    name: 'TCP: open, fixed-length send, recv URC, read, counters',
    steps: [
      OPEN_TCP,
      { send: 'AT+QISEND=0,5\r', expect: PROMPT },
      { send: 'hello', expect: '\r\nSEND OK\r\n\r\n+QIURC: "recv",0\r\n' },
      { send: 'AT+QIRD=0,1500\r', expect: '\r\n+QIRD: 5\r\nhello\r\n\r\nOK\r\n' },
      { send: 'AT+QIRD=0,1500\r', expect: '\r\n+QIRD: 0\r\n\r\nOK\r\n' },
      { send: 'AT+QIRD=0,0\r', expect: '\r\n+QIRD: 5,5,0\r\n\r\nOK\r\n' },
      { send: 'AT+QISEND=0,0\r', expect: '\r\n+QISEND: 5,5,0\r\n\r\nOK\r\n' },
    ],
  },
  {
    name: 'TCP: variable-length send ends with Ctrl-Z; partial reads keep the rest',
    steps: [
      OPEN_TCP,
      { send: 'AT+QISEND=0\r', expect: PROMPT },
      { send: 'abc\x1a', expect: '\r\nSEND OK\r\n\r\n+QIURC: "recv",0\r\n' },
      { send: 'AT+QIRD=0,2\r', expect: '\r\n+QIRD: 2\r\nab\r\n\r\nOK\r\n' },
      { send: 'AT+QIRD=0\r', expect: '\r\n+QIRD: 1\r\nc\r\n\r\nOK\r\n' },
    ],
  },
  {
    name: 'TCP: ESC at the prompt sends nothing',
    steps: [
      OPEN_TCP,
      { send: 'AT+QISEND=0\r', expect: PROMPT },
      { send: 'xyz\x1b', expect: '\r\nOK\r\n' },
      { send: 'AT+QISEND=0,0\r', expect: '\r\n+QISEND: 0,0,0\r\n\r\nOK\r\n' },
    ],
  },
  {
    name: 'TCP: QISTATE lists the link; the peer closes it; QICLOSE forgets it',
    steps: [
      OPEN_TCP,
      { send: 'AT+QISTATE=1,0\r', expect: '\r\n+QISTATE: 0,"TCP","127.0.0.1",{tcp},{local},2,1,0,0,"uart1"\r\n\r\nOK\r\n' },
      { do: 'peerCloses', expect: '\r\n+QIURC: "closed",0\r\n' },
      { send: 'AT+QISTATE?\r', expect: '\r\n+QISTATE: 0,"TCP","127.0.0.1",{tcp},{local},4,1,0,0,"uart1"\r\n\r\nOK\r\n' },
      { send: 'AT+QISEND=0,3\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QICLOSE=0\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QISTATE?\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QIRD=0\r', expect: '\r\nERROR\r\n' },
    ],
  },
  {
    name: 'TCP: a refused connect gives +QIOPEN: <id>,566 and QIGETERROR explains it',
    steps: [
      { send: 'AT+QIOPEN=1,1,"TCP","127.0.0.1",{refused},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 1,566\r\n' },
      { send: 'AT+QIGETERROR\r', expect: '\r\n+QIGETERROR: 566,socket connect failed\r\n\r\nOK\r\n' },
      { send: 'AT+QISTATE?\r', expect: '\r\nOK\r\n' },
    ],
  },
  {
    name: 'a context that is not active gives +QIOPEN: <id>,561; QIGETERROR starts at 0 (docs/uncertain-behaviour.md#qiopen-context-inactive)',
    steps: [
      { send: 'AT+QIGETERROR\r', expect: '\r\n+QIGETERROR: 0,operation success\r\n\r\nOK\r\n' },
      { send: 'AT+QIOPEN=2,4,"TCP","127.0.0.1",{tcp},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 4,561\r\n' },
      { send: 'AT+QIGETERROR\r', expect: '\r\n+QIGETERROR: 561,open PDP context failed\r\n\r\nOK\r\n' },
    ],
  },
  {
    name: 'a connectID in use gives +QIOPEN: <id>,563',
    steps: [OPEN_TCP, { send: 'AT+QIOPEN=1,0,"TCP","127.0.0.1",{tcp},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 0,563\r\n' }],
  },
  {
    name: 'UDP: open, send a datagram, read the echo',
    steps: [
      { send: 'AT+QIOPEN=1,2,"UDP","127.0.0.1",{udp},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 2,0\r\n' },
      { send: 'AT+QISEND=2,4\r', expect: PROMPT },
      { send: 'ping', expect: '\r\nSEND OK\r\n\r\n+QIURC: "recv",2\r\n' },
      { send: 'AT+QIRD=2,1500\r', expect: '\r\n+QIRD: 4\r\nping\r\n\r\nOK\r\n' },
      { send: 'AT+QICLOSE=2\r', expect: '\r\nOK\r\n' },
    ],
  },
  {
    name: 'bad forms: unknown service type, push mode, no such connection',
    steps: [
      { send: 'AT+QIOPEN=1,3,"SCTP","127.0.0.1",{tcp},0,0\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QIOPEN=1,3,"TCP","127.0.0.1",{tcp},0,1\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QIOPEN=1,12,"TCP","127.0.0.1",{tcp},0,0\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QISEND=5,3\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QISEND=0,1461\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QIRD=5,10\r', expect: '\r\nERROR\r\n' },
    ],
  },
];

describe('socket commands over real TCP/UDP', () => {
  it.each(SCENARIOS)('$name', async ({ steps }) => {
    t = await startQuietDevice();
    const peer = tcp.nextPeer();
    const vars: Record<string, number> = { tcp: tcp.port, udp: udp.port, refused, local: 0 };
    const device = t;
    await runSteps(device.modem, steps.slice(0, 1), vars);
    if (steps[0] === OPEN_TCP) vars.local = (await peer).remotePort ?? 0;
    await runSteps(device.modem, steps.slice(1), vars, {
      peerCloses: async () => {
        (await peer).end();
      },
    });
  });

  it('raises "recv" once until the buffer is read empty (BG95 TCP/IP AN §2.3.8)', async () => {
    t = await startQuietDevice();
    const peer = tcp.nextPeer();
    await runSteps(t.modem, [OPEN_TCP], { tcp: tcp.port });
    const server = await peer;
    server.write('one');
    await t.modem.expect('\r\n+QIURC: "recv",0\r\n');
    server.write('two');
    // Poll the counters until the module holds both payloads: every answer is the bare counter
    // line (a second "recv" URC would show up inside one of them), and nothing else is pending.
    for (;;) {
      const reply = await t.modem.command('AT+QIRD=0,0');
      expect(reply).toMatch(/^\r\n\+QIRD: [36],0,[36]\r\n\r\nOK\r\n$/);
      if (reply === '\r\n+QIRD: 6,0,6\r\n\r\nOK\r\n') break;
    }
    expect(t.modem.pending()).toBe('');
    await t.modem.send('AT+QIRD=0,100\r');
    await t.modem.expect('\r\n+QIRD: 6\r\nonetwo\r\n\r\nOK\r\n');
    server.write('three');
    await t.modem.expect('\r\n+QIURC: "recv",0\r\n');
  });

  it('drops the links at power loss: the peer sees the connection end', async () => {
    t = await startQuietDevice();
    const peer = tcp.nextPeer();
    await runSteps(t.modem, [OPEN_TCP], { tcp: tcp.port });
    const server = await peer;
    const ended = new Promise((resolve) => server.once('close', resolve));
    t.device.reboot();
    await ended;
    expect(server.destroyed).toBe(true);
  });
});
