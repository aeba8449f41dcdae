/**
 * Why a selection is refused before anything is deleted. Each message is one line that says what
 * went wrong and what to do; none holds a header or the token.
 */

/** More items matched than `max-deletions` allows: nothing is deleted. */
export class SelectionCapError extends Error {
  override name = 'SelectionCapError';

  /** `raise` says how to set max-deletions to a value, in the front door's words. */
  constructor(
    selected: number,
    maxDeletions: number,
    raise: (value: string) => string = (v) => `max-deletions: '${v}'`,
  ) {
    super(
      `${selected} uploads and tracks matched, more than max-deletions (${maxDeletions}): nothing was deleted; if that many is intended, set ${raise(String(selected))} (or more), otherwise narrow the selection`,
    );
  }
}

/** The criteria matched the whole media library: most likely the API ignored one of them. */
export class WholeLibraryError extends Error {
  override name = 'WholeLibraryError';

  constructor(total: number, unproven: readonly string[] = []) {
    const which = unproven.length === 0 ? '' : ` (no listing can prove ${unproven.join('; ')})`;
    super(
      `the criteria matched all ${total} uploads of the media library, so the API may have ignored one of them${which}: nothing was deleted; check the criteria, or list the uploads in upload-ids to delete them all on purpose`,
    );
  }
}

/**
 * The API listed uploads both as used and as unused by records: it does not apply `in_use`
 * (which no listed attribute shows), so `only-unused` would select uploads records use.
 */
export class InUseIgnoredError extends Error {
  override name = 'InUseIgnoredError';

  constructor(both: number, value: boolean) {
    super(
      `the API listed ${both} upload(s) both as used and as unused by records (in_use eq ${String(value)}, and asked again with eq ${String(!value)}): it does not apply in_use here, or records changed meanwhile; nothing was deleted; run again, and if it happens again select by IDs without only-unused`,
    );
  }
}
