import type { Request } from 'express';
import { HttpProblem } from '../http/problem';

/** Reads what is left of the request and throws it away, so the client can read the answer. */
export function drain(req: Request): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('error', () => resolve());
    req.once('close', resolve);
    req.resume();
  });
}

/** 413 whose detail states the limit, never anything of the body. */
export function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, 'Content Too Large', {
    detail: `Documents are limited to ${Math.round(maxBytes / (1024 * 1024))} MB.`,
  });
}

/**
 * The request body, up to `maxBytes`. A declared or actual size above the limit answers 413 —
 * after the rest of the body was read and discarded (as body-parser does), because a client that
 * is still sending may otherwise never see the answer.
 */
export async function readRawBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await drain(req);
    throw tooLarge(maxBytes);
  }
  const parts: Buffer[] = [];
  let size = 0;
  let over = false;
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
      if (!over) parts.push(chunk);
    });
    req.once('end', resolve);
    req.once('error', reject);
  });
  if (over) throw tooLarge(maxBytes);
  return Buffer.concat(parts, size);
}
