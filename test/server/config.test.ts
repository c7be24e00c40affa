// The endpoint's settings for who is believed and how long it waits: parsed from the environment at start, a
// bad value refused with a message naming it.
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/server/config.ts';

const errorsFor = (env: Record<string, string>) => {
  const result = parseConfig(env);
  return result.ok ? [] : result.errors;
};

describe('TRUST_PROXY', () => {
  it('is off by default', () => {
    expect(defaultConfig().trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'false' })).toMatchObject({ ok: true, config: { trustProxy: false } });
  });

  it('takes the proxies’ addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(parseConfig({ TRUST_PROXY: '127.0.0.1' })).toMatchObject({ ok: true, config: { trustProxy: ['127.0.0.1'] } });
    expect(parseConfig({ TRUST_PROXY: ' 10.0.0.5, 10.1.0.0/16 ,fd00::/8,::1' })).toMatchObject({
      ok: true,
      config: { trustProxy: ['10.0.0.5', '10.1.0.0/16', 'fd00::/8', '::1'] },
    });
  });

  it.each(['true', 'TRUE', '1', '2'])('refuses %s, which would let any client choose its address', (value) => {
    const [error] = errorsFor({ TRUST_PROXY: value });
    expect(error).toContain(`TRUST_PROXY: TRUST_PROXY=${value} is refused: it would let any client choose its own address`);
  });

  it.each(['proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.1,'])('refuses %s with the expected form', (value) => {
    expect(errorsFor({ TRUST_PROXY: value })[0]).toContain('TRUST_PROXY must be false or the addresses (or CIDR ranges) of the proxies');
  });
});

describe('limits', () => {
  it('default to timeouts, connection limits and rate limits, with no exemption', () => {
    expect(defaultConfig()).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 5_000,
      maxConnectionsPerAddress: 64,
      rateLimitMax: 300,
      rateLimitPersonMax: 60,
    });
  });

  it('refuse the old loopback exemption, saying how to turn the limit off', () => {
    expect(errorsFor({ RATE_LIMIT_EXEMPT_LOOPBACK: 'true' })[0]).toContain('set RATE_LIMIT_MAX=0 to turn the limit off');
  });

  it('refuse a headers timeout longer than the request timeout', () => {
    expect(errorsFor({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' })[0]).toContain('HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS');
  });
});
