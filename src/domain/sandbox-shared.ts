import { z } from 'zod';

/*
 * Loaded once per worker thread, before any workflow, through the bundler's preloadModules
 * (worker/workflow-bundle.ts). With reuseV8Context every workflow otherwise instantiates every
 * module of the bundle for itself, the zod library and every schema included: about 1.1 MiB of
 * heap per cached workflow, household workflows too (bench:workflows). The SDK shares preloaded
 * modules between workflows and deep-freezes what they export; a frozen zod schema cannot install
 * its lazy members, so schemas are not exported from here but kept in this module's closure.
 * Outside the sandbox (API, activities, tests) this is a plain module-level memo.
 */
const shared = new Map<string, unknown>();

/**
 * The one instance of a value that is the same for every workflow: built by the first caller,
 * then returned to every other. Only for pure, immutable-in-effect values (zod schemas, whose lazy
 * caches are derived from the schema alone): a value that held state of one workflow would leak it
 * into others and break determinism.
 */
export function sandboxShared<T>(key: string, build: () => T): T {
  if (!shared.has(key)) shared.set(key, build());
  return shared.get(key) as T;
}

/*
 * Zod computes some module state on first use (whether eval is allowed, the members of each
 * schema class); it is computed here, before the SDK freezes the preloaded modules.
 */
const warmUp = z.strictObject({
  s: z.string().regex(/^a/).refine(Boolean).optional(),
  n: z.number().int().min(0),
  e: z.enum(['a']),
  u: z.discriminatedUnion('k', [z.strictObject({ k: z.literal('a') })]),
  l: z.array(z.boolean()).max(1),
  o: z.object({ b: z.boolean() }).optional(),
  x: z.unknown(),
});

/** True once zod parses; referenced so that the bundler keeps this module. */
export const sandboxPreloaded: boolean =
  warmUp.safeParse({ n: 1, e: 'a', u: { k: 'a' }, l: [], x: 0 }).success &&
  !warmUp.safeParse({ s: 'b', n: -1, e: 'b', u: {}, l: [1, 2] }).success;
