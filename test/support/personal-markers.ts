import { randomBytes } from 'node:crypto';

/**
 * Random markers for the personal fields of a test's reports. A test puts them in, then checks
 * that none shows up where personal data must not go (staff messages, Temporal, logs, index keys).
 */
export function personalMarkers(): { markers: string[]; marker(label: string): string } {
  const markers: string[] = [];
  const marker = (label: string) => {
    const m = `${label}${randomBytes(5).toString('hex')}`;
    markers.push(m);
    return m;
  };
  return { markers, marker };
}
