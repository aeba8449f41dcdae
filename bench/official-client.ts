/**
 * The same deletion done the documented way with the official client: one bulk destroy per chunk
 * of 200 IDs, awaited one at a time, the client polling each job itself (at 1 s, 2 s, 3 s...).
 * Usage: node bench/official-client.ts BASE_URL TOKEN IDS_FILE (one ID a line).
 */
import { readFileSync } from 'node:fs';
import { buildClient } from '@datocms/cma-client-node';

const CHUNK = 200;

const [baseUrl, apiToken, idsFile] = process.argv.slice(2);
if (!baseUrl || !apiToken || !idsFile) throw new Error('usage: official-client.ts BASE_URL TOKEN IDS_FILE');
const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);

const client = buildClient({ apiToken, baseUrl });
for (let start = 0; start < ids.length; start += CHUNK) {
  const uploads = ids.slice(start, start + CHUNK).map((id) => ({ type: 'upload' as const, id }));
  await client.uploads.bulkDestroy({ uploads });
}
