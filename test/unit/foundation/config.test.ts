import path from 'node:path';
import { ConfigError, loadConfig, publicUrlOf } from '../../../src/config/config';
import { withDatabase } from '../../../src/store/connection';

describe('loadConfig', () => {
  test('embedded defaults need no environment at all', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000, corsOrigins: [], updateWaitMs: 20_000 });
    expect(config.temporal).toMatchObject({
      address: undefined,
      namespace: 'veilig-thuis',
      taskQueue: 'vt-cases',
      port: 7233,
      uiPort: 8233,
    });
    expect(config.mongo).toEqual({ uri: undefined, port: 27017, database: 'veilig-thuis' });
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  test('reads explicit services and lists', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      MONGODB_URI: 'mongodb://db:27017',
      VT_API_PORT: '8080',
      VT_CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.mongo.uri).toBe('mongodb://db:27017');
    expect(config.api.port).toBe(8080);
    expect(config.api.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  test('names every bad variable without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        VT_API_PORT: '99999',
        VT_MODE: 'staging',
        VT_CHILD_PROTECTION_BOARD_URL: 'not a url with secret-token',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('VT_API_PORT');
    expect(message).toContain('VT_MODE');
    expect(message).toContain('VT_CHILD_PROTECTION_BOARD_URL');
    expect(message).not.toContain('secret-token');
  });
});

describe('withDatabase', () => {
  test.each([
    ['mongodb://127.0.0.1:27017', 'vt', 'mongodb://127.0.0.1:27017/vt'],
    ['mongodb://127.0.0.1:27017/', 'vt', 'mongodb://127.0.0.1:27017/vt'],
    ['mongodb://h1:1,h2:2/?replicaSet=rs0', 'vt', 'mongodb://h1:1,h2:2/vt?replicaSet=rs0'],
    ['mongodb://u:p@h1:1,h2:2/other?replicaSet=rs0', 'vt', 'mongodb://u:p@h1:1,h2:2/other?replicaSet=rs0'],
  ])('%s + %s', (uri, db, expected) => {
    expect(withDatabase(uri, db)).toBe(expected);
  });
});

describe('publicUrlOf: the link in staff e-mails', () => {
  test('VT_PUBLIC_URL as given, ending in a slash', () => {
    expect(publicUrlOf(loadConfig({ VT_PUBLIC_URL: 'https://vt.example.nl' }))).toBe('https://vt.example.nl/');
    expect(publicUrlOf(loadConfig({ VT_PUBLIC_URL: 'https://vt.example.nl/vt/' }))).toBe('https://vt.example.nl/vt/');
  });

  test("without it, the API's own address; one that listens everywhere is opened on loopback", () => {
    expect(publicUrlOf(loadConfig({ VT_API_PORT: '8080' }))).toBe('http://127.0.0.1:8080/');
    expect(publicUrlOf(loadConfig({ VT_API_HOST: 'vt.internal' }))).toBe('http://vt.internal:3000/');
    expect(publicUrlOf(loadConfig({ VT_API_HOST: '0.0.0.0' }))).toBe('http://127.0.0.1:3000/');
  });

  test('a VT_PUBLIC_URL that is no URL is refused by name', () => {
    expect(() => loadConfig({ VT_PUBLIC_URL: 'vt.example.nl' })).toThrow(/VT_PUBLIC_URL/);
  });
});
