import { formatFailure, parseFailure, type FailureEntry } from '../../../src/store/notify-failure-days';

test.each<FailureEntry>([
  { kind: 'undeliverable', team: 'north', notificationKey: 'overdue:r1:t1:2026-11-30' },
  // An identity provider's subject may hold the separators a plain `|` list would split on.
  {
    kind: 'failed-delivery',
    contactPointId: 'staff:auth0|5f1c',
    noticeId: 'reminder|r1',
    deliveryId: 'reminder|r1@staff:auth0|5f1c',
    at: new Date('2026-11-30T09:15:00.000Z'),
  },
])('a failure entry reads back as it was written: %o', (entry) => {
  expect(parseFailure(formatFailure(entry))).toEqual(entry);
});
