/**
 * Saves text or bytes as a file the browser way (a Blob URL and an <a download>), which works in
 * the Electron window and in web mode alike. Large logs are passed as parts to avoid one huge string.
 */
function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(fileName: string, content: string | readonly string[], type = 'text/plain'): void {
  const parts = typeof content === 'string' ? [content] : [...content];
  saveBlob(fileName, new Blob(parts, { type: `${type};charset=utf-8` }));
}

/** Saves bytes (a support bundle's zip). */
export function downloadBytes(fileName: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): void {
  saveBlob(fileName, new Blob([bytes], { type }));
}
