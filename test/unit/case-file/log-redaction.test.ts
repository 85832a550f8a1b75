import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging/logger';

test('logs redact case-file text, titles, versions and file names, also the upload header naming the file', () => {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info(
    {
      req: { headers: { 'content-disposition': 'attachment; filename="gezin-jansen.pdf"' } },
      entry: {
        id: 'e-1',
        title: 'Gesprek',
        text: 'Moeder vertelt…',
        versions: [{ text: 'Moeder' }],
        fileName: 'gezin-jansen.pdf',
      },
    },
    'case-file event',
  );
  expect(out).not.toMatch(/jansen|Moeder|Gesprek/);
  expect(JSON.parse(out).entry.id).toBe('e-1');
});
