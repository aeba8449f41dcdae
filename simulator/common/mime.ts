/** Media types by extension, for the `mime_type` attribute and the asset host's `Content-Type`. */
const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  avif: 'image/avif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  pdf: 'application/pdf',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  json: 'application/json',
  zip: 'application/zip',
};

/** `application/octet-stream` for an extension it does not know, as S3 and most CDNs answer. */
export function mimeTypeOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return (dot > 0 && TYPES[filename.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
