import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SQLITE_SYNC, SQLITE_SYNC_MODES, type SqliteSync } from '../services/sqlite-durability';
import { webAuthConfig, type WebAuthConfig } from './web-auth-config';

/**
 * Every setting the system reads from its environment, with its embedded default. The README's
 * configuration table mirrors this file; keep them together.
 */
const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  VT_MODE: z.enum(['development', 'production']).default('development'),
  VT_DATA_DIR: z.string().min(1).default('data'),
  VT_API_HOST: z.string().min(1).default('127.0.0.1'),
  VT_API_PORT: port.default(3000),
  // How long a command waits for the workflow's answer before the API answers 202 with a Location.
  VT_API_UPDATE_WAIT_MS: z.coerce.number().int().min(500).max(120_000).default(20_000),
  // The web interface as staff reach it (the link in staff e-mails); a stand-alone worker in production needs it.
  VT_PUBLIC_URL: z.string().url().optional(),
  VT_CORS_ORIGINS: z.string().default(''),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('veilig-thuis'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('vt-cases'),
  VT_TEMPORAL_PORT: port.default(7233),
  VT_TEMPORAL_UI_PORT: port.default(8233),
  MONGODB_URI: z.string().min(1).optional(),
  VT_MONGO_PORT: port.default(27017),
  // The embedded FerretDB's own metrics (requests per command): src/services/mongo-wire-server.ts.
  VT_MONGO_METRICS_PORT: port.optional(),
  VT_WORKER_HEALTH_PORT: port.default(9464),
  VT_WORKER_METRICS_PORT: port.default(9465),
  VT_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  // Where npm start runs its worker: src/system.ts (SystemOptions.worker).
  VT_EMBEDDED_WORKER: z.enum(['inline', 'process']).default('inline'),
  // How the embedded servers' SQLite files commit: src/services/sqlite-durability.ts.
  VT_EMBEDDED_SQLITE_SYNC: z.enum(SQLITE_SYNC_MODES).default(DEFAULT_SQLITE_SYNC),
  VT_TEAMS: z.string().default('north,south'),
  VT_CODEC_KEYS_FILE: z.string().min(1).optional(),
  VT_CODEC_KEYS: z.string().min(1).optional(),
  // Key of the household matching hashes (HMAC-SHA256), base64 of 32 bytes; in a file or inline.
  VT_MATCHING_KEY_FILE: z.string().min(1).optional(),
  VT_MATCHING_KEY: z.string().min(1).optional(),
  // A household workflow with no open report ends after this many quiet days (a new report revives it).
  VT_HOUSEHOLD_QUIET_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // A household workflow rests (saves its ids and ends) after this many minutes without a message.
  VT_HOUSEHOLD_REST_MINUTES: z.coerce.number().int().min(1).max(43_200).default(10),
  // This many reports about one household within VT_REPEATED_REPORTS_DAYS raise a supervisor's attention item.
  VT_REPEATED_REPORTS_COUNT: z.coerce.number().int().min(2).max(100).default(3),
  VT_REPEATED_REPORTS_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  VT_WORKER_METRICS_URL: z.string().url().optional(),
  VT_MONGO_DATABASE: z.string().min(1).default('veilig-thuis'),
  VT_CHILD_PROTECTION_BOARD_URL: z.string().url().optional(),
  // Notifications (docs/NOTIFICATIONS.md). Without VT_SMTP_URL, email goes to the development channel.
  VT_SMTP_URL: z.string().url().optional(),
  VT_EMAIL_FROM: z.string().min(3).default('Veilig Thuis <no-reply@veiligthuis.local>'),
  VT_SMS_PROVIDER: z.enum(['cm', 'dev']).default('dev'),
  VT_SMS_API_URL: z.string().url().default('https://gw.messaging.cm.com/v1.0/message'),
  VT_SMS_API_KEY: z.string().min(1).optional(),
  VT_SMS_SENDER: z
    .string()
    .regex(/^([A-Za-z0-9 ]{1,11}|\+?[0-9]{1,16})$/, 'at most 11 letters/digits or 16 digits')
    .default('VeiligThuis'),
  VT_NOTIFY_QUIET_START: z
    .string()
    .regex(/^\d{2}:\d{2}$/, 'HH:MM')
    .default('21:00'),
  VT_NOTIFY_QUIET_END: z
    .string()
    .regex(/^\d{2}:\d{2}$/, 'HH:MM')
    .default('08:00'),
  VT_SMS_DAILY_CEILING: z.coerce.number().int().min(0).default(2000),
  VT_EMAIL_DAILY_CEILING: z.coerce.number().int().min(0).default(5000),
  VT_SMS_RATE_PER_SECOND: z.coerce.number().positive().default(5),
  VT_EMAIL_RATE_PER_SECOND: z.coerce.number().positive().default(10),
  VT_RECEIPT_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // OIDC: bearer tokens are verified against this issuer, audience and key set. In development the
  // API also trusts a local key under the data folder (npm run token); production never does.
  VT_OIDC_ISSUER: z.string().min(1).default('veilig-thuis-dev'),
  VT_OIDC_AUDIENCE: z.string().min(1).default('veilig-thuis-api'),
  VT_OIDC_JWKS_URL: z.string().url().optional(),
  // Web sign-in (authorization code + PKCE, docs in SECURITY.md): unset client id keeps the
  // development sign-in in development and leaves production's web interface without sign-in.
  VT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  VT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  VT_OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  VT_OIDC_REDIRECT_URL: z.string().url().optional(),
  VT_OIDC_SCOPES: z.string().min(1).default('openid offline_access'),
  VT_OIDC_POST_LOGOUT_REDIRECT_URL: z.string().url().optional(),
  // Keys the web session ids (HMAC); at least 32 characters. Generated under VT_DATA_DIR/keys in development.
  VT_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  VT_SESSION_SECRET_FILE: z.string().min(1).optional(),
  VT_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  VT_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(10),
  VT_RATE_LIMIT_WRITES_PER_USER: z.coerce.number().int().min(1).default(120),
  VT_RATE_LIMIT_WRITES_PER_IP: z.coerce.number().int().min(1).default(600),
  VT_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  VT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  VT_RECONCILE_FULL_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  VT_STUCK_WAITING_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  // Days after closure that a case's personal data is kept (SECURITY.md, Retention). The
  // organisation sets this with its privacy officer; the default of 20 years (7305 days) follows
  // the Jeugdwet's norm for youth-care files (art. 7.3.8), the longest that usually applies to VT.
  VT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_525).default(7305),
});

