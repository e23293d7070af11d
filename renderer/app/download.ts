/**
 * Saves text as a file the browser way (a Blob URL and an <a download>), which works in the
 * Electron window and in web mode alike. Large logs are passed as parts to avoid one huge string.
 */
export function downloadText(fileName: string, content: string | readonly string[], type = 'text/plain'): void {
  const parts = typeof content === 'string' ? [content] : [...content];
  const url = URL.createObjectURL(new Blob(parts, { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves bytes (a support bundle's zip) as a file the same way. */
export function downloadBytes(fileName: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
