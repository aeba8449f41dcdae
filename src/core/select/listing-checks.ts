import type { Criteria } from '../criteria/criteria.ts';
import type { FilterCondition } from '../criteria/filter.ts';
import { isUploadId } from '../settings/upload-id.ts';
import { describeCondition, isProvable, satisfies, uploadField } from '../criteria/upload-fields.ts';
import type { UploadInfo } from '../cma/upload-listing.ts';

/**
 * The criteria a listed upload can prove on its own fields (every documented field that a
 * listing shows: tags, type, size, dates, format...): an API that ignores a filter field, or
 * answers with uploads it does not match, still selects nothing these do not hold for.
 */
export function provableConditions(criteria: Pick<Criteria, 'conditions'>): FilterCondition[] {
  return criteria.conditions.filter(isProvable);
}

/** The listed attributes that proving `criteria` reads: what a listing keeps of each upload. */
export function provingAttributes(criteria: Pick<Criteria, 'conditions'>): string[] {
  return [...new Set(provableConditions(criteria).flatMap((c) => uploadField(c.field)?.attributes ?? []))];
}

/** Why a listed upload is not selected: its ID, or the first condition it fails or cannot prove. */
export type LeftOut =
  { readonly why: 'bad-id' } | { readonly why: 'fails' | 'unproven'; readonly condition: FilterCondition };

/** Whether the upload's own listed fields prove every provable criterion; undefined when they do. */
export function whyLeftOut(upload: UploadInfo, conditions: readonly FilterCondition[]): LeftOut | undefined {
  if (!isUploadId(upload.id)) return { why: 'bad-id' };
  const listed = { id: upload.id, attributes: upload.checked ?? {} };
  for (const condition of conditions) {
    const holds = satisfies(listed, condition);
    if (holds === false) return { why: 'fails', condition };
    if (holds === undefined) return { why: 'unproven', condition };
  }
  return undefined;
}

/**
 * Keeps the listed uploads that their own fields prove selectable (see `provableConditions`);
 * the others are counted in notes saying why, one a condition and reason. An upload whose
 * listing does not show a field a condition needs cannot prove it, so it is not selected.
 */
export function keepProven(uploads: readonly UploadInfo[], criteria: Criteria, notes: string[]): UploadInfo[] {
  const conditions = provableConditions(criteria);
  const left = new Map<string, number>();
  const kept: UploadInfo[] = [];
  for (const upload of uploads) {
    const out = whyLeftOut(upload, conditions);
    if (out === undefined) kept.push(upload);
    else {
      const note = leftOutNote(out);
      left.set(note, (left.get(note) ?? 0) + 1);
    }
  }
  for (const [note, count] of left) notes.push(`${count} listed upload(s) left out: ${note}`);
  return kept;
}

/** What a note says of uploads left out for `out`, after their count. */
export function leftOutNote(out: LeftOut): string {
  if (out.why === 'bad-id') return 'their ID is not an upload ID';
  const condition = describeCondition(out.condition);
  if (out.why === 'fails') return `${condition} does not hold for them (the API did not apply it)`;
  const attributes = uploadField(out.condition.field)?.attributes ?? [];
  return `${attributes.join(' or ')} is missing or malformed, so ${condition} cannot be proven`;
}
