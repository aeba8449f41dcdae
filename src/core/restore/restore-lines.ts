/** The restore in plain lines, for the front doors' summary and terminal. */
import { ID_MAP_NAME } from './id-map.ts';
import type { RestoreResult } from './restore-result.ts';

/** The restore in plain lines, for the summary and the terminal: counts, what was not restored, the ID map. */
export function restoreLines(result: RestoreResult, most = 50): string[] {
  const restored = [...result.items].filter(([, item]) => item.fate === 'restored');
  const failed = [...result.items].filter(([, item]) => item.fate === 'failed');
  const skipped = [...result.items].filter(([, item]) => item.fate === 'skipped');
  const lines = [
    `Restored: ${restored.length} of ${result.items.size} selected upload(s); skipped: ${skipped.length}; not restored: ${failed.length}; still pending: ${result.count('pending')}`,
  ];
  for (const [id, item] of failed.slice(0, most)) lines.push(`Not restored: ${id}: ${item.reason ?? 'unknown'}`);
  for (const [id, item] of skipped.slice(0, most)) lines.push(`Skipped: ${id}: ${item.reason ?? ''}`);
  for (const [id, item] of restored.slice(0, most)) lines.push(`${id} -> ${item.newId ?? ''}`);
  if (restored.length > most)
    lines.push(`... and ${restored.length - most} more restored (the report and ${ID_MAP_NAME} list every one)`);
  return lines;
}
