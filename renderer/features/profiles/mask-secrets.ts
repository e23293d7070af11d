/**
 * Secret values in a profile (passwords, tokens, inline private keys) are replaced by MASK for
 * the editor and put back on validate/save when the user left the mask untouched. The mapping
 * is kept by JSON path; nothing secret is ever rendered.
 */
export const MASK = '••••••••';

const SECRET_KEY = /pass(word|phrase)?$|secret|token|apikey|api_key|credential|privatekey/i;
const SECRET_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** JSON path (dotted, array indexes as numbers) → the original secret value. */
export type SecretMap = Record<string, string>;

export function isSecret(key: string, value: string): boolean {
  return SECRET_KEY.test(key) || SECRET_VALUE.test(value);
}

/** Pretty-printed profile with secrets masked; unparseable text is returned unchanged. */
export function maskProfileText(text: string): { text: string; secrets: SecretMap } {
  const parsed = tryParse(text);
  if (parsed === undefined) return { text, secrets: {} };
  const secrets: SecretMap = {};
  const masked = walk(parsed, '', (path, key, value) => {
    if (!isSecret(key, value)) return value;
    secrets[path] = value;
    return MASK;
  });
  return { text: JSON.stringify(masked, null, 2), secrets };
}

/** The text to send to the back end: masked values restored. Unparseable text goes as typed. */
export function unmaskProfileText(text: string, secrets: SecretMap): string {
  if (Object.keys(secrets).length === 0 || !text.includes(MASK)) return text;
  const parsed = tryParse(text);
  if (parsed === undefined) return text;
  const restored = walk(parsed, '', (path, _key, value) => (value === MASK && path in secrets ? (secrets[path] as string) : value));
  return JSON.stringify(restored, null, 2);
}

type StringVisitor = (path: string, key: string, value: string) => string;

function walk(value: unknown, path: string, visit: StringVisitor, key = ''): unknown {
  if (typeof value === 'string') return visit(path, key, value);
  if (Array.isArray(value)) return value.map((item, index) => walk(item, join(path, String(index)), visit, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, join(path, k), visit, k)]));
  }
  return value;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
