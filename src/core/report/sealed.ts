/**
 * What of a report a seal covers, and the sealer a dry run's report is given: a dry run's
 * report is a plan, sealed by plan/'s \`PlanSealer\`. The report writes what is sealed without
 * knowing how.
 */

/** What of a report's header a seal covers: read from the header a run writes, or from a plan file. */
export interface SealedHeader {
  readonly startedAt: unknown;
  readonly dryRun: unknown;
  readonly outcome: unknown;
  readonly environment: unknown;
  readonly settings: { readonly scope: unknown; readonly criteria: unknown };
  readonly counts: { readonly unlisted: unknown };
  readonly selection: unknown;
}

/** What of an item a seal covers: what the apply reads of it. */
export type SealedItem =
  | { readonly kind: 'upload'; readonly id: string; readonly fate: string; readonly listed: unknown }
  | {
      readonly kind: 'track';
      readonly id: string;
      readonly uploadId: string;
      readonly trackId: string;
      readonly name: unknown;
      readonly fate: string;
    };

/** Seals a dry run's report and each of its items: plan/'s \`PlanSealer\` is one. */
export interface ReportSealer {
  seal(header: SealedHeader, uploads: number, tracks: number): { readonly mac: string };
  sealItem(seal: { readonly mac: string }, item: SealedItem): string;
}
