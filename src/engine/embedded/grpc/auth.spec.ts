import { checkEngineSecurity, EngineSecurityError, hostPort, isLoopbackHost } from './auth';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.0.2.2', false],
    ['engine.example.org', false],
    ['128.0.0.1', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('checkEngineSecurity', () => {
  const tls = { cert: 'CERT', key: 'KEY' };
  const token = 'x'.repeat(32);

  it('lets loopback run plaintext without a token', () => {
    expect(() => checkEngineSecurity('127.0.0.1', {})).not.toThrow();
  });

  it.each([
    [{}, /without TLS \(certificate and key\) and a token/],
    [{ tls }, /without a token/],
    [{ token }, /without TLS \(certificate and key\):/],
  ])('refuses an exposed address with %p', (security, message) => {
    expect(() => checkEngineSecurity('0.0.0.0', security)).toThrow(EngineSecurityError);
    expect(() => checkEngineSecurity('0.0.0.0', security)).toThrow(message);
  });

  it('accepts an exposed address with TLS and a token', () => {
    expect(() => checkEngineSecurity('0.0.0.0', { tls, token })).not.toThrow();
  });

  it('refuses an empty token or half a TLS pair anywhere', () => {
    expect(() => checkEngineSecurity('127.0.0.1', { token: ' ' })).toThrow(/must not be empty/);
    expect(() => checkEngineSecurity('127.0.0.1', { tls: { cert: 'CERT', key: '' } })).toThrow(
      /both a certificate and a private key/,
    );
  });
});

describe('hostPort', () => {
  it('brackets IPv6 literals', () => {
    expect(hostPort('0.0.0.0', 26500)).toBe('0.0.0.0:26500');
    expect(hostPort('::', 26500)).toBe('[::]:26500');
    expect(hostPort('[::1]', 1)).toBe('[::1]:1');
  });
});
