/**
 * AT+QIDNSGIP and AT+QPING (docs/at-behaviour.md#dns-and-ping): `OK` at once, results as URCs.
 *  - `+QIURC: "dnsgip",<err>,<IP_count>,<DNS_ttl>` then one `+QIURC: "dnsgip","<ip>"` per address;
 *    on failure `+QIURC: "dnsgip",565`.
 *  - `+QPING: <result>[,"<ip>",<bytes>,<time>,<ttl>]` per echo, then
 *    `+QPING: <finresult>[,<sent>,<rcvd>,<lost>,<min>,<max>,<avg>]`.
 * The echo itself is emulated (services/probe.ts, docs/uncertain-behaviour.md#qping-emulation).
 */
import { echo, resolveAll } from '../services/probe.ts';
import { ok, type CommandEntry, type Handler } from './types.ts';

const DNS_PARSE_FAILED = 565;
const PDP_OPEN_FAILED = 561;
const OPERATION_TIMEOUT = 569;
const PING_BYTES = 32;
const PING_TTL = 255;

const qidnsgip: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(2, 2);
  const cid = p.int(0, { min: 1, max: 16 });
  const host = p.str(1, 255);
  return {
    after: async () => {
      if (!ctx.network.isActive(cid)) return ctx.urc(`+QIURC: "dnsgip",${PDP_OPEN_FAILED}`);
      const answer = await resolveAll(ctx.resolver, host).catch(() => undefined);
      ctx.cycle.check();
      if (!answer) return ctx.urc(`+QIURC: "dnsgip",${DNS_PARSE_FAILED}`);
      ctx.urc(`+QIURC: "dnsgip",0,${answer.addresses.length},${answer.ttl}`);
      for (const address of answer.addresses) ctx.urc(`+QIURC: "dnsgip","${address}"`);
    },
  };
};

const qping: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(2, 4);
  const cid = p.int(0, { min: 1, max: 16 });
  const host = p.str(1, 255);
  const timeoutS = p.int(2, { min: 1, max: 255, default: 4 });
  const count = p.int(3, { min: 1, max: 10, default: 4 });
  return {
    after: async () => {
      if (!ctx.network.isActive(cid)) return ctx.urc(`+QPING: ${PDP_OPEN_FAILED}`);
      const address = (await resolveAll(ctx.resolver, host).catch(() => undefined))?.addresses[0];
      ctx.cycle.check();
      if (!address) return ctx.urc(`+QPING: ${DNS_PARSE_FAILED}`);
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) {
        if (i > 0) await ctx.cycle.sleep(ctx.timing.pingIntervalMs);
        const ms = await echo(address, timeoutS * 1000, ctx.cycle.signal);
        ctx.cycle.check();
        if (ms === undefined) ctx.urc(`+QPING: ${OPERATION_TIMEOUT}`);
        else {
          times.push(ms);
          ctx.urc(`+QPING: 0,"${address}",${PING_BYTES},${ms},${PING_TTL}`);
        }
      }
      const stats = times.length === 0 ? [0, 0, 0] : [Math.min(...times), Math.max(...times), Math.round(times.reduce((a, b) => a + b, 0) / times.length)];
      ctx.urc(`+QPING: 0,${count},${times.length},${count - times.length},${stats.join(',')}`);
    },
  };
};

export const PROBE_COMMANDS: readonly CommandEntry[] = [
  { name: '+QIDNSGIP', write: qidnsgip, test: () => ok('+QIDNSGIP: (1-16),<hostname>') },
  { name: '+QPING', write: qping, test: () => ok('+QPING: (1-16),<host>,(1-255),(1-10)') },
];
