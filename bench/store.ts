import { pct, runBench, withBenchSystem } from './support/bench-system';

/**
 * `npm run bench:store`: what one write costs the embedded store as its collection grows. A
 * conditional write by `_id` (a claim's `{ _id, status: 'open' }`, a delivery's
 * `{ _id, status: 'intent' }`) and a findOneAndUpdate by `_id` (the projection write) beside a plain `_id` lookup and a filter without `_id` (a scan), on
 * BENCH_DOCS documents (default 30,000). With FerretDB's `_id` pushdown the conditional write
 * costs about what the lookup does; without it, what the scan does.
 */
const DOCS = Number(process.env.BENCH_DOCS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

async function time(op: (i: number) => Promise<unknown>, rounds = ROUNDS) {
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await op(i);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

runBench(() =>
  withBenchSystem('bench-store', async (system) => {
    const tasks = system.store.collection<{ _id: string; status: string; n: number }>('bench_store_tasks');
    for (let start = 0; start < DOCS; start += 1_000)
      await tasks.insertMany(
        Array.from({ length: Math.min(1_000, DOCS - start) }, (_, k) => ({
          _id: `t-${start + k}`,
          status: (start + k) % 5 ? 'completed' : 'open',
          n: 0,
        })),
      );
    const id = (i: number) => `t-${((i * 7919) % Math.floor(DOCS / 5)) * 5}`; // open ones
    const lookup = await time((i) => tasks.findOne({ _id: id(i) }));
    const plain = await time((i) => tasks.updateOne({ _id: id(i) }, { $inc: { n: 1 } }));
    const conditional = await time((i) => tasks.updateOne({ _id: id(i), status: 'open' }, { $inc: { n: 1 } }));
    // The projection write (writeCaseState) returns the document as it was, for its team.
    const andReturn = await time((i) =>
      tasks.findOneAndUpdate({ _id: id(i) }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'before' }),
    );
    const scan = await time(() => tasks.findOne({ status: 'open', n: -1 }), 5);
    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
    console.log(`Store operations on ${DOCS} documents, p50 / p95`);
    console.log(`  findOne {_id}                 ${ms(lookup.p50)} /${ms(lookup.p95)}`);
    console.log(`  updateOne {_id}               ${ms(plain.p50)} /${ms(plain.p95)}`);
    console.log(`  updateOne {_id, status}       ${ms(conditional.p50)} /${ms(conditional.p95)}`);
    console.log(`  findOneAndUpdate {_id}        ${ms(andReturn.p50)} /${ms(andReturn.p95)}`);
    console.log(`  findOne {status, n} (a scan)  ${ms(scan.p50)} /${ms(scan.p95)}`);
    console.log(
      `bench:store conditional-update p50=${conditional.p50.toFixed(1)} ms ratio-to-id-update=${(conditional.p50 / plain.p50).toFixed(2)} at ${DOCS} documents`,
    );
  }),
);
