/**
 * `fieldlink diagnose`, MQTT: the client's configuration (AT+QMTCFG queries: pdpcid, ssl,
 * version, keepalive, will) and state (AT+QMTOPEN?, AT+QMTCONN?), as the module prints them.
 */
import { passed, type SequenceStep, type StepEnv } from '../step.ts';

const QUERIES = ['AT+QMTCFG="pdpcid",0', 'AT+QMTCFG="ssl",0', 'AT+QMTCFG="version",0', 'AT+QMTCFG="keepalive",0', 'AT+QMTCFG="will",0', 'AT+QMTOPEN?', 'AT+QMTCONN?'];

async function query(env: StepEnv, command: string): Promise<string> {
  try {
    const { lines } = await env.at.run({ command, infoPrefixes: [command.slice(2).split(/[=?]/)[0] + ':'] });
    return lines.map((line) => line.replace(/^\+QMT\w+:\s*/, '')).join(' | ') || '(none)';
  } catch (error) {
    return `(${error instanceof Error ? error.message : String(error)})`;
  }
}

export const diagnoseMqtt: SequenceStep = {
  id: 'mqtt-connect',
  needs: [],
  timeoutMs: 30_000,
  retries: 0,
  async run(env) {
    const answers: string[] = [];
    for (const command of QUERIES) answers.push(`${command.replace(/^AT\+/, '')} → ${await query(env, command)}`);
    return passed('summary.detail', { detail: answers.join('; ') });
  },
};
