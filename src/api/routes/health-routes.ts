import { Router } from 'express';
import type mongoose from 'mongoose';
import type { Connection } from '@temporalio/client';
import { checkDependencies } from '../health-checks';

export function healthRoutes(deps: { store: mongoose.Connection; temporal: Connection; namespace: string }): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'up' });
  });
  router.get('/health/ready', async (_req, res) => {
    const checks = await checkDependencies(deps);
    const ready = checks.temporal.status === 'up' && checks.store.status === 'up';
    res.status(ready ? 200 : 503).json({ status: ready ? 'up' : 'down', checks });
  });
  return router;
}