export type Config = {
  mode: 'development' | 'production';
  dataDir: string;
  api: { host: string; port: number; corsOrigins: string[]; updateWaitMs: number };
  /** VT_PUBLIC_URL when set: where staff open the web interface (publicUrlOf gives the fallback). */
  publicUrl?: string;
  temporal: { address?: string; namespace: string; taskQueue: string; port: number; uiPort: number };
  mongo: { uri?: string; port: number; database: string; metricsPort?: number };
  workerHealthPort: number;
  /** Where the payload encryption keys come from (SECURITY.md); unset in development means a generated file. */
  codecKeys: { VT_CODEC_KEYS_FILE?: string; VT_CODEC_KEYS?: string };
  /** The household matching key (SECURITY.md); unset in development means a generated file. */
  matchingKey: { VT_MATCHING_KEY_FILE?: string; VT_MATCHING_KEY?: string };
  /** Days a household workflow without an open report stays before it ends. */
  householdQuietDays: number;
  /** Minutes without a message after which a household workflow rests (workflows/household-workflow.ts). */
  householdRestMinutes: number;
  /** Repeated reports about one household: `count` within `days` raise a supervisor's attention item. */
  repeatedReports: { count: number; days: number };
  /** The region's teams: each gets its supervisors' daily digest. */
  teams: string[];
  /** Where the worker's Temporal SDK metrics are exposed (Prometheus), and where the API finds them. */
  workerMetrics: { port: number; url?: string };
  /** Open cases a worker keeps in memory; unset leaves the SDK's default (sized from the heap). */
  workerMaxCachedWorkflows?: number;
  /** npm start's worker: in the launcher's process, or in a child process of its own. */
  embeddedWorker: 'inline' | 'process';
  /** How the embedded Temporal dev server's and FerretDB's SQLite files commit (sqlite-durability.ts). */
  embeddedSqliteSync: SqliteSync;
  childProtectionBoardUrl?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  notify: NotifyConfig;
  auth: { issuer: string; audience: string; jwksUrl?: string; devKeyDir: string };
  /** The web interface's sign-in and sessions (SECURITY.md, "Sign-in and sessions"). */
  web: WebAuthConfig;
  rateLimits: { writesPerUser: number; writesPerIp: number; windowMs: number };
  reconcileIntervalMs: number;
  /** How often the reconciler filters every report for unstarted ones (a scan on FerretDB). */
  reconcileFullIntervalMs: number;
  stuckWaitingWorkingDays: number;
  /** Personal data of a closed case is removed this many days after closure. */
  retention: { days: number };
};

