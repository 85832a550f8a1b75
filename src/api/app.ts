import express from 'express';
import helmet from 'helmet';
import type mongoose from 'mongoose';
import type { Connection } from '@temporalio/client';
import { healthRoutes } from './routes/health-routes';
import { openApiDocument } from './openapi';
import { API_VERSION } from './version';

export interface AppDeps {
  store: mongoose.Connection;
  temporal: Connection;
  namespace: string;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', true);
  app.use(helmet());
  app.use((_req, res, next) => {
    res.setHeader('API-Version', API_VERSION);
    next();
  });
  app.use(healthRoutes(deps));
  app.get('/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  return app;
}
