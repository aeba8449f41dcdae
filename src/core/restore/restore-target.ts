/**
 * The environment a restore goes into: the one given or the backup's, and the refusal to go
 * elsewhere unasked.
 */
import type { TargetEnvironment } from '../cma/environment.ts';
import { InputError } from '../common/errors.ts';
import type { Manifest } from './backup-reader.ts';
import { ID_MAP_NAME, type IdMap } from './id-map.ts';
import type { RestoreSettings } from './restore-result.ts';

/** The environment to restore into, and whether the user named it. */
export interface RestoreTarget {
  readonly environment: string | undefined;
  readonly explicit: boolean;
}

/** The environment to restore into: the one given, or the backup's own. */
export function targetOf(settings: RestoreSettings, manifest: Manifest): RestoreTarget {
  if (settings.environment !== undefined) return { environment: settings.environment, explicit: true };
  const saved = manifest.environment;
  const environment = saved.requested ?? (saved.primary === true || saved.id === null ? undefined : saved.id);
  return { environment, explicit: false };
}

/** Refuses to restore into another environment than the backup's unless asked, or than earlier restores'. */
export function checkEnvironment(
  environment: TargetEnvironment,
  manifest: Manifest,
  target: { explicit: boolean },
  idMap: IdMap,
): void {
  const backupId = manifest.environment.id;
  if (
    !target.explicit &&
    manifest.environment.confirmed &&
    environment.unconfirmed === undefined &&
    backupId !== null &&
    environment.id !== backupId
  ) {
    throw new InputError(
      `the backup was made in environment ${backupId}, and the target is ${environment.id ?? 'another one'}: set the environment explicitly to restore there`,
    );
  }
  const used = idMap.restored.size + idMap.pending.size + idMap.uncertain.size > 0;
  if (used && (idMap.environment ?? null) !== (environment.id ?? null)) {
    throw new InputError(
      `the backup's ${ID_MAP_NAME} records a restore into environment ${idMap.environment ?? '(primary, not confirmed)'}, not ${environment.id ?? '(primary, not confirmed)'}: restore into that one, or copy the backup folder without ${ID_MAP_NAME} to restore it elsewhere too`,
    );
  }
}
