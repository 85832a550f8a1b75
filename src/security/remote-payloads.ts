import type { Payload } from '@temporalio/common';

/** A payload as the remote codec protocol carries it: proto3 JSON, so every bytes field is base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export class RemotePayloadFormatError extends Error {
  override name = 'RemotePayloadFormatError';
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function bytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw new RemotePayloadFormatError(`${field} must be a base64 string.`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** Parses `{ payloads: [...] }`; a malformed body is refused with the field at fault, not echoed. */
export function payloadsFromJson(body: unknown): Payload[] {
  const list = (body as { payloads?: unknown } | undefined)?.payloads;
  if (!Array.isArray(list)) throw new RemotePayloadFormatError('The body must be { "payloads": [...] }.');
  return list.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null)
      throw new RemotePayloadFormatError(`payloads[${i}] must be an object.`);
    const { metadata, data } = item as { metadata?: unknown; data?: unknown };
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null)) {
      throw new RemotePayloadFormatError(`payloads[${i}].metadata must be an object.`);
    }
    const decodedMetadata: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries((metadata ?? {}) as Record<string, unknown>)) {
      decodedMetadata[key] = bytes(value, `payloads[${i}].metadata values`);
    }
    return {
      metadata: decodedMetadata,
      data: data === undefined || data === null ? new Uint8Array() : bytes(data, `payloads[${i}].data`),
    };
  });
}

export function payloadsToJson(payloads: Payload[]): JsonPayload[] {
  return payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  }));
}
