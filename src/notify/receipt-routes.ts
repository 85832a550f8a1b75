import { createHmac, timingSafeEqual } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import express, { type Request, type Response, Router } from 'express';
import mongoose from 'mongoose';
import { z } from 'zod';
import { noticeDeliveryWorkflowId, type DeliveryReceipt } from '../domain/notify';
import { deliveryReceiptSignal } from '../../workflows/notice-delivery-messages';
import { cmStatusReports } from './cm-status-report';
import { deliveryModel } from './delivery-model';
import { deliveryReferenceModel } from './delivery-reference-model';
import { HttpProblem, problems, sendProblem } from '../api/http/problem';

const receiptSchema = z.object({
  reference: z.string().regex(/^vt[0-9a-f]{30}$/),
  status: z.enum(['delivered', 'failed']),
  permanent: z.boolean().optional(),
  providerMessageId: z.string().max(200).optional(),
});
type ParsedReceipt = z.infer<typeof receiptSchema>;
const bodySchema = z.union([z.object({ receipts: z.array(receiptSchema).min(1).max(500) }), receiptSchema]);

export interface ReceiptRouterDeps {
  connection: mongoose.Connection;
  temporal: Client;
  /**
   * Shared secret of the provider's webhook (VT_RECEIPT_SECRET). A request is authentic with
   * `x-vt-signature: sha256=<hex HMAC-SHA256 of the raw body>` or, for providers that can only
   * send a fixed header, `x-vt-receipt-token: <secret>`. Undefined only in development: then
   * every request is accepted (the configuration refuses production without a secret).
   */
  secret?: string;
  /** Called after each receipt was recorded and signalled (tests, metrics). */
  onReceipt?: (receipt: DeliveryReceipt, noticeId: string) => void;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function authentic(req: Request, raw: Buffer, secret: string): boolean {
  const signature = req.get('x-vt-signature');
  if (signature) return safeEqual(signature, `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const token = req.get('x-vt-receipt-token');
  return token !== undefined && safeEqual(token, secret);
}

/**
 * `POST /v1/notification-receipts`: the SMS provider's (or a bounce processor's) delivery receipts.
 * Mount at the application root, before any JSON body parser (the signature covers the raw body).
 * Each receipt updates the delivery found by its opaque reference and signals the notice's
 * workflow (`notice-<noticeId>`); unknown references are counted, not errors, so the provider
 * does not retry them forever. Nothing personal is read, logged or answered.
 */
export function createReceiptRouter(deps: ReceiptRouterDeps): Router {
  const deliveries = deliveryModel(deps.connection);
  const references = deliveryReferenceModel(deps.connection);
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: '256kb' });

  async function record(receipts: readonly ParsedReceipt[]): Promise<{ recorded: number; unknown: number }> {
    let recorded = 0;
    let unknown = 0;
    for (const r of receipts) {
      const known = await references.findById(r.reference).lean();
      const fields = { noticeId: 1, workflowId: 1 };
      const delivery = known
        ? await deliveries.findById(known.deliveryId, fields).lean()
        : // Recorded before references were kept (or never sent): the filter, a scan on FerretDB.
          await deliveries.findOne({ reference: r.reference }, fields).lean();
      if (!delivery) {
        unknown++;
        continue;
      }
      const receipt: DeliveryReceipt = {
        reference: r.reference,
        status: r.status,
        permanent: r.permanent ?? r.status === 'failed',
      };
      await deliveries.updateOne(
        { _id: delivery._id, status: mongoose.trusted({ $in: ['intent', 'accepted'] }) },
        {
          $set: {
            status: receipt.status,
            permanent: receipt.permanent,
            finishedAt: new Date(),
            ...(r.status === 'failed' ? { reason: 'receipt' } : {}),
          },
        },
      );
      try {
        const workflowId = delivery.workflowId ?? noticeDeliveryWorkflowId(delivery.noticeId);
        await deps.temporal.workflow.getHandle(workflowId).signal(deliveryReceiptSignal, receipt);
      } catch (err) {
        // The delivery's workflow already finished (a late receipt): the record above is all there is to do.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      recorded++;
      deps.onReceipt?.(receipt, delivery.noticeId);
    }
    return { recorded, unknown };
  }

  router.post('/v1/notification-receipts', rawBody, async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (deps.secret && !authentic(req, raw, deps.secret)) {
      sendProblem(res, new HttpProblem(401, 'Unauthorized', { detail: 'missing or invalid receipt signature' }));
      return;
    }
    let parsed: z.infer<typeof bodySchema>;
    try {
      parsed = bodySchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      sendProblem(
        res,
        problems.badRequest('expected { receipts: [{ reference, status: delivered|failed, permanent? }] }'),
      );
      return;
    }
    await answer(res, () => record('receipts' in parsed ? parsed.receipts : [parsed]));
  });

  /**
   * CM.com's own status-report webhook (JSON), configured in CM's Channels app with this URL.
   * CM cannot sign, so it authenticates with the secret as `x-vt-receipt-token` or, where only a
   * URL can be configured, `?token=<secret>`. See cmStatusReports() for the mapping.
   */
  router.post('/v1/notification-receipts/cm', rawBody, async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (deps.secret && !authentic(req, raw, deps.secret) && !(token !== undefined && safeEqual(token, deps.secret))) {
      sendProblem(res, new HttpProblem(401, 'Unauthorized', { detail: 'missing or invalid receipt token' }));
      return;
    }
    let reports;
    try {
      reports = cmStatusReports(JSON.parse(raw.toString('utf8')));
    } catch {
      sendProblem(res, problems.badRequest('expected a CM.com status report { messages: { msg: … } }'));
      return;
    }
    await answer(res, async () => ({ ...(await record(reports.final)), interim: reports.interim }));
  });
  return router;
}

/**
 * A receipt that could not be recorded or signalled (the store or Temporal did not answer) is a
 * 503 with Retry-After, so the provider sends it again: recording and the signal are both safe to
 * repeat. A 500 would tell the provider the receipt itself was wrong.
 */
async function answer(res: Response, work: () => Promise<object>): Promise<void> {
  try {
    res.status(200).json(await work());
  } catch {
    sendProblem(res, problems.unavailable('the receipt could not be recorded now; send it again'));
  }
}
