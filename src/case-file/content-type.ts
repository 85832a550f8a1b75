/**
 * Which documents the case file accepts, decided by the bytes rather than by the name or the
 * declared Content-Type: a file is stored only when its content is what the uploader declared.
 * A renamed executable or an HTML page declared as PDF is refused, and nothing stored can be
 * rendered as active content by a browser (downloads are attachments with nosniff besides).
 */

const PDF = 'application/pdf';
const PNG = 'image/png';
const JPEG = 'image/jpeg';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const DOC = 'application/msword';
const XLS = 'application/vnd.ms-excel';
const PPT = 'application/vnd.ms-powerpoint';

export const ACCEPTED_MEDIA_TYPES = [PDF, PNG, JPEG, DOCX, XLSX, PPTX, DOC, XLS, PPT] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

/** 20 MB: a scanned report of some dozens of pages, with room to spare. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

type Family = 'pdf' | 'png' | 'jpeg' | 'ooxml' | 'ole';

const FAMILY: Record<AcceptedMediaType, Family> = {
  [PDF]: 'pdf',
  [PNG]: 'png',
  [JPEG]: 'jpeg',
  [DOCX]: 'ooxml',
  [XLSX]: 'ooxml',
  [PPTX]: 'ooxml',
  [DOC]: 'ole',
  [XLS]: 'ole',
  [PPT]: 'ole',
};

const startsWith = (bytes: Buffer, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

function familyOf(bytes: Buffer): Family | undefined {
  // PDF readers accept the header within the first 1024 bytes; producers put it first.
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  // A zip is an office document only when it carries the OOXML package manifest.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && bytes.includes('[Content_Types].xml')) return 'ooxml';
  return undefined;
}

/** The OOXML part folder names the application: a .docx declared as a spreadsheet is refused. */
function ooxmlKind(bytes: Buffer): AcceptedMediaType | undefined {
  if (bytes.includes('word/')) return DOCX;
  if (bytes.includes('xl/')) return XLSX;
  if (bytes.includes('ppt/')) return PPTX;
  return undefined;
}

/** The media type without parameters, lower case (`Application/PDF; x=y` → `application/pdf`). */
export function bareMediaType(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';')[0].trim().toLowerCase();
  return bare ? bare : undefined;
}

export function isAcceptedMediaType(value: string | undefined): value is AcceptedMediaType {
  return value !== undefined && (ACCEPTED_MEDIA_TYPES as readonly string[]).includes(value);
}

/**
 * Whether `bytes` are a document of the declared type. OLE files (.doc, .xls, .ppt) share one
 * container whose kind needs a full parse to tell apart; any of the three is accepted for them.
 */
export function contentMatches(declared: AcceptedMediaType, bytes: Buffer): boolean {
  const family = familyOf(bytes);
  if (family !== FAMILY[declared]) return false;
  if (family === 'ooxml') {
    const kind = ooxmlKind(bytes);
    return kind === undefined || kind === declared;
  }
  return true;
}
