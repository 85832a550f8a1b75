import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { PayloadCodec } from '@temporalio/common';
import { payloadsFromJson, payloadsToJson, RemotePayloadFormatError } from './remote-payloads';

export interface CodecRoutesOptions {
  codec: PayloadCodec;
  /**
   * Bearer-token authentication (and any role check) from src/auth. It runs after CORS, so a
   * browser's preflight — which never carries the token — is answered without it.
   */
  authenticate: RequestHandler;
  /** Origins of the Temporal Web UI allowed to call from a browser, e.g. http://127.0.0.1:8233. */
  allowedOrigins: string[];
  /** Largest JSON body accepted; a history page of payloads can be a few megabytes. */
  bodyLimit?: string;
}

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';

/**
 * The Temporal remote codec protocol, so authorised staff can read decoded payloads in the
 * Temporal Web UI and CLI: POST /codec/decode and /codec/encode take and return
 * `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }` (proto3 JSON).
 */
export function codecRoutes(options: CodecRoutesOptions): Router {
  const router = Router();
  const cors = webUiCors(options.allowedOrigins);
  const json = express.json({ limit: options.bodyLimit ?? '8mb' });
  for (const action of ['decode', 'encode'] as const) {
    const path = `/codec/${action}`;
    router.options(path, cors, (_req, res) => {
      res.sendStatus(204);
    });
    router.post(path, cors, options.authenticate, json, async (req: Request, res: Response) => {
      const payloads = payloadsFromJson(req.body);
      const result = await options.codec[action](payloads);
      // Decoded payloads are personal data: no proxy or browser cache may keep them.
      res.setHeader('Cache-Control', 'no-store');
      res.json({ payloads: payloadsToJson(result) });
    });
  }
  router.use('/codec', codecErrors);
  return router;
}

/**
 * CORS as the Web UI needs it: its origin echoed (never `*`, which browsers refuse together with
 * credentials), credentials allowed for the UI's "include cross-origin credentials" setting, and
 * the three headers the UI sends. Other origins get no CORS headers and a refused preflight.
 */
function webUiCors(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
    } else if (origin && req.method === 'OPTIONS') {
      res.sendStatus(403);
      return;
    }
    next();
  };
}

/**
 * The codec's errors name a key id at most, never payload content; anything else stays generic.
 * Refusals by `authenticate` (401, 403, 429) go on to the app's error handler: a missing token is
 * the caller's fault and must read as such, not as a codec failure (a 500 would page an operator).
 */
const codecErrors: ErrorRequestHandler = (err: Error & { type?: string; status?: number }, _req, res, next) => {
  if (err instanceof RemotePayloadFormatError || err.name === 'PayloadDecryptionError') {
    res.status(400).json({ error: err.message });
  } else if (err.type === undefined && err.status !== undefined && err.status >= 400 && err.status < 500) {
    next(err);
  } else if (err.type === 'entity.too.large' || err.type === 'entity.parse.failed') {
    res
      .status(err.status ?? 400)
      .json({ error: 'The body must be JSON of the form { "payloads": [...] } within the size limit.' });
  } else {
    res.status(500).json({ error: 'The codec could not process the payloads.' });
  }
};
