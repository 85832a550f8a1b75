import { bareMediaType, contentMatches, isAcceptedMediaType } from '../../../src/case-file/content-type';

const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
const zip = (...names: string[]) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), ...names.map((n) => Buffer.from(n))]);
const DOCX = zip('[Content_Types].xml', 'word/document.xml');
const XLSX = zip('[Content_Types].xml', 'xl/workbook.xml');
const PLAIN_ZIP = zip('photos/1.jpg');
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('each accepted type is recognised by its bytes', () => {
  expect(contentMatches('application/pdf', PDF)).toBe(true);
  expect(contentMatches('image/png', PNG)).toBe(true);
  expect(contentMatches('image/jpeg', JPEG)).toBe(true);
  expect(contentMatches('application/msword', OLE)).toBe(true);
  expect(contentMatches('application/vnd.ms-excel', OLE)).toBe(true);
  expect(contentMatches(DOCX_TYPE, DOCX)).toBe(true);
  expect(contentMatches(XLSX_TYPE, XLSX)).toBe(true);
});

test('content that is not the declared type is refused, whatever it is called', () => {
  expect(contentMatches('application/pdf', HTML)).toBe(false);
  expect(contentMatches('application/pdf', PNG)).toBe(false);
  expect(contentMatches('image/png', JPEG)).toBe(false);
  expect(contentMatches(DOCX_TYPE, PLAIN_ZIP)).toBe(false);
  expect(contentMatches(DOCX_TYPE, XLSX)).toBe(false);
  expect(contentMatches('application/msword', DOCX)).toBe(false);
  expect(contentMatches('image/jpeg', Buffer.alloc(0))).toBe(false);
});

test('declared types: parameters and case are ignored; active content is not accepted at all', () => {
  expect(bareMediaType('Application/PDF; charset=binary')).toBe('application/pdf');
  expect(bareMediaType(undefined)).toBeUndefined();
  expect(isAcceptedMediaType('application/pdf')).toBe(true);
  for (const t of [
    'text/html',
    'image/svg+xml',
    'application/javascript',
    'application/zip',
    'application/octet-stream',
  ])
    expect(isAcceptedMediaType(t)).toBe(false);
});
