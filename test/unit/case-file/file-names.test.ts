import { attachmentDisposition, cleanFileName, fileNameFromDisposition } from '../../../src/api/case-file/file-names';

test('the upload names its file in Content-Disposition; the UTF-8 form wins over the plain one', () => {
  expect(
    fileNameFromDisposition(`attachment; filename="plain.pdf"; filename*=UTF-8''verslag%20%C3%A9%C3%A9n.pdf`),
  ).toBe('verslag één.pdf');
  expect(fileNameFromDisposition('attachment; filename="met \\"quote\\".pdf"')).toBe('met "quote".pdf');
  expect(fileNameFromDisposition('attachment; filename=kaal.pdf')).toBe('kaal.pdf');
  expect(fileNameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A`)).toBeUndefined();
  expect(fileNameFromDisposition(undefined)).toBeUndefined();
});

test('stored names carry no path, control characters or quotes; without one the type names it', () => {
  expect(cleanFileName('../../etc/passwd', 'application/pdf')).toBe('passwd');
  expect(cleanFileName('C:\\Users\\x\\brief.docx', 'application/pdf')).toBe('brief.docx');
  expect(cleanFileName('a\u0000b\u001fc\u007f"d.pdf', 'application/pdf')).toBe('abcd.pdf');
  expect(cleanFileName('..', 'image/png')).toBe('document.png');
  expect(cleanFileName(undefined, 'application/vnd.ms-excel')).toBe('document.xls');
  expect(cleanFileName('x'.repeat(300), 'application/pdf')).toHaveLength(200);
});

test('downloads are attachments with an ASCII fallback and the exact name in UTF-8', () => {
  expect(attachmentDisposition('verslag één.pdf')).toBe(
    `attachment; filename="verslag __n.pdf"; filename*=UTF-8''verslag%20%C3%A9%C3%A9n.pdf`,
  );
  expect(attachmentDisposition(`it's (1).pdf`)).toBe(
    `attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`,
  );
});
