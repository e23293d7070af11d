/** `fieldlink ports` as a table in the chosen language (--lang): headers, interface roles, no ports. */
import { describe, expect, it } from 'vitest';
import { printTable } from '../../../electron/cli/commands/ports.ts';
import type { SerialPortInfo } from '../../../electron/engine/transport/list.ts';

function capture() {
  const lines: string[] = [];
  return { output: { out: (text: string) => void lines.push(text), err: (text: string) => void lines.push(`ERR ${text}`) }, lines };
}

const quectelAt: SerialPortInfo = { path: '/dev/ttyUSB2', manufacturer: 'Quectel', vendorId: '2c7c', productId: '0125', serialNumber: undefined, isQuectel: true, interfaceHint: 'at' };
const other: SerialPortInfo = { path: '/dev/ttyS0', manufacturer: undefined, vendorId: undefined, productId: undefined, serialNumber: undefined, isQuectel: false, interfaceHint: undefined };

describe('fieldlink ports table', () => {
  it('English: headers and the AT interface marked', () => {
    const { output, lines } = capture();
    printTable([quectelAt, other], output, 'en');
    expect(lines[0]).toMatch(/^PORT\s+VID:PID\s+MANUFACTURER\s+SERIAL$/);
    expect(lines[1]).toMatch(/^\/dev\/ttyUSB2\s+2c7c:0125\s+Quectel\s+-\s+Quectel AT interface {2}<- use this port$/);
    expect(lines[2]).toMatch(/^\/dev\/ttyS0\s+-\s+-\s+-$/);
  });

  it('Korean (--lang ko): headers, the interface role and "no ports" from the Korean catalogue', () => {
    const { output, lines } = capture();
    printTable([quectelAt], output, 'ko');
    expect(lines[0]).toMatch(/^포트\s+VID:PID\s+제조사\s+일련번호$/);
    expect(lines[1]).toContain('Quectel AT 인터페이스  <- 이 포트를 사용하세요');
    const none = capture();
    printTable([], none.output, 'ko');
    expect(none.lines).toEqual(['시리얼 포트를 찾지 못했습니다.']);
  });
});
