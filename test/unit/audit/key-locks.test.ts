import { KeyLocks } from '../../../src/audit/key-locks';

/** A body that records when it runs and finishes only when the test lets it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('holders of one key run one after another, in the order they asked', async () => {
  const locks = new KeyLocks();
  const log: string[] = [];
  const first = gate();
  const a = locks.withKeys(['r1'], async () => {
    log.push('a starts');
    await first.opened;
    log.push('a ends');
  });
  const b = locks.withKeys(['r1'], async () => {
    log.push('b runs');
  });
  await new Promise(setImmediate);
  expect(log).toEqual(['a starts']);
  first.open();
  await Promise.all([a, b]);
  expect(log).toEqual(['a starts', 'a ends', 'b runs']);
});

test('other keys do not wait', async () => {
  const locks = new KeyLocks();
  const held = gate();
  const a = locks.withKeys(['r1'], () => held.opened);
  let ran = false;
  await locks.withKeys(['r2'], async () => {
    ran = true;
  });
  expect(ran).toBe(true);
  held.open();
  await a;
});

test('overlapping sets asked in opposite orders both finish', async () => {
  const locks = new KeyLocks();
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      locks.withKeys(i % 2 ? ['a', 'b', 'c'] : ['c', 'b', 'a'], async () => {
        await new Promise(setImmediate);
        return i;
      }),
    ),
  );
  expect(results).toHaveLength(20);
});

test('a failing holder releases its keys and the error reaches its caller', async () => {
  const locks = new KeyLocks();
  await expect(locks.withKeys(['r1'], () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
  await expect(locks.withKeys(['r1'], async () => 'next')).resolves.toBe('next');
});
