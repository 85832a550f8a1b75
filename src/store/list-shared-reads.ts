import type mongoose from 'mongoose';
import { storedEntries } from './open-work-model';

interface Flight {
  epoch: number;
  writes: number;
  raw: Promise<string | undefined>;
}

/** Per connection: reads in flight per list, this process's writes per list, and an epoch for when those counts are cleared. */
const reads = new WeakMap<
  mongoose.Connection,
  { flights: Map<string, Flight>; writes: Map<string, number>; epoch: number }
>();
const readsOf = (connection: mongoose.Connection) => {
  let r = reads.get(connection);
  if (!r) reads.set(connection, (r = { flights: new Map(), writes: new Map(), epoch: 0 }));
  return r;
};

/**
 * Reads of one list that arrive while another read of it is out share its answer (each caller
 * parses its own copy): a team's caseworkers or supervisors opening one screen at once read one
 * half-megabyte document once instead of each, and FerretDB decodes it for every read. A read
 * never joins one that started before this process last wrote the list, so a caller sees its
 * own writes.
 */
export function sharedRead(connection: mongoose.Connection, key: string): Promise<string | undefined> {
  const r = readsOf(connection);
  const writes = r.writes.get(key) ?? 0;
  const flight = r.flights.get(key);
  if (flight && flight.epoch === r.epoch && flight.writes === writes) return flight.raw;
  const mine: Flight = { epoch: r.epoch, writes, raw: storedEntries(connection, key) };
  r.flights.set(key, mine);
  const land = () => {
    if (r.flights.get(key) === mine) r.flights.delete(key);
  };
  mine.raw.then(land, land);
  return mine.raw;
}

/** Counts a write of the list, so later reads do not join a read that started before it. */
export function wrote(connection: mongoose.Connection, key: string): void {
  const r = readsOf(connection);
  // Bounded: a new epoch parts every later read from every earlier one, so the counts can restart.
  if (r.writes.size >= 10_000) {
    r.writes.clear();
    r.epoch += 1;
  }
  r.writes.set(key, (r.writes.get(key) ?? 0) + 1);
}
