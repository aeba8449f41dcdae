/**
 * Why a backup is refused before anything is saved or deleted. Each message is one line that says
 * what went wrong and what to do; none holds a header or the token.
 */
import { byteSize } from '../common/byte-size.ts';

/** The uploads to back up add up to more than `backup-max-bytes`: nothing was downloaded or deleted. */
export class BackupTooLargeError extends Error {
  override name = 'BackupTooLargeError';

  constructor(bytes: number, maxBytes: number, uploads: number) {
    super(
      `the ${uploads} selected upload(s) add up to ${bytes} bytes (${byteSize(bytes)}), more than backup-max-bytes (${byteSize(maxBytes)}): nothing was downloaded or deleted; raise backup-max-bytes to at least ${bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024)}KB` : `${Math.ceil(bytes / 2 ** 20)}MB`}, or select fewer uploads`,
    );
  }
}
