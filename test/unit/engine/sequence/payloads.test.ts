/** The session payloads, byte for byte as docs/sequence.md#payloads gives them. */
import { describe, expect, it } from 'vitest';
import { LWT_PAYLOAD, initPayload, prettyPayload, topicsFor } from '../../../../electron/engine/sequence/payloads.ts';

describe('payloads', () => {
  it('LWT is exact', () => {
    expect(LWT_PAYLOAD).toBe('{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}');
  });

  it('INIT is exact', () => {
    expect(initPayload(1700000000123, '1.4.0', '1.1.2')).toBe('{"v":"1.1","pt":"INIT","body":{"ts":1700000000123,"mf_v":"1.4.0","sf_v":"1.1.2"}}');
  });

  it('topics follow <root>/<channel>/<deviceId>', () => {
    expect(topicsFor('DDTM', 'TMS2_867969066452788')).toEqual({
      up: 'DDTM/UP/TMS2_867969066452788',
      rpc: 'DDTM/RPC/TMS2_867969066452788',
      lwt: 'DDTM/LWT/TMS2_867969066452788',
    });
  });

  it('RPC payloads are pretty-printed when JSON, shown as received otherwise', () => {
    expect(prettyPayload('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyPayload('not json')).toBe('not json');
  });
});
