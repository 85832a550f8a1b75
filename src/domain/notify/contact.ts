/**
 * Safe contact (docs/PROCESS.md, "Safe contact"): a message about a report of domestic violence can
 * itself endanger someone, so a notification only ever goes to a contact point marked safe.
 * The workflow sees contact points as ids, channels and flags — never the address itself.
 */
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** safe: may be used; not-safe: never; only-via-reporter: only the reporter may pass it on, so never by us. */
export const CONTACT_SAFETY = ['safe', 'not-safe', 'only-via-reporter'] as const;
export type ContactSafety = (typeof CONTACT_SAFETY)[number];

export interface ContactPointRef {
  /** Opaque id of the contact point in the case store (not the address). */
  contactPointId: string;
  channel: Channel;
  safety: ContactSafety;
}

/** The contact points a notification may use, in the household's order of preference. */
export function safeContactPoints(points: readonly ContactPointRef[]): ContactPointRef[] {
  return points.filter((p) => p.safety === 'safe' && (CHANNELS as readonly string[]).includes(p.channel));
}

/**
 * The next contact point to try: the first safe one that has not been tried yet (a permanent
 * failure or a missing receipt moves on to the next). Undefined when none is left: the caseworker
 * then contacts the household another way.
 */
export function nextSafeContactPoint(
  points: readonly ContactPointRef[],
  tried: ReadonlySet<string> | readonly string[],
): ContactPointRef | undefined {
  const done = tried instanceof Set ? tried : new Set(tried as readonly string[]);
  return safeContactPoints(points).find((p) => !done.has(p.contactPointId));
}
