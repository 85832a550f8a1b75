import pino from 'pino';

/**
 * Structured logs that never carry personal data. The API and activities log ids only; redaction
 * is the safety net for anything that slips through (request bodies, headers with tokens).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'body',
  '*.name',
  '*.email',
  '*.phone',
  '*.address',
  '*.description',
  '*.concern',
  '*.members',
  '*.contactPoints',
  '*.reporter',
  // Case-file entries and attachments: free text and file names (the upload names its file in a header).
  'req.headers["content-disposition"]',
  '*.title',
  '*.text',
  '*.versions',
  '*.fileName',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined }, destination);
}
