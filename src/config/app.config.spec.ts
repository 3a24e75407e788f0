import { AppConfig, ConfigError, loadConfig } from './app.config';

describe('loadConfig', () => {
  it('gives the defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      PORT: 3000,
      ENGINE_PORT: 26500,
      ENGINE_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DEMO_DATA: true,
      ZEEBE_SECURE_CONNECTION: false,
      ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ZEEBE_ADDRESS).toBeUndefined();
    expect(config.zeebeOAuth).toBe(false);
  });

  it('loads demo data by default only with the embedded PostgreSQL', () => {
    expect(loadConfig({}).DEMO_DATA).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/mia' }).DEMO_DATA).toBe(false);
    expect(loadConfig({ DEMO_DATA: 'false' }).DEMO_DATA).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/mia', DEMO_DATA: 'true' }).DEMO_DATA).toBe(true);
  });

  const oauth = {
    ZEEBE_ADDRESS: 'zeebe.example.org:443',
    ZEEBE_CLIENT_ID: 'platform',
    ZEEBE_CLIENT_SECRET: 's3cret',
    ZEEBE_AUTHORIZATION_SERVER_URL: 'https://login.example.org/oauth/token',
  };

  it.each<[string, Record<string, string>, Partial<AppConfig>]>([
    ['PORT as number', { PORT: '8080' }, { PORT: 8080 }],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'postgres://u@db:5432/mia' },
      { DATABASE_URL: 'postgres://u@db:5432/mia' },
    ],
    [
      'postgresql:// scheme',
      { DATABASE_URL: 'postgresql://u@db/mia' },
      { DATABASE_URL: 'postgresql://u@db/mia' },
    ],
    ['empty DATABASE_URL = unset', { DATABASE_URL: '' }, { DATABASE_URL: undefined }],
    ['ZEEBE_ADDRESS host:port', { ZEEBE_ADDRESS: 'zeebe:26500' }, { ZEEBE_ADDRESS: 'zeebe:26500' }],
    [
      'ZEEBE_ADDRESS with scheme',
      { ZEEBE_ADDRESS: 'grpcs://z.example.org:443' },
      { ZEEBE_ADDRESS: 'grpcs://z.example.org:443' },
    ],
    [
      'ENGINE_PORT / ENGINE_HOST',
      { ENGINE_PORT: '26600', ENGINE_HOST: '0.0.0.0' },
      { ENGINE_PORT: 26600, ENGINE_HOST: '0.0.0.0' },
    ],
    ['LOG_LEVEL any case', { LOG_LEVEL: 'DEBUG' }, { LOG_LEVEL: 'debug' }],
    ['DEMO_DATA true', { DEMO_DATA: 'true' }, { DEMO_DATA: true }],
    ['DEMO_DATA 0', { DEMO_DATA: '0' }, { DEMO_DATA: false }],
    ['secure flag', { ZEEBE_SECURE_CONNECTION: 'yes' }, { ZEEBE_SECURE_CONNECTION: true }],
    ['OAuth complete', oauth, { ZEEBE_CLIENT_ID: 'platform', zeebeOAuth: true }],
    ['unknown variables ignored', { HOME: '/root', SOMETHING: 'x' }, { PORT: 3000 }],
  ])('accepts %s', (_, env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['PORT not a number', { PORT: 'abc' }, /PORT/],
    ['PORT out of range', { PORT: '70000' }, /PORT/],
    ['DATABASE_URL not postgres', { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL/],
    ['ZEEBE_ADDRESS without port', { ZEEBE_ADDRESS: 'zeebe' }, /ZEEBE_ADDRESS/],
    ['ENGINE_PORT negative', { ENGINE_PORT: '-1' }, /ENGINE_PORT/],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['DEMO_DATA not boolean', { DEMO_DATA: 'maybe' }, /DEMO_DATA/],
    ['secure flag not boolean', { ZEEBE_SECURE_CONNECTION: 'sure' }, /ZEEBE_SECURE_CONNECTION/],
    ['OAuth incomplete', { ZEEBE_ADDRESS: 'z:443', ZEEBE_CLIENT_ID: 'platform' }, /must be set together/],
    ['OAuth without address', { ...oauth, ZEEBE_ADDRESS: '' }, /need ZEEBE_ADDRESS/],
    [
      'OAuth URL not a URL',
      { ...oauth, ZEEBE_AUTHORIZATION_SERVER_URL: 'nope' },
      /ZEEBE_AUTHORIZATION_SERVER_URL/,
    ],
  ])('refuses %s', (_, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes values in errors (they may be secrets)', () => {
    try {
      loadConfig({ ...oauth, ZEEBE_AUTHORIZATION_SERVER_URL: 'not-a-url-TOPSECRET' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('TOPSECRET');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});
