import { ConfigError, loadConfig } from '../../../src/config/config';

describe('notification settings', () => {
  it('default to the development channels, quiet hours 21:00–08:00 and daily ceilings', () => {
    const { notify } = loadConfig({});
    expect(notify).toEqual({
      smtpUrl: undefined,
      emailFrom: 'Veilig Thuis <no-reply@veiligthuis.local>',
      sms: {
        provider: 'dev',
        apiUrl: 'https://gw.messaging.cm.com/v1.0/message',
        apiKey: undefined,
        sender: 'VeiligThuis',
      },
      quietStart: '21:00',
      quietEnd: '08:00',
      dailyCeiling: { sms: 2000, email: 5000 },
      ratePerSecond: { sms: 5, email: 10 },
      receiptSecret: undefined,
    });
  });

  it('read SMTP, the CM.com adapter and its key from the environment', () => {
    const { notify } = loadConfig({
      VT_SMTP_URL: 'smtp://127.0.0.1:2525',
      VT_SMS_PROVIDER: 'cm',
      VT_SMS_API_KEY: 'token',
      VT_SMS_SENDER: 'VTNoord',
      VT_SMS_DAILY_CEILING: '10',
    });
    expect(notify).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      sms: { provider: 'cm', apiKey: 'token', sender: 'VTNoord' },
      dailyCeiling: { sms: 10 },
    });
  });

  it('refuse a sender id the networks would reject, and production without the SMS key or receipt secret', () => {
    expect(() => loadConfig({ VT_SMS_SENDER: 'Veilig Thuis Noord' })).toThrow(/VT_SMS_SENDER/);
    expect(() =>
      loadConfig({ VT_MODE: 'production', VT_SMS_PROVIDER: 'cm', VT_OIDC_JWKS_URL: 'https://idp.example/jwks' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ VT_MODE: 'production', VT_SMS_PROVIDER: 'cm', VT_OIDC_JWKS_URL: 'https://idp.example/jwks' }),
    ).toThrow(/VT_SMS_API_KEY.*VT_RECEIPT_SECRET/);
  });
});
