/** A random BSN that passes the eleven-test (for tests and benchmarks: it names nobody known). */
export function randomBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10));
    if (digits[0] === 0) continue;
    const sum = digits.reduce((s, d, i) => s + (9 - i) * d, 0);
    const last = sum % 11;
    if (last <= 9) return `${digits.join('')}${last}`;
  }
}
