import type { Fault } from './types.ts';
import type { RandomFaultKind, RandomFaultOptions } from './options.ts';

/** What a proxy in front of the API answers; real gateways send HTML, not JSON. */
export function gatewayPage(status: number): string {
  const title = `${status} ${status === 503 ? 'Service Temporarily Unavailable' : 'Bad Gateway'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

function matches(fault: Fault, method: string, path: string): boolean {
  const match = fault.match;
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? path.startsWith(match.path) : match.path.test(path);
}

/** A fault that only changes the job a request starts. */
function isJobOnly(fault: Fault): boolean {
  return (
    fault.status === undefined &&
    fault.drop !== true &&
    fault.delayMs === undefined &&
    fault.loseAnswer !== true &&
    fault.andThen === undefined
  );
}

/**
 * Injected faults, in injection order. A fault with only job effects (`jobStatus`,
 * `jobLatencyMs`, `jobPayload`, `jobLies`) is consumed by the next matching request that starts a job, so an unrelated
 * request (a poll, a listing) cannot use it up; every other fault by the next matching request.
 */
export class FaultQueue {
  private readonly queue: Array<{ fault: Fault; left: number; skip: number }> = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    const after = fault.after ?? 0;
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`Fault times must be a positive integer, got ${String(fault.times)}`);
    }
    if (!Number.isInteger(after) || after < 0) {
      throw new Error(`Fault after must be a whole number, got ${String(fault.after)}`);
    }
    this.queue.push({ fault, left: times, skip: after });
  }

  takeForRequest(method: string, path: string): Fault | undefined {
    return this.take(method, path, false);
  }

  takeForJob(method: string, path: string): Fault | undefined {
    return this.take(method, path, true);
  }

  private take(method: string, path: string, jobOnly: boolean): Fault | undefined {
    const index = this.queue.findIndex(
      (entry) => isJobOnly(entry.fault) === jobOnly && matches(entry.fault, method, path),
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip -= 1;
      return undefined;
    }
    entry.left -= 1;
    if (entry.left === 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}

/** mulberry32: tiny, seedable, and good enough to spread faults; the point is reproducibility. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALL_KINDS: RandomFaultKind[] = ['html-502', 'html-503', 'reset', 'slow', 'lost-answer'];

function faultOfKind(kind: RandomFaultKind, slowMs: number): Fault {
  switch (kind) {
    case 'html-502':
      return { status: 502, body: gatewayPage(502) };
    case 'html-503':
      return { status: 503, body: gatewayPage(503) };
    case 'reset':
      return { drop: true };
    case 'slow':
      return { delayMs: slowMs };
    case 'lost-answer':
      return { loseAnswer: true };
  }
}

/**
 * Seeded random faults. Two numbers are drawn for every request, faulted or not, so the n-th
 * request gets the same fault in every run with the same seed and the same request order.
 */
export class RandomFaults {
  private readonly next: () => number;
  private readonly rate: number;
  private readonly kinds: RandomFaultKind[];
  private readonly slowMs: number;

  constructor(options: RandomFaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) {
      throw new Error(`randomFaults.rate must be between 0 and 1, got ${options.rate}`);
    }
    this.next = prng(options.seed);
    this.rate = options.rate;
    this.kinds = options.kinds && options.kinds.length > 0 ? options.kinds : ALL_KINDS;
    this.slowMs = options.slowMs ?? 1000;
  }

  draw(): Fault | undefined {
    const hit = this.next() < this.rate;
    const kind = this.kinds[Math.floor(this.next() * this.kinds.length)];
    return hit && kind ? faultOfKind(kind, this.slowMs) : undefined;
  }
}
