import { KindError } from '../../../shared/errors.ts';

/** Why a TCP/TLS link of the module failed; each protocol maps the kind to its own result code. */
export type LinkFailure = 'dns' | 'refused' | 'timeout' | 'tls' | 'closed' | 'network';

export class LinkError extends KindError<LinkFailure> {
  override readonly name = 'LinkError';
}

const ERRNO_KIND: Readonly<Record<string, LinkFailure>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ECONNRESET: 'closed',
  EPIPE: 'closed',
  ETIMEDOUT: 'timeout',
};

/** Classifies a socket error (errno codes; OpenSSL errors count as TLS). */
export function linkErrorOf(error: unknown): LinkError {
  if (error instanceof LinkError) return error;
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : '';
  const kind = ERRNO_KIND[code] ?? (/^ERR_SSL|^ERR_TLS|SSL|CERT/.test(code) || /ssl|tls|certificate/i.test(err?.message ?? '') ? 'tls' : 'network');
  return new LinkError(kind, err?.message ?? String(error), { cause: error });
}
