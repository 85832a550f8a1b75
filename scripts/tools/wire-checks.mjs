// Readiness checks over the wire, with node built-ins only: a gRPC call for Temporal servers and a
// MongoDB ping for FerretDB.

import http2 from 'node:http2';
import net from 'node:net';

/** gRPC WorkflowService/GetSystemInfo over plain HTTP/2: an empty request is 5 zero bytes. */
export function grpcGetSystemInfo(port, timeoutMs = 2_000) {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const fail = (err) => {
      clearTimeout(timer);
      session.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error('timeout')), timeoutMs);
    session.on('error', fail);
    const req = session.request({
      ':method': 'POST',
      ':path': '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status;
    req.on('response', (headers) => (status = headers['grpc-status']));
    req.on('trailers', (trailers) => (status = trailers['grpc-status'] ?? status));
    req.on('data', () => {});
    req.on('error', fail);
    req.on('end', () => {
      clearTimeout(timer);
      session.close();
      if (status === '0') resolve();
      else reject(new Error(`grpc-status ${status}`));
    });
    req.end(Buffer.alloc(5));
  });
}

/**
 * MongoDB wire protocol: an OP_MSG with the BSON document {ping: 1, $db: "admin"}; resolves when
 * the reply carries ok: 1.0. Hand-made so this script needs no driver.
 */
export function mongoPing(port, timeoutMs = 2_000) {
  const int32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const cstring = (s) => Buffer.from(`${s}\0`);
  // prettier-ignore
  const fields = Buffer.concat([
    Buffer.from([0x10]), cstring('ping'), int32(1), // int32 field
    Buffer.from([0x02]), cstring('$db'), int32(6), cstring('admin'), // string field
    Buffer.from([0x00]),
  ]);
  const doc = Buffer.concat([int32(fields.length + 4), fields]);
  const body = Buffer.concat([int32(0) /* flagBits */, Buffer.from([0]) /* section kind 0: body */, doc]);
  const message = Buffer.concat([int32(16 + body.length), int32(1), int32(0), int32(2013) /* OP_MSG */, body]);
  const okField = Buffer.concat([Buffer.from([0x01]), cstring('ok')]); // double field "ok"

  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(message));
    let reply = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length < 4 || reply.length < reply.readInt32LE(0)) return;
      socket.destroy();
      const at = reply.indexOf(okField, 21);
      if (at > 0 && reply.readDoubleLE(at + okField.length) === 1) resolve();
      else reject(new Error('ping answered without ok: 1'));
    });
  });
}
