import type { Manifest } from './backup-reader.ts';
import type { TargetEnvironment } from '../cma/environment.ts';
import type { IdMap } from './id-map.ts';
import type { Settings } from '../settings/settings.ts';

/** What a restore needs: where the backup is, what to bring back, and where to. */
export type RestoreSettings = Pick<
  Settings,
  'apiToken' | 'baseUrl' | 'environment' | 'dryRun' | 'jobTimeoutMs' | 'reportFile' | 'failOnFailed'
> & {
  /** The backup folder, as given. */
  readonly restoreFrom: string;
  /** Only these uploads of the manifest (old IDs); empty = all of them. */
  readonly only: readonly string[];
};

/** What became of one upload of the backup. */
export type RestoreFate = 'restored' | 'skipped' | 'failed' | 'pending' | 'selected';

export interface RestoreItem {
  fate: RestoreFate;
  reason?: string;
  newId?: string;
  jobId?: string;
}

/** A restore's counts and items, filled in as it goes: the report reads it whatever ends the run. */
export class RestoreResult {
  dryRun = false;
  dir = '';
  manifest: Manifest | undefined;
  environment: TargetEnvironment | undefined;
  /** Every selected upload of the manifest, by old ID, in manifest order. */
  readonly items = new Map<string, RestoreItem>();
  /** Old ID → new ID: earlier restores' and this one's. */
  idMap: IdMap = { environment: null, restored: new Map(), pending: new Map(), uncertain: new Map() };
  readonly notes: string[] = [];

  count(fate: RestoreFate): number {
    let n = 0;
    for (const item of this.items.values()) if (item.fate === fate) n++;
    return n;
  }

  /**
   * Why the restore falls short, when it brought back fewer uploads than it was to (those it
   * skipped, restored before or still there, are not owed): the front door's failure line,
   * `where` naming where the reasons are. Undefined when it did not, and in a dry run.
   */
  shortfall(where: string): string | undefined {
    const missing = this.count('failed') + this.count('pending');
    if (this.dryRun || missing === 0) return undefined;
    const owed = this.items.size - this.count('skipped');
    return `${missing} of ${owed} upload(s) to restore were not restored (${where}): fix what their reasons say, then run the restore again; it skips the ${this.count('restored')} restored now`;
  }
}
