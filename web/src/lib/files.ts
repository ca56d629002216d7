import { ApiError } from '../api';

// Files in the browser: chosen ones sent to the server as base64 inside JSON, and files the server makes saved.
export async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Saves a file the server makes (a PDF of a record): a GET, or a POST with the CSRF token when making it is itself
 * a disclosure (so a link can never trigger it). A refusal is thrown as the server's problem.
 */
export async function downloadFile(path: string, filename: string, post?: { csrf: string }) {
  const res = await fetch(path, post ? { method: 'POST', headers: { 'X-CSRF-Token': post.csrf }, credentials: 'same-origin' }
    : { credentials: 'same-origin' });
  if (!res.ok) {
    const p = await res.json().catch(() => ({}));
    throw new ApiError(res.status, p.type ?? '', p.detail ?? 'The file could not be made.', p.errors ?? []);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
