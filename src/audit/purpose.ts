/**
 * Why data is accessed (doelbinding). Sent as the `X-Purpose` header — a header rather than a
 * query key keeps it out of URLs and access logs and leaves the resource identity alone. Without
 * the header the endpoint's default purpose applies (case handling or supervision).
 */
export const PURPOSES = [
  'case-handling',
  'supervision',
  'quality-assurance',
  'complaint-handling',
  'legal-obligation',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}
