import { randomBytes } from 'node:crypto';
import type { UploadContent } from './content.ts';
import { mimeTypeOf } from './mime.ts';

/** One `POST /upload-requests`: where its file goes, and the file once it was PUT. */
export interface UploadRequestEntry {
  /** The upload request's id and the created upload's `path`: `/1/<n>-<filename>`. */
  readonly path: string;
  readonly filename: string;
  /** The opaque key in the presigned URL: `/storage/<key>`. */
  readonly key: string;
  /** The presigned URL's query string as issued, without `?`: a PUT must send it unchanged. */
  readonly search: string;
  /** `request_headers`: a PUT must send each of them with this exact value. */
  readonly headers: Readonly<Record<string, string>>;
  /** The bytes of the last successful PUT; undefined until then. */
  content?: UploadContent;
}

/** A presigned URL's query string, shaped like S3's (the signature is random: nothing checks it but equality). */
function presignedSearch(): string {
  const params = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'SIMULATOR/20240101/us-east-1/s3/aws4_request',
    'X-Amz-Date': '20240101T000000Z',
    'X-Amz-Expires': '900',
    'X-Amz-SignedHeaders': 'content-type;host;x-amz-acl',
    'X-Amz-Signature': randomBytes(32).toString('hex'),
  });
  return params.toString();
}

/** The bucket behind `POST /upload-requests` and the asset host's PUTs: shared by every environment. */
export class Storage {
  private readonly byKey = new Map<string, UploadRequestEntry>();
  private readonly byPath = new Map<string, UploadRequestEntry>();
  private lastNumber = 0;

  request(filename: string): UploadRequestEntry {
    const entry: UploadRequestEntry = {
      path: `/1/${++this.lastNumber}-${filename}`,
      filename,
      key: randomBytes(16).toString('hex'),
      search: presignedSearch(),
      headers: { 'Content-Type': mimeTypeOf(filename), 'x-amz-acl': 'public-read' },
    };
    this.byKey.set(entry.key, entry);
    this.byPath.set(entry.path, entry);
    return entry;
  }

  forKey(key: string): UploadRequestEntry | undefined {
    return this.byKey.get(key);
  }

  /** The request whose id is `path`; undefined when it was never made. */
  forPath(path: string): UploadRequestEntry | undefined {
    return this.byPath.get(path);
  }
}