/** Notifications (docs/NOTIFICATIONS.md). */
export interface NotifyConfig {
  /** Undefined: email is stored by the development channel. */
  smtpUrl?: string;
  emailFrom: string;
  sms: { provider: 'cm' | 'dev'; apiUrl: string; apiKey?: string; sender: string };
  /** Quiet hours as HH:MM: SMS is held from quietStart until quietEnd, Europe/Amsterdam. */
  quietStart: string;
  quietEnd: string;
  dailyCeiling: { sms: number; email: number };
  ratePerSecond: { sms: number; email: number };
  /** Shared secret of the receipt webhook (HMAC-SHA256 of the body); undefined only in development. */
  receiptSecret?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule, never echo the value: a URI may hold a password.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration — ${problems}. See the configuration table in README.md.`);
  }
  const e = parsed.data;
  if (e.VT_MODE === 'production') {
    const missing = [
      e.VT_SMS_PROVIDER === 'cm' && !e.VT_SMS_API_KEY ? 'VT_SMS_API_KEY (the CM.com product token)' : undefined,
      !e.VT_RECEIPT_SECRET
        ? 'VT_RECEIPT_SECRET (at least 16 characters, shared with the SMS provider webhook)'
        : undefined,
    ].filter(Boolean);
    if (missing.length > 0)
      throw new ConfigError(
        `Invalid configuration — production needs ${missing.join(' and ')}. See docs/NOTIFICATIONS.md.`,
      );
  }
  if (e.VT_MODE === 'production' && !e.VT_OIDC_JWKS_URL) {
    throw new ConfigError(
      'Invalid configuration — VT_OIDC_JWKS_URL is required in production (the development key is never trusted there).',
    );
  }
  const web = webAuthConfig(e, (problem) => {
    throw new ConfigError(`Invalid configuration — ${problem}. See the configuration table in README.md.`);
  });
  return {
    mode: e.VT_MODE,
    dataDir: path.resolve(e.VT_DATA_DIR),
    publicUrl: e.VT_PUBLIC_URL,
    api: {
      host: e.VT_API_HOST,
      port: e.VT_API_PORT,
      corsOrigins: e.VT_CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      updateWaitMs: e.VT_API_UPDATE_WAIT_MS,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.VT_TEMPORAL_PORT,
      uiPort: e.VT_TEMPORAL_UI_PORT,
    },
    mongo: {
      uri: e.MONGODB_URI,
      port: e.VT_MONGO_PORT,
      database: e.VT_MONGO_DATABASE,
      ...(e.VT_MONGO_METRICS_PORT !== undefined ? { metricsPort: e.VT_MONGO_METRICS_PORT } : {}),
    },
    workerHealthPort: e.VT_WORKER_HEALTH_PORT,
    codecKeys: { VT_CODEC_KEYS_FILE: e.VT_CODEC_KEYS_FILE, VT_CODEC_KEYS: e.VT_CODEC_KEYS },
    matchingKey: { VT_MATCHING_KEY_FILE: e.VT_MATCHING_KEY_FILE, VT_MATCHING_KEY: e.VT_MATCHING_KEY },
    householdQuietDays: e.VT_HOUSEHOLD_QUIET_DAYS,
    householdRestMinutes: e.VT_HOUSEHOLD_REST_MINUTES,
    repeatedReports: { count: e.VT_REPEATED_REPORTS_COUNT, days: e.VT_REPEATED_REPORTS_DAYS },
    teams: e.VT_TEAMS.split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    workerMetrics: { port: e.VT_WORKER_METRICS_PORT, url: e.VT_WORKER_METRICS_URL },
    workerMaxCachedWorkflows: e.VT_WORKER_MAX_CACHED_WORKFLOWS,
    embeddedWorker: e.VT_EMBEDDED_WORKER,
    embeddedSqliteSync: e.VT_EMBEDDED_SQLITE_SYNC,
    childProtectionBoardUrl: e.VT_CHILD_PROTECTION_BOARD_URL,
    logLevel: e.LOG_LEVEL,
    notify: {
      smtpUrl: e.VT_SMTP_URL,
      emailFrom: e.VT_EMAIL_FROM,
      sms: { provider: e.VT_SMS_PROVIDER, apiUrl: e.VT_SMS_API_URL, apiKey: e.VT_SMS_API_KEY, sender: e.VT_SMS_SENDER },
      quietStart: e.VT_NOTIFY_QUIET_START,
      quietEnd: e.VT_NOTIFY_QUIET_END,
      dailyCeiling: { sms: e.VT_SMS_DAILY_CEILING, email: e.VT_EMAIL_DAILY_CEILING },
      ratePerSecond: { sms: e.VT_SMS_RATE_PER_SECOND, email: e.VT_EMAIL_RATE_PER_SECOND },
      receiptSecret: e.VT_RECEIPT_SECRET,
    },
    auth: {
      issuer: e.VT_OIDC_ISSUER,
      audience: e.VT_OIDC_AUDIENCE,
      jwksUrl: e.VT_OIDC_JWKS_URL,
      // Under the data folder, never the repository: a key there would end up in git.
      devKeyDir: path.join(path.resolve(e.VT_DATA_DIR), 'dev-auth'),
    },
    web,
    rateLimits: {
      writesPerUser: e.VT_RATE_LIMIT_WRITES_PER_USER,
      writesPerIp: e.VT_RATE_LIMIT_WRITES_PER_IP,
      windowMs: e.VT_RATE_LIMIT_WINDOW_MS,
    },
    reconcileIntervalMs: e.VT_RECONCILE_INTERVAL_MS,
    reconcileFullIntervalMs: e.VT_RECONCILE_FULL_INTERVAL_MS,
    stuckWaitingWorkingDays: e.VT_STUCK_WAITING_WORKING_DAYS,
    retention: { days: e.VT_RETENTION_DAYS },
  };
}

/**
 * The web interface's address for links in staff e-mails: VT_PUBLIC_URL, else the API's own
 * address (one machine; 0.0.0.0 is where it listens, not an address to open).
 */
export function publicUrlOf(config: Pick<Config, 'publicUrl' | 'api'>): string {
  if (config.publicUrl) return config.publicUrl.endsWith('/') ? config.publicUrl : `${config.publicUrl}/`;
  const host = config.api.host === '0.0.0.0' || config.api.host === '::' ? '127.0.0.1' : config.api.host;
  return `http://${host}:${config.api.port}/`;
}
