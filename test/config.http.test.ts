// The HTTP server's and the web chat's settings: defaults, what the proxy setting changes, and
// the values refused with the setting's name.
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError, HTTP_DEFAULTS, ASK_DEFAULTS } from '../src/config.js';

describe('HTTP settings', () => {
  it('default to the documented limits, no proxy trusted', () => {
    const cfg = loadConfig({});
    expect(cfg.http).toEqual({ ...HTTP_DEFAULTS, trustProxy: false });
    expect(cfg.askLimit).toEqual(ASK_DEFAULTS);
    expect(cfg.http.headersTimeoutMs).toBeLessThan(cfg.http.requestTimeoutMs);
  });

  it('are read from the environment', () => {
    const cfg = loadConfig({
      PLANBOT_HTTP_HEADERS_TIMEOUT_MS: '5000',
      PLANBOT_HTTP_REQUEST_TIMEOUT_MS: '60000',
      PLANBOT_HTTP_KEEP_ALIVE_TIMEOUT_MS: '2000',
      PLANBOT_HTTP_MAX_CONNECTIONS: '500',
      PLANBOT_HTTP_MAX_CONNECTIONS_PER_ADDRESS: '20',
      PLANBOT_ASK_PER_MINUTE: '0',
      PLANBOT_ASK_BURST: '9',
    });
    expect(cfg.http).toEqual({ headersTimeoutMs: 5000, requestTimeoutMs: 60000, keepAliveTimeoutMs: 2000, maxConnections: 500, maxConnectionsPerAddress: 20, trustProxy: false });
    expect(cfg.askLimit).toEqual({ perMinute: 0, burst: 9 });
  });

  it('behind a trusted proxy let one address (the proxy) hold up to the global cap, unless the per-address cap is set', () => {
    expect(loadConfig({ PLANBOT_TRUST_PROXY: '1', PLANBOT_HTTP_MAX_CONNECTIONS: '800' }).http).toMatchObject({ trustProxy: true, maxConnectionsPerAddress: 800 });
    expect(loadConfig({ PLANBOT_TRUST_PROXY: 'true', PLANBOT_HTTP_MAX_CONNECTIONS_PER_ADDRESS: '50' }).http).toMatchObject({ trustProxy: true, maxConnectionsPerAddress: 50 });
  });

  it('refuses values that would not work, naming the setting', () => {
    expect(() => loadConfig({ PLANBOT_HTTP_HEADERS_TIMEOUT_MS: '90000', PLANBOT_HTTP_REQUEST_TIMEOUT_MS: '60000' })).toThrow(/PLANBOT_HTTP_HEADERS_TIMEOUT_MS/);
    expect(() => loadConfig({ PLANBOT_HTTP_MAX_CONNECTIONS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ PLANBOT_ASK_PER_MINUTE: '-1' })).toThrow(/PLANBOT_ASK_PER_MINUTE/);
    expect(() => loadConfig({ PLANBOT_TRUST_PROXY: 'maybe' })).toThrow(/PLANBOT_TRUST_PROXY/);
  });
});
