import path from 'node:path';
import { z } from 'zod';

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
  VT_CORS_ORIGINS: z.string().default(''),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('veilig-thuis'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('vt-cases'),
  VT_TEMPORAL_PORT: port.default(7233),
  VT_TEMPORAL_UI_PORT: port.default(8233),
  MONGODB_URI: z.string().min(1).optional(),
  VT_MONGO_PORT: port.default(27017),
  VT_WORKER_HEALTH_PORT: port.default(9464),
  VT_MONGO_DATABASE: z.string().min(1).default('veilig-thuis'),
  VT_CHILD_PROTECTION_BOARD_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  mode: 'development' | 'production';
  dataDir: string;
  api: { host: string; port: number; corsOrigins: string[] };
  temporal: { address?: string; namespace: string; taskQueue: string; port: number; uiPort: number };
  mongo: { uri?: string; port: number; database: string };
  workerHealthPort: number;
  childProtectionBoardUrl?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule, never echo the value: a URI may hold a password.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration — ${problems}. See the configuration table in README.md.`);
  }
  const e = parsed.data;
  return {
    mode: e.VT_MODE,
    dataDir: path.resolve(e.VT_DATA_DIR),
    api: {
      host: e.VT_API_HOST,
      port: e.VT_API_PORT,
      corsOrigins: e.VT_CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.VT_TEMPORAL_PORT,
      uiPort: e.VT_TEMPORAL_UI_PORT,
    },
    mongo: { uri: e.MONGODB_URI, port: e.VT_MONGO_PORT, database: e.VT_MONGO_DATABASE },
    workerHealthPort: e.VT_WORKER_HEALTH_PORT,
    childProtectionBoardUrl: e.VT_CHILD_PROTECTION_BOARD_URL,
    logLevel: e.LOG_LEVEL,
  };
}
