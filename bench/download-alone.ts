/**
 * The downloads of the backup case alone, in a process of their own as the action's are: the
 * URLs from a JSON file, DOWNLOAD_CONCURRENCY at a time, each streamed to a file by plain undici.
 * Prints the wall time of the downloads in ms.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { DOWNLOAD_CONCURRENCY } from '../src/core/backup/backup.ts';

const [urlsFile = '', dir = ''] = process.argv.slice(2);
const urls = JSON.parse(readFileSync(urlsFile, 'utf8')) as string[];
const agent = new Agent();
const limit = pLimit(DOWNLOAD_CONCURRENCY);
const started = performance.now();
await Promise.all(
  urls.map((url, index) =>
    limit(async () => {
      const res = await request(url, { dispatcher: agent });
      await pipeline(res.body, createWriteStream(join(dir, `file-${index}`)));
    }),
  ),
);
console.log(Math.round(performance.now() - started));
await agent.close();
