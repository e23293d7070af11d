/**
 * The text of Mosquitto's configuration, ACL and (plain, before hashing) password files. Pure
 * functions: the ACL is derived from the same topic table the Aedes backend uses.
 */
import { join } from 'node:path';
import { DEVICE_TOPIC_RULES } from './topics.ts';

export interface MosquittoFiles {
  conf: string;
  passwd: string;
  acl: string;
}

export function mosquittoFiles(workDir: string): MosquittoFiles {
  return { conf: join(workDir, 'mosquitto.conf'), passwd: join(workDir, 'passwd'), acl: join(workDir, 'acl') };
}

export interface MosquittoConfig {
  port: number;
  files: MosquittoFiles;
  tlsFiles: { caPath: string; certPath: string; keyPath: string };
  /** Started as root: stay root (otherwise Mosquitto drops to user `mosquitto` and cannot read 0600 keys). */
  runningAsRoot: boolean;
}

/** Mosquitto does not quote values: a path with whitespace or a newline would change the meaning. */
export function assertConfigSafePath(path: string): string {
  if (/[\s#]/.test(path)) throw new TypeError(`mosquitto config path must not contain whitespace or '#': ${path}`);
  return path;
}

export function buildMosquittoConf(config: MosquittoConfig): string {
  const { files, tlsFiles } = config;
  const lines = [
    '# Written by the Fieldlink demo cloud; regenerated on every start.',
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${assertConfigSafePath(files.passwd)}`,
    `acl_file ${assertConfigSafePath(files.acl)}`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    ...(config.runningAsRoot ? ['user root'] : []),
    '',
    `listener ${config.port} 127.0.0.1`,
    'protocol mqtt',
    `cafile ${assertConfigSafePath(tlsFiles.caPath)}`,
    `certfile ${assertConfigSafePath(tlsFiles.certPath)}`,
    `keyfile ${assertConfigSafePath(tlsFiles.keyPath)}`,
    'require_certificate true',
    '',
  ];
  return lines.join('\n');
}

/**
 * Devices (user name = deviceId, `%u`) get exactly their own topics; the cloud's admin principal
 * gets everything under the topic root (live view, RPC).
 */
export function buildAcl(topicRoot: string, adminUsername: string): string {
  const access = { publish: 'write', subscribe: 'read' } as const;
  const patterns = DEVICE_TOPIC_RULES.map((rule) => `pattern ${access[rule.device]} ${topicRoot}/${rule.channel}/%u`);
  return ['# Written by the Fieldlink demo cloud.', ...patterns, '', `user ${adminUsername}`, `topic readwrite ${topicRoot}/#`, ''].join('\n');
}

export interface PasswordEntry {
  username: string;
  password: string;
}

/** `user:password` lines, hashed in place afterwards by `mosquitto_passwd -U`. */
export function buildPlainPasswordFile(entries: readonly PasswordEntry[]): string {
  for (const { username, password } of entries) {
    if (/[:\s]/.test(username) || /[\r\n]/.test(password)) throw new TypeError(`mosquitto password entry for ${username} has forbidden characters`);
  }
  return entries.map(({ username, password }) => `${username}:${password}\n`).join('');
}
