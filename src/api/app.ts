import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { AuditLog } from '../audit/audit-log';
import { createWebAuth } from '../auth/web-auth';
import type { Config } from '../config/config';
import type { ApiContext, AppDeps } from './api-context';
import { errorHandler } from './http/error-handler';
import { createMetrics } from './http/metrics';
import { problems } from './http/problem';
import { requestId } from './http/request-context';
import { StoreAvailability } from './http/store-availability';
import { RouteRegistry, type RouteSpec } from './http/route-registry';
import { apiVersionHeader } from './middleware/api-version';
import { authenticate, requireRole } from './middleware/authenticate';
import { chain } from './middleware/chain';
import { cors } from './middleware/cors';
import { bodyErrors, jsonBody, requireJsonContent } from './middleware/json-body';
import { methodNotAllowed } from './middleware/method-not-allowed';
import { noTrailingSlash } from './middleware/no-trailing-slash';
import { operatorGuard } from './middleware/operator-guard';
import { authenticateRequest } from './middleware/session-auth';
import { writeLimits } from './middleware/rate-limits';
import { buildOpenApiDocument } from './openapi';
import { registerRoutes } from './routes';
import { ReportIntake } from './reports/report-intake';
import { WorkflowStarter } from './reports/workflow-starter';
import { ActivityHealth } from './supervision/activity-health';
import { AdviceFollowUpGateway } from './advice/advice-follow-up-gateway';
import { WorkflowGateway } from './temporal/workflow-gateway';
import { codecRoutes } from '../security/codec-routes';
import { createReceiptRouter } from '../notify/receipt-routes';
import { webRoutes } from '../web/web-routes';
import { HouseholdRegistry } from '../households/household-registry';
import { loadMatchingKey } from '../households/matching-key-source';

export type { AppDeps } from './api-context';

/** The app carries the context its routes share, so the process runs its reconciler on the same one. */
export type ApiApp = express.Express & { readonly context: ApiContext };

/** The API context from its dependencies; exported for tests that need one on other connections than their app's. */
export function createApiContext(deps: AppDeps): ApiContext {
  const gateway = new WorkflowGateway(
    deps.temporal.client,
    deps.config.temporal.taskQueue,
    undefined,
    deps.config.api.updateWaitMs,
  );
  const starter = new WorkflowStarter(deps.store, gateway);
  const registry = new HouseholdRegistry(deps.store, loadMatchingKey(deps.config));
  return {
    config: deps.config,
    store: deps.store,
    gateway,
    audit: new AuditLog(deps.store),
    starter,
    intake: new ReportIntake(deps.store, starter, registry),
    households: {
      registry,
      store: deps.store,
      temporal: deps.temporal.client,
      taskQueue: deps.config.temporal.taskQueue,
      quietDays: deps.config.householdQuietDays,
      restMinutes: deps.config.householdRestMinutes,
    },
    activityHealth: new ActivityHealth(gateway),
    adviceFollowUps: new AdviceFollowUpGateway(
      deps.temporal.client,
      deps.config.temporal.taskQueue,
      undefined,
      deps.config.api.updateWaitMs,
    ),
  };
}

export function createApp(deps: AppDeps): ApiApp {
  const ctx = createApiContext(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.set('query parser', 'simple');
  const metrics = createMetrics();

  app.use(metrics.observe);
  app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));
  app.use(apiVersionHeader);
  app.use(requestId);
  app.use((_req, res, next) => {
    // Responses carry personal data: never cache them anywhere.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const limits = writeLimits(deps.config.rateLimits);
  // Bearer tokens everywhere; the web interface's session cookie (with its CSRF token) on /v1 only.
  const webAuth = createWebAuth(deps.config, deps.store, deps.logger);
  const verify = webAuth.verifyBearer;
  const authenticateV1 = authenticateRequest(verify, webAuth);
  if (deps.codec) {
    // Before the API's CORS: the Web UI's origin is allowed here only, and reading decoded
    // payloads is for supervisors and admins.
    app.use(
      codecRoutes({
        codec: deps.codec,
        authenticate: chain(limits.perIp, authenticate(verify), requireRole(['supervisor', 'admin'])),
        allowedOrigins: [...deps.config.api.corsOrigins, ...temporalUiOrigins(deps.config)],
      }),
    );
  }
  // The SMS provider's delivery receipts: authenticated by its shared secret over the raw body,
  // so mounted before any JSON parsing and outside the staff's OIDC authentication.
  app.use(
    createReceiptRouter({
      connection: deps.store,
      temporal: deps.temporal.client,
      secret: deps.config.notify.receiptSecret,
    }),
  );
  app.use(cors(deps.config.api.corsOrigins));
  app.use(noTrailingSlash);

  const guards = (spec: RouteSpec): RequestHandler[] =>
    spec.access === 'public'
      ? []
      : spec.rawBody
        ? [limits.perIp, authenticateV1, requireRole(spec.access), limits.perUser]
        : [
            limits.perIp,
            authenticateV1,
            requireRole(spec.access),
            limits.perUser,
            requireJsonContent,
            jsonBody,
            operatorGuard,
          ];

  const registry = new RouteRegistry();
  registerRoutes(registry, ctx, deps, metrics.registry);
  const document = buildOpenApiDocument(registry.routes);
  app.get('/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  // Every authenticated route reads or writes the case store (the audit trail at least).
  const storeAvailability = new StoreAvailability(deps.store);
  const storeCheck = async (spec: RouteSpec) => {
    if (spec.access !== 'public') await storeAvailability.assertAvailable();
  };
  app.use(registry.mount(guards, storeCheck));
  // The web interface on the same origin, so its calls to /v1 need no CORS at all.
  app.use(webRoutes(deps.config, webAuth, deps.logger));

  app.use(methodNotAllowed([...registry.routes, { method: 'get', path: '/v1/openapi.json' }]));
  app.use((req) => {
    throw problems.notFound(req.method === 'GET' ? 'No such resource.' : 'No such resource or method.');
  });
  app.use(bodyErrors);
  app.use(errorHandler(deps.logger));
  return Object.assign(app, { context: ctx });
}

/** The embedded dev server's Web UI, on both loopback names a browser may use. */
function temporalUiOrigins(config: Config): string[] {
  if (config.temporal.address) return [];
  return [`http://127.0.0.1:${config.temporal.uiPort}`, `http://localhost:${config.temporal.uiPort}`];
}
