/**
 * Whether a `terug` value is a path on this site to go back to after sign-in. One rule for the
 * server (auth-routes.ts) and the sign-in page, which navigates to it itself: browsers read `\` as
 * `/` and drop tabs and newlines, so `/\example.org` or `/<tab>/example.org` would leave the site.
 */
export function isSafeReturnPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length < 512 &&
    /^\/(?!\/)/.test(value) &&
    !value.includes('\\') &&
    !/\s/.test(value) &&
    !Array.from(value).some(isControl)
  );
}

/** C0 controls, DEL and C1 controls. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}
