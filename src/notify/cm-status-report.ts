import { z } from 'zod';

/*
 * CM.com's status report (Business Messaging API, JSON webhook), for example:
 *
 *   { "messages": { "msg": { "received": "2026-11-30T09:12:01", "to": "0031612345678",
 *     "reference": "vt3f…", "status": { "code": "2", "errorCode": "", "errorDescription": "" },
 *     "operator": "20416" } } }
 *
 * `msg` may be one object or a list. Status codes: 0 accepted by the operator (not final),
 * 1 rejected by CM or the operator, 2 delivered, 3 failed (will not be delivered), 4 read.
 * Only `reference` and `status.code` are read: `to` is the recipient's number and is never
 * stored, logged or answered.
 */
const statusSchema = z.object({ code: z.union([z.string(), z.number()]).transform((c) => String(c)) });
const msgSchema = z.object({ reference: z.string().max(100), status: statusSchema });
const cmBodySchema = z.object({
  messages: z.object({ msg: z.union([msgSchema, z.array(msgSchema).min(1).max(500)]) }),
});

export interface CmStatusReports {
  /** Final outcomes in the webhook's own shape (references that are not ours are passed on and counted unknown). */
  final: { reference: string; status: 'delivered' | 'failed'; permanent: boolean }[];
  /** Reports that are not an outcome yet (code 0): acknowledged, nothing recorded. */
  interim: number;
}

/** Maps a CM.com status report onto receipts; throws on a body that is not one. */
export function cmStatusReports(body: unknown): CmStatusReports {
  const parsed = cmBodySchema.parse(body);
  const msgs = Array.isArray(parsed.messages.msg) ? parsed.messages.msg : [parsed.messages.msg];
  const out: CmStatusReports = { final: [], interim: 0 };
  for (const m of msgs) {
    if (m.status.code === '2' || m.status.code === '4') {
      out.final.push({ reference: m.reference, status: 'delivered', permanent: false });
    } else if (m.status.code === '1' || m.status.code === '3') {
      out.final.push({ reference: m.reference, status: 'failed', permanent: true });
    } else {
      out.interim++;
    }
  }
  return out;
}
