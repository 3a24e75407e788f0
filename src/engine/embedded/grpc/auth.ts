import * as grpc from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createSecureContext } from 'node:tls';

/** TLS material of the gRPC port: PEM certificate chain and private key. */
export interface EngineTls {
  cert: Buffer | string;
  key: Buffer | string;
}

/** How the gRPC port is secured; both parts are required on any address that is not loopback. */
export interface EngineSecurity {
  tls?: EngineTls;
  /** the bearer token every call must carry (`authorization: Bearer <token>`) */
  token?: string;
}

/** Thrown before anything starts when the gRPC port would be exposed without TLS and a token. */
export class EngineSecurityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineSecurityError';
  }
}

/** true for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}

/** `host:port` for grpc-js and Zeebe clients; IPv6 literals in brackets */
export function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Checks the security options for a bind address: loopback may be plaintext without a token; anything
 * else (a network interface, 0.0.0.0, ::) needs TLS and a token. Given parts are checked for use.
 */
export function checkEngineSecurity(host: string, security: EngineSecurity): void {
  const { tls, token } = security;
  if (tls && (!String(tls.cert).trim() || !String(tls.key).trim())) {
    throw new EngineSecurityError('The engine TLS option needs both a certificate and a private key (PEM)');
  }
  if (token !== undefined && !token.trim()) {
    throw new EngineSecurityError('The engine token must not be empty');
  }
  if (isLoopbackHost(host)) return;
  const missing = [!tls ? 'TLS (certificate and key)' : '', !token ? 'a token' : ''].filter(Boolean);
  if (missing.length) {
    throw new EngineSecurityError(
      `The embedded engine refuses to listen on '${host}' without ${missing.join(' and ')}: ` +
        'a gRPC port reachable from other machines requires TLS and a bearer token ' +
        '(listen on 127.0.0.1 for plaintext)',
    );
  }
}

/**
 * Server credentials: TLS-only when TLS is given (plaintext connections fail the handshake). Certificate
 * and key are parsed here, so that an unreadable or mismatched pair stops the start at once.
 */
export function serverCredentials(tls: EngineTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  try {
    createSecureContext({ cert: tls.cert, key: tls.key });
  } catch (e) {
    throw new EngineSecurityError(
      `The engine TLS certificate or key cannot be used: ${(e as Error).message}`,
    );
  }
  return grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) }],
    false,
  );
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * A server interceptor that ends every call without `authorization: Bearer <token>` (or with another
 * token) with UNAUTHENTICATED before the handler runs, unary and streaming alike. The token is compared
 * in constant time (over its SHA-256, so its length does not show either).
 */
export function bearerTokenInterceptor(token: string): grpc.ServerInterceptor {
  const expected = digest(token);
  return (_method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, forward) => {
            const values = metadata.get('authorization');
            if (!values.length) {
              call.sendStatus({
                code: grpc.status.UNAUTHENTICATED,
                details: 'Expected bearer token at header with key [authorization], but found nothing',
              });
              return;
            }
            const match = /^Bearer\s+(.+)$/i.exec(String(values[0]).trim());
            if (values.length !== 1 || !match || !timingSafeEqual(digest(match[1]), expected)) {
              call.sendStatus({
                code: grpc.status.UNAUTHENTICATED,
                details: 'The bearer token in header [authorization] is not valid',
              });
              return;
            }
            forward(metadata);
          },
        }),
    });
}
