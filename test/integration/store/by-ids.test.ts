import mongoose from 'mongoose';
import { findByIds } from '../../../src/store/by-ids';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
interface ByIdsDoc {
  _id: string;
  n: number;
  note: string;
}
let docs: mongoose.Model<ByIdsDoc>;
beforeAll(async () => {
  store = await openTestStore('by-ids');
  docs = store.connection.model<ByIdsDoc>(
    'ByIdsDoc',
    new mongoose.Schema<ByIdsDoc>(
      { _id: String, n: Number, note: String },
      { collection: 'by_ids_docs', versionKey: false },
    ),
  );
  await docs.insertMany(Array.from({ length: 1_200 }, (_, n) => ({ _id: `doc-${n}`, n, note: `note ${n}` })));
});
afterAll(async () => {
  await store?.drop();
});

// A trail page or a report's tasks: read by their ids, more than one query's worth of them included.
test('documents come back in the order asked, once each, missing ids left out, across several queries', async () => {
  const asked = [
    ...Array.from({ length: 1_100 }, (_, i) => `doc-${1_199 - i}`),
    'doc-5',
    'missing-1',
    'doc-1199',
    'missing-2',
  ];
  const found = await findByIds(docs, asked);
  const expected = [...new Set(asked)].filter((id) => !id.startsWith('missing'));
  expect(found.map((d) => d._id)).toEqual(expected);
  expect(found[0]).toEqual({ _id: 'doc-1199', n: 1_199, note: 'note 1199' });
});

test('a projection is kept, and no ids ask for nothing', async () => {
  expect(await findByIds(docs, ['doc-3', 'doc-2'], { _id: 1, n: 1 })).toEqual([
    { _id: 'doc-3', n: 3 },
    { _id: 'doc-2', n: 2 },
  ]);
  expect(await findByIds(docs, [])).toEqual([]);
});
