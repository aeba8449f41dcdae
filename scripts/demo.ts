/**
 * `npm run demo`: runs the built action (dist/index.js) as the GitHub runner would, against the
 * built-in simulator of the DatoCMS API, and shows its log, outputs, job summary and what the
 * simulator deleted. No DatoCMS account needed.
 */
import { runAction } from './run-action.ts';
import { uid } from '../__fixtures__/ids.ts';
import { startSimulator, uploadId } from '../simulator/index.ts';

const TOKEN = 'demo-token';
// Upload IDs of the real shape (the action refuses any other), still readable: keepMe______...A.
const KEEP_ME = uid('keepMe');
const VIDEO = uid('video1');
// An ID of the right shape that no upload has: the run reports it, it does not stop for it.
const GONE = uid('goneAlready');
const sim = await startSimulator({
  token: TOKEN,
  jobLatencyMs: 400,
  uploads: [
    ...Array.from({ length: 450 }, (_, i) => ({ id: uploadId(i), filename: `release-41-${i}.jpg` })),
    { id: KEEP_ME, filename: 'logo.svg' },
    { id: VIDEO, filename: 'intro.mp4', tracks: [{ id: 'subs-it', name: 'Italiano' }, { id: 'subs-en' }] },
  ],
});

const inputs = {
  'api-token': TOKEN,
  'base-url': sim.url,
  // 450 obsolete uploads (three batches of at most 200) and one ID that does not exist.
  'upload-ids': [...Array.from({ length: 450 }, (_, i) => uploadId(i)), GONE].join('\n'),
  'upload-tracks': `${VIDEO}/subs-it`,
};

console.log(`Simulator at ${sim.url} with 453 uploads. Running node dist/index.js with:`);
for (const [name, value] of Object.entries(inputs)) {
  const shown = name === 'upload-ids' ? `${value.split('\n').length} IDs` : name === 'api-token' ? '***' : value;
  console.log(`  ${name}: ${shown}`);
}
// The one unknown ID is the run's one failure: said before the run, so that its warning does not read as a fault.
const items = inputs['upload-ids'].split('\n').length + 1;
console.log(
  `One ID, ${GONE}, is of no upload on purpose (as if deleted by hand since the list was made): expect the warning "1 of ${items} deletion(s) failed ... (unknown IDs?)" and failed=1, the rest deleted.`,
);
try {
  const run = await runAction(inputs);
  section('Action log (stdout)', run.stdout.trimEnd());
  section(
    'Outputs',
    Object.entries(run.outputs)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );
  section('Job summary (markdown)', (run.summary ?? '').trimEnd());
  const deleted = sim.deletions;
  section(
    'What the simulator saw',
    [
      `requests: ${sim.requests.length} (${summarize(sim.requests.map((r) => `${r.method} ${r.path.replace(/\/job-results\/.*/, '/job-results/:id')}`))})`,
      `uploads deleted: ${deleted.filter((d) => d.kind === 'upload').length}, tracks deleted: ${deleted.filter((d) => d.kind === 'track').length}`,
      `keepMe still there: ${sim.uploadExists(KEEP_ME)}, video1/subs-en still there: ${sim.trackExists(VIDEO, 'subs-en')}`,
      `exit code: ${run.code}`,
    ].join('\n'),
  );
} finally {
  await sim.close();
}

function section(title: string, body: string): void {
  console.log(`\n=== ${title} ===\n${body}`);
}

function summarize(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts]
    .map(([item, n]) => `${n}x ${item.replace(/\/uploads\/[^/]+\/tracks\/.*/, '/uploads/:id/tracks/:id')}`)
    .join(', ');
}
