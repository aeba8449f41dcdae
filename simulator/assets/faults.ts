import type { AssetFault, AssetFaultKind } from './types.ts';

const KINDS: readonly AssetFaultKind[] = [
  'slow',
  'truncate',
  'wrong-bytes',
  'status',
  'redirect',
  'no-length',
  'endless',
];

function matches(fault: AssetFault, method: string, uploadId: string | undefined): boolean {
  const match = fault.match;
  if (match?.method !== undefined && match.method.toUpperCase() !== method) return false;
  return match?.uploadId === undefined || match.uploadId === uploadId;
}

/** Refuses a fault that could not act as written, quoting the bad value. */
function check(fault: AssetFault): void {
  if (!KINDS.includes(fault.kind)) {
    throw new Error(`Asset fault kind must be one of ${KINDS.join(', ')}, got ${String(fault.kind)}`);
  }
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1) {
    throw new Error(`Asset fault times must be a positive integer, got ${String(fault.times)}`);
  }
  if (fault.delayMs !== undefined && !(fault.delayMs >= 0)) {
    throw new Error(`Asset fault delayMs must be at least 0, got ${fault.delayMs}`);
  }
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new Error(`Asset fault status must be an HTTP status, got ${fault.status}`);
  }
}

/** Injected asset host faults, in injection order; the first that matches a request applies to it. */
export class AssetFaultQueue {
  private readonly queue: Array<{ fault: AssetFault; left: number }> = [];

  add(fault: AssetFault): void {
    check(fault);
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  /** `uploadId`: the upload a download names; undefined for anything else (a PUT, an unknown path). */
  take(method: string, uploadId: string | undefined): AssetFault | undefined {
    const index = this.queue.findIndex((entry) => matches(entry.fault, method, uploadId));
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}
