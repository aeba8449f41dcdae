/**
 * The run report's `schemaVersion`: bumped when a field changes meaning; `report.schema.json`
 * says what each version holds. 2: plans (`settings.plan`, the criteria's parts), fate `skipped`.
 */
export const REPORT_SCHEMA_VERSION = 2;
