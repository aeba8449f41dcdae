export const id = 911;
export const ids = [911];
export const modules = {

/***/ 911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCleanup: () => (/* binding */ run_runCleanup)
});

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/core/clock.ts

const systemClock = {
    now: () => performance.now(),
    sleep: async (ms, signal) => {
        try {
            await (0,promises_.setTimeout)(Math.max(0, ms), undefined, { signal });
        }
        catch (error) {
            throw signal?.aborted === true ? signal.reason : error;
        }
    },
};

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/core/node-files.ts

/** The real file system behind the `Files` seam. */
const nodeFiles = {
    stat(path) {
        const stats = (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false });
        if (stats === undefined)
            return undefined;
        return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size };
    },
    /** Reads whole MiB until the end, or until more than `maxBytes` have come. */
    read(path, maxBytes) {
        const fd = (0,external_node_fs_.openSync)(path, 'r');
        try {
            const chunks = [];
            let total = 0;
            while (total <= maxBytes) {
                // Whole MiB reads: some files (of /proc) refuse reads of odd sizes.
                const chunk = Buffer.alloc(1024 * 1024);
                const read = (0,external_node_fs_.readSync)(fd, chunk, 0, chunk.length, null);
                if (read === 0)
                    break;
                chunks.push(chunk.subarray(0, read));
                total += read;
            }
            return Buffer.concat(chunks, total);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    },
};

;// CONCATENATED MODULE: ./src/core/item-ledger.ts
const FATES = ['pending', 'selected', 'deleted', 'failed', 'unknown'];
const REASONS = [
    undefined,
    'in use by records',
    'still exists after its job',
    'not found',
    'track not found',
    'refused',
    'tracks cannot be deleted in a sandbox',
];
const NO_JOB = -1;
const UNVERIFIED = 0;
const VERIFIED = 1;
/**
 * Every selected item's fate, kept in typed arrays beside the selection's own ID list: a
 * 100,000-item run holds one small map entry per item and no object per item.
 */
class ItemLedger {
    ids;
    index = new Map();
    fates;
    reasons;
    jobs;
    verified;
    /** `ids` each once; every item starts with fate `initial`. */
    constructor(ids, initial) {
        this.ids = ids;
        for (const [i, id] of ids.entries())
            this.index.set(id, i);
        this.fates = new Uint8Array(ids.length).fill(FATES.indexOf(initial));
        this.reasons = new Uint8Array(ids.length);
        this.jobs = new Int32Array(ids.length).fill(NO_JOB);
        this.verified = new Uint8Array(ids.length);
    }
    get size() {
        return this.ids.length;
    }
    /** Sets what is given of the item `id`; an ID that was not selected is left alone. */
    set(id, state) {
        const i = this.index.get(id);
        if (i === undefined)
            return;
        if (state.fate !== undefined)
            this.fates[i] = FATES.indexOf(state.fate);
        if (state.fate !== undefined || state.reason !== undefined)
            this.reasons[i] = REASONS.indexOf(state.reason);
        if (state.job !== undefined)
            this.jobs[i] = state.job;
        if (state.verified === true)
            this.verified[i] = VERIFIED;
    }
    /** The item's state, with `jobIds[index]` for its job; undefined when it was not selected. */
    get(id, jobIds) {
        const i = this.index.get(id);
        return i === undefined ? undefined : this.at(i, jobIds);
    }
    /** Every item in selection order, its state made on the fly. */
    *entries(jobIds) {
        for (let i = 0; i < this.ids.length; i++)
            yield [this.ids[i] ?? '', this.at(i, jobIds)];
    }
    /** How many items have each fate. */
    countFates() {
        const counts = { pending: 0, selected: 0, deleted: 0, failed: 0, unknown: 0 };
        for (const fate of this.fates)
            counts[FATES[fate] ?? 'pending']++;
        return counts;
    }
    at(i, jobIds) {
        const job = this.jobs[i] ?? NO_JOB;
        return {
            fate: FATES[this.fates[i] ?? 0] ?? 'pending',
            reason: REASONS[this.reasons[i] ?? 0],
            jobId: job === NO_JOB ? undefined : jobIds[job],
            verified: this.verified[i] === UNVERIFIED ? undefined : true,
        };
    }
}

;// CONCATENATED MODULE: ./src/core/result.ts



/** The counts of a run, filled in as jobs finish; outputs and summary read only this. */
class CleanupResult {
    /** What was selected for deletion; undefined until the selection is made. */
    selection;
    /** The environment deleted in, as looked up; undefined before the run starts. */
    environment;
    /** True when nothing was to be deleted (`dry-run`). */
    dryRun = false;
    /** Deleted and not deleted, per kind of item. */
    counts = {
        uploads: { successful: 0, failed: 0 },
        track: { successful: 0, failed: 0 },
    };
    jobs = [];
    /** Every selected upload's fate, in selection order. */
    uploadItems = new ItemLedger([], 'pending');
    /** Every selected track's fate, by `UPLOAD_ID/TRACK_ID`. */
    trackItems = new ItemLedger([], 'pending');
    /** Failures jobs counted that cannot be named: among the items of fate `unknown`. */
    unnamedFailed = 0;
    /** Items surely not deleted, with why: upload IDs, and `UPLOAD_ID/TRACK_ID` of tracks. */
    failures = [];
    /** Deletion requests sent and never answered (the run stopped first): they may still take effect. */
    unanswered = [];
    /** Lines for the warning annotation and the summary, e.g. why a track was not deleted. */
    notes = [];
    /** True once the API answered that batch-destroy does not exist and bulk destroy was used. */
    usedBulkDestroy = false;
    /**
     * `verify`: uploads looked up after their job, and how many of those a job counted deleted
     * still existed. `enabled` is set from `verify`.
     */
    verification = { enabled: false, checked: 0, contradicted: 0 };
    /** Uploads selected, with those that matched but were not listed (more than max-deletions). */
    get requestedUploads() {
        return (this.selection?.uploadIds.length ?? 0) + (this.selection?.unlisted ?? 0);
    }
    get requestedTracks() {
        return this.selection?.tracks.length ?? 0;
    }
    /** Uploads and tracks selected for deletion (the `selected` output). */
    get selected() {
        return this.requestedUploads + this.requestedTracks;
    }
    /** Records what was selected: every item starts `pending` (`selected` in a dry run). */
    select(selection) {
        this.selection = selection;
        const fate = this.dryRun ? 'selected' : 'pending';
        this.uploadItems = new ItemLedger(selection.uploadIds, fate);
        this.trackItems = new ItemLedger(selection.tracks.map((t) => `${t.uploadId}/${t.trackId}`), fate);
    }
    /** A job was started at clock time `at` for `ids` (upload IDs, or one `UPLOAD_ID/TRACK_ID`). */
    startJob(id, kind, ids, at) {
        const job = { id, kind, items: ids.length, done: false, submittedAt: at };
        const index = this.jobs.push(job) - 1;
        const items = this.itemsOf(kind);
        for (const itemId of ids)
            items.set(itemId, { job: index });
        return job;
    }
    /**
     * Adds what a job (or a request answered at once, or a refusal) settled: the counts follow
     * from the items, so that the outputs can always be recomputed from the report.
     */
    settle(kind, settled, job) {
        const unknown = settled.unknown ?? { ids: [], failed: 0 };
        this.counts[kind].successful += settled.deleted.length + unknown.ids.length - unknown.failed;
        this.counts[kind].failed += settled.failures.length + unknown.failed;
        this.unnamedFailed += unknown.failed;
        this.failures.push(...settled.failures);
        // Each item already names its job: `startJob` recorded it.
        const items = this.itemsOf(kind);
        const verified = settled.verified === true;
        for (const id of settled.deleted)
            items.set(id, { fate: 'deleted', verified });
        for (const { id, reason } of settled.failures)
            items.set(id, { fate: 'failed', reason, verified });
        for (const id of unknown.ids)
            items.set(id, { fate: 'unknown', verified });
        if (job !== undefined)
            job.done = true;
    }
    itemsOf(kind) {
        return kind === 'uploads' ? this.uploadItems : this.trackItems;
    }
    /** The items surely not deleted (the `failed-ids` output). */
    get failedIds() {
        return this.failures.map((item) => item.id);
    }
    /** How many items failed for `reason`. */
    failedFor(reason) {
        return this.failures.filter((item) => item.reason === reason).length;
    }
    /** Uploads and tracks deleted. */
    get successful() {
        return this.counts.uploads.successful + this.counts.track.successful;
    }
    /** Uploads and tracks not deleted. */
    get failed() {
        return this.counts.uploads.failed + this.counts.track.failed;
    }
    get jobIds() {
        return this.jobs.map((job) => job.id);
    }
    get pendingJobIds() {
        return this.jobs.filter((job) => !job.done).map((job) => job.id);
    }
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./src/core/chunk.ts
/** `items` typed as non-empty, or undefined when there are none. */
function nonEmpty(items) {
    return items.length > 0 ? items : undefined;
}
/** Splits `items` into consecutive chunks of at most `size` (at least 1); never yields an empty chunk. */
function chunk(items, size) {
    if (!(size >= 1))
        throw new RangeError(`chunk size must be at least 1, got ${size}`);
    const chunks = [];
    for (let start = 0; start < items.length; start += size) {
        chunks.push(items.slice(start, start + size));
    }
    return chunks;
}

// EXTERNAL MODULE: ./src/core/guards.ts
var guards = __webpack_require__(893);
;// CONCATENATED MODULE: ./src/core/rate-limit.ts
function parseRateLimitHeaders(headers) {
    return {
        limit: headerNumber(headers['x-ratelimit-limit']),
        remaining: headerNumber(headers['x-ratelimit-remaining']),
        resetSeconds: headerNumber(headers['x-ratelimit-reset']),
    };
}
function headerNumber(value) {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text))
        return undefined;
    return Number(text);
}
/**
 * One limiter for every request of a run. It keeps its own sends of the last window (a sliding
 * log, which also keeps within any fixed window the server may count in) and subtracts what the
 * server's `X-RateLimit-Remaining` shows others spent of the same budget. A 429 holds every
 * request until its `X-RateLimit-Reset` has passed. Slots are handed out first come, first served.
 */
class RateLimiter {
    limit;
    /** Requests others sent in the window the server last told of; they leave it by `until`. */
    others = { used: 0, until: 0 };
    blockedUntil = 0;
    sent = [];
    queue = Promise.resolve();
    windowMs;
    clock;
    constructor(clock, options = {}) {
        this.clock = clock;
        this.limit = options.limit ?? 60;
        this.windowMs = (options.windowMs ?? 3000) + (options.marginMs ?? 250);
    }
    /** Waits for a slot and takes it; returns the send time to pass to `observe`. */
    acquire(signal) {
        const turn = this.queue.then(() => this.waitForSlot(signal));
        this.queue = turn.then(() => undefined, () => undefined);
        return turn;
    }
    /** Learns from an answer to a request sent at `sentAt`. */
    observe(headers, sentAt, status) {
        if (headers.limit !== undefined && headers.limit > 0)
            this.limit = headers.limit;
        if (status === 429) {
            this.pause((headers.resetSeconds ?? 1) * 1000);
        }
        else if (headers.remaining !== undefined) {
            const serverUsed = this.limit - headers.remaining;
            const used = Math.max(0, serverUsed - this.countSince(sentAt - this.windowMs, sentAt));
            this.others = { used, until: sentAt + this.windowMs };
        }
    }
    /** Holds every request for `ms` from now. */
    pause(ms) {
        this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
    }
    async waitForSlot(signal) {
        for (;;) {
            signal?.throwIfAborted();
            const now = this.clock.now();
            const wait = this.waitMs(now);
            if (wait <= 0) {
                this.sent.push(now);
                return now;
            }
            await this.clock.sleep(wait, signal);
        }
    }
    waitMs(now) {
        if (now < this.blockedUntil)
            return this.blockedUntil - now;
        while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.windowMs)
            this.sent.shift();
        const othersUsed = now < this.others.until ? this.others.used : 0;
        const allowed = Math.max(1, this.limit - othersUsed);
        if (this.sent.length < allowed)
            return 0;
        const oldest = this.sent[this.sent.length - allowed] ?? now;
        return oldest + this.windowMs - now;
    }
    countSince(from, to) {
        return this.sent.filter((time) => time > from && time <= to).length;
    }
}

;// CONCATENATED MODULE: ./src/core/retry-policy.ts
const RETRY_POLICY = {
    maxAttempts: 6,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    statuses: [429, 502, 503, 504],
    errorCodes: [
        'ECONNRESET',
        'EPIPE',
        'ETIMEDOUT',
        'UND_ERR_SOCKET',
        'UND_ERR_CONNECT_TIMEOUT',
        'UND_ERR_HEADERS_TIMEOUT',
        'UND_ERR_BODY_TIMEOUT',
    ],
};
/**
 * The delay before attempt `attempt + 1`, or undefined when the failure is not retried (an
 * unknown error, a 4xx the API does not call transient, or no attempts left).
 * `random` returns a number in [0, 1).
 */
function retryDelay(policy, attempt, failure, random = Math.random) {
    if (attempt >= policy.maxAttempts || !isRetryable(policy, failure))
        return undefined;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const backoff = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    const reset = 'status' in failure && failure.resetSeconds !== undefined ? failure.resetSeconds * 1000 : 0;
    return Math.max(backoff, reset);
}
function isRetryable(policy, failure) {
    if ('status' in failure) {
        if (failure.status === 401 || failure.status === 403)
            return false;
        return policy.statuses.includes(failure.status) || failure.transient;
    }
    return failure.errorCode !== undefined && policy.errorCodes.includes(failure.errorCode);
}

;// CONCATENATED MODULE: ./src/core/cma-http.ts





/**
 * Deletion requests that went out and got no answer (yet): if the run stops there, the API may
 * still act on them, and the user must be told which.
 */
class UnansweredRequests {
    open = new Map();
    next = 0;
    /** Records a request sent; returns what to call once it is answered. */
    sent(what) {
        const key = this.next++;
        this.open.set(key, what);
        return () => this.open.delete(key);
    }
    list() {
        return [...this.open.values()];
    }
}
/**
 * Every answer but a listing page is a job, a job result or an error: a few KB. A body far past
 * that is not the API's (or is broken), and is not held in memory to find out.
 */
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Bytes of answer bodies held at once across every request in flight: ten pages read together,
 * each under its own cap, must not add up to gigabytes. Real pages of 500 uploads are 1-2 MB.
 */
const MAX_BUFFERED_BYTES = 48 * 1024 * 1024;
function createCmaHttp(target, deps) {
    const buffered = { used: 0, max: MAX_BUFFERED_BYTES };
    const projectHeaders = {
        authorization: `Bearer ${target.apiToken}`,
        accept: 'application/json',
        'x-api-version': '3',
        'user-agent': target.userAgent,
    };
    const headers = target.environment === undefined ? projectHeaders : { ...projectHeaders, 'x-environment': target.environment };
    // The run's first request goes alone: if the token is bad (401/403) or the target wrong, the
    // run stops after one request instead of one per request already in flight.
    let firstAnswer;
    const sendFirstAlone = async (req) => {
        if (firstAnswer === undefined) {
            const sending = send(req);
            firstAnswer = sending.catch(() => undefined);
            return sending;
        }
        await firstAnswer;
        return send(req);
    };
    return sendFirstAlone;
    async function send(req) {
        const name = `${req.method} ${req.path}`;
        const url = buildUrl(target.baseUrl, req);
        const body = req.body === undefined ? undefined : JSON.stringify(req.body);
        const scoped = req.projectWide === true ? projectHeaders : headers;
        const sendHeaders = body === undefined ? scoped : { ...scoped, 'content-type': 'application/json' };
        const maxBytes = req.maxBodyBytes ?? MAX_BODY_BYTES;
        let answered;
        for (let attempt = 1;; attempt++) {
            const sentAt = await deps.limiter.acquire(deps.signal);
            if (req.deletes !== undefined)
                answered ??= deps.unanswered?.sent(`${name} for ${req.deletes}`);
            const outcome = await attemptOnce(url, req.method, sendHeaders, body, { maxBytes, buffered }, deps);
            // A body too large to read leaves a deletion's fate unknown: it stays among the unanswered.
            if ('answer' in outcome)
                answered?.();
            if ('tooLarge' in outcome) {
                throw new errors/* UnexpectedAnswerError */.qx(name, `a body of more than ${mebibytes(maxBytes)}, or more than ${mebibytes(buffered.max)} with the answers read at the same time (not read further)`);
            }
            if ('answer' in outcome) {
                const { status, rate } = outcome.answer;
                deps.limiter.observe(rate, sentAt, status);
                if (isUsable(req.method, outcome.answer)) {
                    return { status, body: outcome.answer.body, notJson: outcome.answer.notJson, retried: attempt > 1 };
                }
                refuseLongRateLimitWait(name, outcome.answer);
            }
            const { failure, error } = judge(name, outcome, attempt);
            const wait = retryDelay(deps.retryPolicy, attempt, failure, deps.random);
            if (wait === undefined)
                throw error;
            deps.debug(`${error.message.split(': ')[0]}; retry ${attempt} of ${deps.retryPolicy.maxAttempts - 1} in ${wait} ms`);
            await deps.clock.sleep(wait, deps.signal);
        }
    }
    /** A 429 whose wait does not fit in what is left of job-timeout ends the run now, saying why. */
    function refuseLongRateLimitWait(name, { status, rate }) {
        if (status !== 429 || rate.resetSeconds === undefined || deps.deadline === undefined)
            return;
        const left = deps.deadline - deps.clock.now();
        if (rate.resetSeconds * 1000 > left)
            throw new errors/* RateLimitWaitError */.XM(name, rate.resetSeconds, left);
    }
    function judge(name, outcome, attempt) {
        if ('cause' in outcome) {
            return {
                failure: { errorCode: errorCode(outcome.cause) },
                error: new errors/* NetworkError */.Dr(withAttempts(name, attempt), outcome.cause),
            };
        }
        const { status, body, rate } = outcome.answer;
        const request = withAttempts(name, attempt);
        if (status >= 200 && status < 300) {
            // A GET is safe to repeat: a 2xx without JSON (a proxy's page) is retried like a 503.
            return {
                failure: { status, transient: true },
                error: new errors/* UnexpectedAnswerError */.qx(request, `${status} with a body that is not JSON`),
            };
        }
        const apiError = firstApiError(body);
        const transient = apiError?.transient === true;
        return {
            failure: { status, transient, resetSeconds: rate.resetSeconds },
            error: new errors/* CmaApiError */.ep(request, status, apiError?.code, transient, { retried: attempt > 1, ...apiError }),
        };
    }
}
async function attemptOnce(url, method, headers, body, limits, deps) {
    try {
        const res = await (0,undici/* request */.Em)(url, { method, headers, body, dispatcher: deps.dispatcher, signal: deps.signal });
        const text = await readCapped(res.body, limits.maxBytes, limits.buffered);
        if (text === undefined)
            return { tooLarge: true };
        const parsed = parseJson(text);
        const notJson = text !== '' && parsed === undefined;
        return { answer: { status: res.statusCode, body: parsed, notJson, rate: parseRateLimitHeaders(res.headers) } };
    }
    catch (cause) {
        if (deps.signal.aborted)
            throw deps.signal.reason;
        deps.debug(`${method} ${new URL(url).pathname}: ${(0,errors/* describeCause */.V$)(cause)}`);
        return { cause };
    }
}
/**
 * The body as text, or undefined (and the rest dropped unread) once it passes `maxBytes`, or
 * once the bodies being read together pass the shared budget.
 */
async function readCapped(body, maxBytes, budget) {
    const chunks = [];
    let size = 0;
    try {
        for await (const chunk of body) {
            size += chunk.length;
            budget.used += chunk.length;
            if (size > maxBytes || budget.used > budget.max) {
                body.destroy();
                return undefined;
            }
            chunks.push(chunk);
        }
        return Buffer.concat(chunks).toString('utf8');
    }
    finally {
        budget.used -= size;
    }
}
function mebibytes(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
/**
 * An answer handed to the caller: a 404 (whose meaning depends on the endpoint) or a 2xx, except
 * a 2xx to a GET whose body is not JSON: every CMA read answers JSON, and a read can be repeated.
 */
function isUsable(method, { status, body }) {
    if (status === 404)
        return true;
    if (status < 200 || status >= 300)
        return false;
    return method !== 'GET' || body !== undefined;
}
function buildUrl(baseUrl, req) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query ?? {})) {
        for (const one of typeof value === 'string' ? [value] : value)
            params.append(key, one);
    }
    const search = params.toString();
    return `${baseUrl}${req.path}${search === '' ? '' : `?${search}`}`;
}
function withAttempts(name, attempt) {
    return attempt > 1 ? `${name} (after ${attempt} attempts)` : name;
}
function parseJson(text) {
    if (text === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function errorCode(cause) {
    const code = cause?.code;
    return typeof code === 'string' ? code : undefined;
}
/**
 * The first `api_error` of an error body, and the codes of all of them:
 * https://www.datocms.com/docs/content-management-api/errors
 */
function firstApiError(body) {
    const data = (0,guards/* isRecord */.u)(body) && Array.isArray(body.data) ? body.data : [];
    const errors = data.flatMap((entry) => ((0,guards/* isRecord */.u)(entry) && (0,guards/* isRecord */.u)(entry.attributes) ? [entry.attributes] : []));
    const first = errors[0];
    if (first === undefined)
        return undefined;
    // Codes are printed in messages: anything but a code's shape could forge a log line.
    const codes = errors.map((error) => (isCode(error.code) ? error.code : 'UNREADABLE_CODE'));
    const code = isCode(first.code) ? first.code : undefined;
    return { code, transient: first.transient === true, details: first.details, codes };
}
function isCode(code) {
    return typeof code === 'string' && ERROR_CODE.test(code);
}
/** `INVALID_AUTHORIZATION_HEADER`, `NOT_FOUND`...: https://www.datocms.com/docs/content-management-api/errors */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

;// CONCATENATED MODULE: ./src/core/route-gone.ts
/**
 * Whether an answer to `DELETE /uploads/batch-destroy` says that the route does not exist.
 *
 * The route left the API's published schema; a server without it may answer a bare 404
 * `NOT_FOUND`, a 405, or take the path for `DELETE /uploads/:id` and call the ID
 * `batch-destroy` unknown or invalid. An answer about something else must never switch the
 * endpoint: auth, rate and server errors, an error code about the environment or the request
 * (`INVALID_ENVIRONMENT`, `INSUFFICIENT_PERMISSIONS`..., in any of the errors of the body), or
 * details naming the environment or the uploads sent.
 */
function saysRouteGone(answer, ids) {
    const { status, code } = answer;
    if (status < 400 || status >= 500 || [401, 403, 429].includes(status))
        return false;
    if (answer.codes.some((each) => !ROUTE_GONE_CODES.has(each)))
        return false;
    const details = detailsText(answer.details);
    if (details.includes('"batch-destroy"'))
        return true;
    if (details.includes('environment') || ids.some((id) => details.includes(`"${id}"`)))
        return false;
    if (code === undefined || code === 'NOT_FOUND')
        return [404, 405, 410].includes(status);
    return false;
}
/**
 * The error codes a missing route can come with: none (a bare 404 or 405), `NOT_FOUND`, or a
 * code saying the ID (`batch-destroy`) is not a valid ID, which then only counts when the
 * details name `batch-destroy`.
 */
const ROUTE_GONE_CODES = new Set(['NOT_FOUND', 'INVALID_ENTITY_ID', 'INVALID_ID', 'INVALID_FIELD', 'INVALID_FORMAT']);
function detailsText(details) {
    try {
        return JSON.stringify(details) ?? '';
    }
    catch {
        return '';
    }
}

;// CONCATENATED MODULE: ./src/core/short-list.ts
/** Lists in messages: the first few items, so that a long list never floods a log line. */
/** `a, b, and 3 more`: the first `most` items, the rest counted. */
function shortList(items, most, separator = ', ') {
    const more = items.length > most ? `${separator}and ${items.length - most} more` : '';
    return `${items.slice(0, most).join(separator)}${more}`;
}
/** `a, b, ...`: the first `most` items, the rest only hinted at. */
function firstOf(items, most) {
    return `${items.slice(0, most).join(', ')}${items.length > most ? ', ...' : ''}`;
}

// EXTERNAL MODULE: ./src/core/settings.ts + 1 modules
var core_settings = __webpack_require__(6221);
;// CONCATENATED MODULE: ./src/core/upload-listing.ts



/** https://www.datocms.com/docs/content-management-api/resources/upload/instances: page[limit] is 500 at most. */
const LIST_PAGE_LIMIT = 500;
/**
 * Pages after the first one in flight at once. The rate limiter sets the pace; this is enough to
 * keep it busy at the API's page latency (20 requests a second at the default limit), and is
 * the most the official client's page iterator allows.
 */
const LIST_CONCURRENCY = 10;
const REQUEST = 'GET /uploads';
/**
 * Reads a listing. The first page's `meta.total_count` decides everything: when more than `most`
 * matched, no other page is read (the caller refuses or shows a part); otherwise the pages it
 * announced are read, `concurrency` at a time, and no more. A page that is short or brings
 * nothing new ends the listing: pages not yet asked for are not asked. So an answer that never
 * ends, or repeats itself, costs at most what the caller allowed.
 */
async function readListing(fetchPage, most, concurrency = LIST_CONCURRENCY) {
    const first = parsePage(await fetchPage(0));
    const { total } = first;
    if (first.uploads.length > total) {
        throw new errors/* UnexpectedAnswerError */.qx(REQUEST, `${first.uploads.length} uploads on a page whose total_count is ${total}`);
    }
    if (total > most)
        return assemble([first.uploads], total, false);
    const pages = first.uploads.length < LIST_PAGE_LIMIT ? 1 : Math.ceil(total / LIST_PAGE_LIMIT);
    const read = [first.uploads];
    const seen = new Set(first.uploads.map((upload) => upload.id));
    let ended = false;
    const limit = (0,p_limit/* default */.A)(concurrency);
    await Promise.all(Array.from({ length: pages - 1 }, (_, i) => limit(async () => {
        if (ended)
            return;
        const uploads = parsePage(await fetchPage((i + 1) * LIST_PAGE_LIMIT)).uploads;
        read[i + 1] = uploads;
        const fresh = uploads.filter((upload) => !seen.has(upload.id));
        for (const upload of fresh)
            seen.add(upload.id);
        if (fresh.length === 0 || uploads.length < LIST_PAGE_LIMIT)
            ended = true;
    })));
    return assemble(read, total, true);
}
/**
 * The pages in page order, each upload once, none past `total`. An upload listed twice with
 * different `created_at` is left out: the listing contradicts itself about it.
 */
function assemble(pages, total, complete) {
    const unique = new Map();
    const contradicted = new Set();
    let repeated = 0;
    for (const upload of pages.flatMap((page) => page ?? [])) {
        const seen = unique.get(upload.id);
        if (seen === undefined)
            unique.set(upload.id, upload);
        else {
            repeated++;
            if (seen.createdAt !== upload.createdAt)
                contradicted.add(upload.id);
        }
    }
    const listed = [...unique.values()];
    const beyondTotal = Math.max(0, listed.length - total);
    const uploads = listed.slice(0, total).filter((upload) => !contradicted.has(upload.id));
    return { uploads, total, repeated, beyondTotal, conflicting: contradicted.size, complete };
}
/** One page: `{"data":[upload...],"meta":{"total_count":N}}`, or an error saying what is wrong. */
function parsePage(body) {
    if (!(0,guards/* isRecord */.u)(body) || !Array.isArray(body.data))
        throw new errors/* UnexpectedAnswerError */.qx(REQUEST, 'a list without data');
    const total = (0,guards/* isRecord */.u)(body.meta) ? body.meta.total_count : undefined;
    if (!(0,guards/* isCount */.m)(total))
        throw new errors/* UnexpectedAnswerError */.qx(REQUEST, 'a list without a valid meta.total_count');
    if (body.data.length > LIST_PAGE_LIMIT) {
        throw new errors/* UnexpectedAnswerError */.qx(REQUEST, `a page of ${body.data.length} entries (page[limit] is ${LIST_PAGE_LIMIT})`);
    }
    const uploads = body.data.map((entry, index) => {
        if (!(0,guards/* isRecord */.u)(entry) || entry.type !== 'upload' || typeof entry.id !== 'string' || !(0,guards/* isRecord */.u)(entry.attributes)) {
            throw new errors/* UnexpectedAnswerError */.qx(REQUEST, `a data entry that is not an upload object (entry ${index + 1})`);
        }
        return uploadInfo(entry.id, entry.attributes);
    });
    return { uploads, total };
}
/** Longest text kept of a listed attribute: a report entry must stay small whatever the API sends. */
const MAX_TEXT = 2048;
const MAX_TAGS = 100;
function uploadInfo(id, attributes) {
    const { filename, size, created_at: createdAt, url, md5, tags } = attributes;
    return {
        id,
        filename: typeof filename === 'string' ? filename.slice(0, MAX_TEXT) : '',
        size: (0,guards/* isCount */.m)(size) ? size : undefined,
        createdAt: typeof createdAt === 'string' ? createdAt.slice(0, MAX_TEXT) : undefined,
        url: typeof url === 'string' ? url.slice(0, MAX_TEXT) : undefined,
        md5: typeof md5 === 'string' && /^[0-9a-f]{32}$/i.test(md5) ? md5 : undefined,
        tags: Array.isArray(tags)
            ? tags
                .filter((tag) => typeof tag === 'string')
                .slice(0, MAX_TAGS)
                .map((tag) => tag.slice(0, 256))
            : undefined,
    };
}

;// CONCATENATED MODULE: ./src/core/cma-client.ts







/** Most IDs per batch request or `filter[ids]` listing: the documented bulk limit (UNVERIFIED for uploads, so never more). */
const MAX_IDS_PER_REQUEST = 200;
function createCmaClient(http) {
    return {
        async batchDestroyUploads(ids, routeSeen) {
            const request = 'DELETE /uploads/batch-destroy';
            const gone = (error) => !routeSeen && saysRouteGone(error, ids)
                ? { routeGone: true, answer: error.answer, retried: error.retried }
                : undefined;
            let res;
            try {
                const query = { 'filter[ids]': joinIds(ids) };
                res = await http({ method: 'DELETE', path: '/uploads/batch-destroy', query, deletes: uploadsNamed(ids) });
            }
            catch (error) {
                const routeGone = error instanceof errors/* CmaApiError */.ep ? gone(error) : undefined;
                if (routeGone !== undefined)
                    return routeGone;
                throw error;
            }
            if (res.status !== 404)
                return submission(request, res);
            const notFound = apiErrorOf(request, res);
            const routeGone = gone(notFound);
            if (routeGone !== undefined)
                return routeGone;
            throw notFound;
        },
        async bulkDestroyUploads(ids) {
            joinIds(ids);
            const uploads = ids.map((id) => ({ type: 'upload', id }));
            const res = await http({
                method: 'POST',
                path: '/uploads/bulk/destroy',
                body: { data: { type: 'upload_bulk_destroy_operation', relationships: { uploads: { data: uploads } } } },
                deletes: uploadsNamed(ids),
            });
            return submission('POST /uploads/bulk/destroy', expectFound('POST /uploads/bulk/destroy', res));
        },
        async deleteUploadTrack({ uploadId, trackId }) {
            const path = `/uploads/${encodeURIComponent(uploadId)}/tracks/${encodeURIComponent(trackId)}`;
            const res = await http({ method: 'DELETE', path, deletes: `track ${uploadId}/${trackId}` });
            if (res.status !== 404)
                return submission(`DELETE ${path}`, res);
            // A 404 about something else (the environment, a sandbox's tracks) is that answer, not "no such track".
            if (!isPlainNotFound(res))
                throw apiErrorOf(`DELETE ${path}`, res);
            return { notFound: true, retried: res.retried };
        },
        async getJobResult(jobId) {
            const res = await http({ method: 'GET', path: `/job-results/${encodeURIComponent(jobId)}` });
            if (res.status === 404 && isPlainNotFound(res))
                return undefined; // still running
            if (res.status === 404)
                throw apiErrorOf(`GET /job-results/${jobId}`, res);
            return jobResult(`GET /job-results/${jobId}`, res.body);
        },
        existingUploads(ids) {
            return listedAmong(this, ids, {});
        },
        uploadsInUse(ids) {
            return listedAmong(this, ids, { 'filter[fields][in_use][eq]': 'true' });
        },
        listUploads(filter, most) {
            return readListing(async (offset) => {
                const query = { ...filter, 'page[offset]': String(offset), 'page[limit]': String(LIST_PAGE_LIMIT) };
                const res = await http({ method: 'GET', path: '/uploads', query, maxBodyBytes: MAX_PAGE_BYTES });
                return expectFound('GET /uploads', res).body;
            }, most);
        },
        async countUploads() {
            const query = { 'page[limit]': '1' };
            const res = expectFound('GET /uploads', await http({ method: 'GET', path: '/uploads', query }));
            return parsePage(res.body).total;
        },
        async listTracks(uploadId) {
            const path = `/uploads/${encodeURIComponent(uploadId)}/tracks`;
            const res = await http({ method: 'GET', path });
            if (res.status === 404 && isPlainNotFound(res))
                return undefined;
            if (res.status === 404)
                throw apiErrorOf(`GET ${path}`, res);
            return trackList(`GET ${path}`, uploadId, res.body);
        },
        async getEnvironment(id) {
            const path = `/environments/${encodeURIComponent(id)}`;
            const res = await http({ method: 'GET', path, projectWide: true });
            if (res.status === 404)
                return undefined;
            const data = (0,guards/* isRecord */.u)(res.body) ? res.body.data : undefined;
            return environmentOf('GET /environments/:id', data, 1);
        },
        async listEnvironments() {
            const res = expectFound('GET /environments', await http({ method: 'GET', path: '/environments', projectWide: true }));
            const data = (0,guards/* isRecord */.u)(res.body) ? res.body.data : undefined;
            if (!Array.isArray(data))
                throw new errors/* UnexpectedAnswerError */.qx('GET /environments', 'a list without data');
            return data.map((entry, index) => environmentOf('GET /environments', entry, index + 1));
        },
    };
}
/** An `environment` resource with an ID of an environment's shape and a boolean `meta.primary`. */
function environmentOf(request, entry, position) {
    const meta = (0,guards/* isRecord */.u)(entry) && (0,guards/* isRecord */.u)(entry.meta) ? entry.meta : undefined;
    if (!(0,guards/* isRecord */.u)(entry) ||
        entry.type !== 'environment' ||
        typeof entry.id !== 'string' ||
        !(0,core_settings/* isEnvironmentId */.pz)(entry.id) ||
        typeof meta?.primary !== 'boolean' ||
        !['boolean', 'undefined'].includes(typeof meta.read_only_mode)) {
        throw new errors/* UnexpectedAnswerError */.qx(request, `an entry that is not an environment (entry ${position})`);
    }
    return { id: entry.id, primary: meta.primary, readOnly: meta.read_only_mode === true };
}
/** `2 upload(s) (a1, a2)`, the first five named. */
function uploadsNamed(ids) {
    return `${ids.length} upload(s) (${firstOf(ids, 5)})`;
}
/** Refuses an empty list even if the types were bypassed: an empty filter could mean "all". */
function joinIds(ids) {
    if (ids.length === 0)
        throw new Error('internal error: a batch deletion without IDs was about to be sent');
    return ids.join(',');
}
/**
 * Which of `ids` a `filter[ids]` listing with `filter` holds. What is not listed counts as gone
 * (deleted, or never there), so the listing must add up: every upload listed was asked for,
 * each once, and as many as its own total_count. Anything else is refused, not read as "gone".
 */
async function listedAmong(client, ids, filter) {
    const listing = await client.listUploads({ 'filter[ids]': joinIds(ids), ...filter }, ids.length);
    const asked = new Set(ids);
    const unasked = listing.uploads.filter((upload) => !asked.has(upload.id)).length;
    const wrong = unasked > 0
        ? `${unasked} upload(s) not among the ${ids.length} IDs asked`
        : !listing.complete
            ? `a total_count of ${listing.total} for ${ids.length} IDs asked`
            : listing.conflicting > 0 || listing.beyondTotal > 0 || listing.repeated > 0
                ? `the same upload more than once for ${ids.length} IDs asked`
                : listing.uploads.length !== listing.total
                    ? `${listing.uploads.length} of the ${listing.total} uploads its total_count announced for ${ids.length} IDs asked`
                    : undefined;
    if (wrong !== undefined)
        throw new errors/* UnexpectedAnswerError */.qx('GET /uploads', wrong);
    return new Set(listing.uploads.map((upload) => upload.id));
}
/** A 404 that says only "not found" (or nothing): not one about the environment or anything else. */
function isPlainNotFound(res) {
    const codes = firstApiError(res.body)?.codes ?? [];
    return codes.every((code) => code === 'NOT_FOUND');
}
function apiErrorOf(request, res) {
    const error = firstApiError(res.body);
    return new errors/* CmaApiError */.ep(request, res.status, error?.code, false, { retried: res.retried, ...error });
}
function expectFound(request, res) {
    if (res.status === 404)
        throw apiErrorOf(request, res);
    return res;
}
/**
 * A page of 500 uploads, with every attribute (EXIF, colours, metadata per locale), is a few MB
 * at most; past this a page is not read.
 */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/** Job IDs are numbers in the docs' examples ("4235"); anything outside this is not trusted. */
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
function submission(request, res) {
    const data = res.body?.data;
    if (res.notJson)
        throw new errors/* UnexpectedAnswerError */.qx(request, `${res.status} with a body that is not JSON`, true);
    if (res.status === 202) {
        if (data?.type !== 'job' || typeof data.id !== 'string' || data.id === '') {
            throw new errors/* UnexpectedAnswerError */.qx(request, '202 without a job ID', true);
        }
        // The ID goes into the log, the outputs (which workflows put in scripts) and a URL path.
        if (!JOB_ID.test(data.id))
            throw new errors/* UnexpectedAnswerError */.qx(request, '202 with a job ID that is not one', true);
        return { jobId: data.id, retried: res.retried };
    }
    return { result: { status: res.status, payload: res.body }, retried: res.retried };
}
/** `{"data":[upload_track...]}`: every entry an `upload_track` with a string ID, or an error. */
function trackList(request, uploadId, body) {
    const data = (0,guards/* isRecord */.u)(body) ? body.data : undefined;
    if (!Array.isArray(data))
        throw new errors/* UnexpectedAnswerError */.qx(request, 'a list without data');
    return data.map((entry, index) => {
        if (!(0,guards/* isRecord */.u)(entry) || entry.type !== 'upload_track' || typeof entry.id !== 'string') {
            throw new errors/* UnexpectedAnswerError */.qx(request, `a data entry that is not an upload track (entry ${index + 1})`);
        }
        const name = (0,guards/* isRecord */.u)(entry.attributes) ? entry.attributes.name : undefined;
        return { uploadId, trackId: entry.id, name: typeof name === 'string' ? name : undefined };
    });
}
/**
 * A `job_result` resource. Its own ID is not compared with the job's: the docs' example answers
 * job 4235 with job_result 34.
 */
function jobResult(request, body) {
    const data = (0,guards/* isRecord */.u)(body) && (0,guards/* isRecord */.u)(body.data) ? body.data : undefined;
    if (data?.type !== 'job_result')
        throw new errors/* UnexpectedAnswerError */.qx(request, 'a body that is not a job result');
    const attributes = (0,guards/* isRecord */.u)(data.attributes) ? data.attributes : undefined;
    if (typeof attributes?.status !== 'number') {
        throw new errors/* UnexpectedAnswerError */.qx(request, 'a job result without a status');
    }
    return { status: attributes.status, payload: attributes.payload };
}

;// CONCATENATED MODULE: ./src/core/delete-route.ts

/**
 * Which endpoint deletes a chunk of uploads. `batch-destroy` (the seeds' endpoint) first, unless
 * `delete-endpoint` says otherwise. Until its first request is answered, the other chunks wait:
 * a route that is gone then costs one request, and the switch to bulk destroy happens once.
 * Once the route has answered as one that exists, no later answer may switch.
 */
class DeleteRoute {
    state;
    firstAnswer;
    client;
    endpoint;
    onSwitch;
    /** `onSwitch` is told, once, what made the switch to bulk destroy. */
    constructor(client, endpoint, onSwitch) {
        this.client = client;
        this.endpoint = endpoint;
        this.onSwitch = onSwitch;
        this.state = endpoint === 'bulk-destroy' ? 'gone' : 'unknown';
    }
    async submit(ids) {
        if (this.firstAnswer !== undefined)
            await this.firstAnswer;
        if (this.state === 'gone')
            return this.client.bulkDestroyUploads(ids);
        const sending = this.client.batchDestroyUploads(ids, this.state === 'exists');
        this.firstAnswer ??= sending.then(() => undefined, () => undefined);
        let sub;
        try {
            sub = await sending;
        }
        catch (error) {
            if (error instanceof errors/* CmaApiError */.ep)
                this.state = 'exists'; // an answer about the uploads
            throw error;
        }
        if (!('routeGone' in sub)) {
            this.state = 'exists';
            return sub;
        }
        if (this.endpoint === 'batch-destroy')
            throw new errors/* RouteGoneError */.BY(sub.answer);
        this.switchToBulk(sub.answer);
        const bulk = await this.client.bulkDestroyUploads(ids);
        // An earlier attempt of the batch-destroy may have deleted some before the route answered gone.
        return sub.retried ? { ...bulk, retried: true } : bulk;
    }
    /** Once: chunks that probed together (after a first answer that told nothing) switch one time. */
    switchToBulk(answer) {
        if (this.state === 'gone')
            return;
        this.state = 'gone';
        this.onSwitch(answer);
    }
}

;// CONCATENATED MODULE: ./src/core/job-outcome.ts

const isOk = (status) => status >= 200 && status < 300;
/**
 * An upload batch's result: `payload.meta` counts (seed: batch-destroy). A job that failed, or
 * whose counts are missing or impossible, is not half-trusted: `countsIgnored` says why, and
 * the caller asks the API which uploads still exist. Until then, all its uploads count failed.
 */
function uploadsOutcome(result, items, label) {
    if (!isOk(result.status)) {
        // A failed job may still have deleted some before it failed: only what is left tells.
        return { successful: 0, failed: items, countsIgnored: `it failed with status ${result.status}` };
    }
    const { successful, failed } = metaCounts(result.payload);
    const ignored = impossibleCounts(successful, failed, items);
    if (ignored !== undefined || !(0,guards/* isCount */.m)(successful) || !(0,guards/* isCount */.m)(failed)) {
        return { successful: 0, failed: items, countsIgnored: ignored ?? 'impossible counts' };
    }
    const note = successful + failed !== items
        ? `${label} counted ${successful} deleted and ${failed} failed for ${items} upload(s) requested`
        : failed > 0
            ? `${label}: ${failed} of ${items} upload(s) not deleted (unknown IDs, or uploads the API refused to delete)`
            : undefined;
    return { successful, failed, ...(note === undefined ? {} : { note }) };
}
/** `payload.meta`'s counts as the job sent them, not yet judged. */
function metaCounts(payload) {
    const meta = payload?.meta;
    return { successful: meta?.successful, failed: meta?.failed };
}
/** The counts a job reported, when both are whole numbers (whether or not they add up). */
function reportedCounts(payload) {
    const { successful, failed } = metaCounts(payload);
    return (0,guards/* isCount */.m)(successful) && (0,guards/* isCount */.m)(failed) ? { successful, failed } : undefined;
}
/** Why `successful` and `failed` cannot be counts of a job sent `items` uploads, or undefined. */
function impossibleCounts(successful, failed, items) {
    if (successful === undefined && failed === undefined)
        return 'it reported no counts';
    if (!(0,guards/* isCount */.m)(successful) || !(0,guards/* isCount */.m)(failed)) {
        return `its counts (${shown(successful)} deleted, ${shown(failed)} failed) are not whole numbers of 0 or more`;
    }
    if (successful + failed > items) {
        return `it counted ${successful} deleted and ${failed} failed, more than the ${items} upload(s) sent`;
    }
    return undefined;
}
/** A count as the log shows it: numbers as they are, anything else by its type (never the API's text). */
function shown(value) {
    if (typeof value === 'number')
        return String(value);
    if (value === undefined)
        return 'none';
    if (value === null)
        return 'null';
    return typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'an object') : `a ${typeof value}`;
}
/** A track deletion's result: any 2xx job status is the track deleted. */
function trackOutcome(result, label) {
    return isOk(result.status)
        ? { successful: 1, failed: 0 }
        : { successful: 0, failed: 1, note: `${label} failed with status ${result.status}` };
}
/**
 * Checks a chunk's outcome against `existing`, the chunk's uploads that still exist after its
 * job, and `inUse`, those of them that records use. Those are failed whatever the job said.
 * What still exists alone decides when the submission was retried (an earlier attempt may have
 * started a job of its own that deleted some uploads first) and when the job's counts were
 * ignored. Otherwise a job may count more failed than still exist (unknown IDs, which GET
 * /uploads cannot tell apart from deleted ones): that count is kept, and the note says how many
 * cannot be named.
 */
function reconcile(ids, outcome, existing, inUse, retried, label) {
    const failedIds = ids.filter((id) => existing.has(id));
    const failures = failedIds.map((id) => ({
        id,
        reason: inUse.has(id) ? 'in use by records' : 'still exists after its job',
    }));
    const gone = ids.filter((id) => !existing.has(id));
    if (outcome.countsIgnored !== undefined) {
        const note = `${label}: its counts were ignored (${outcome.countsIgnored}); what still exists decides: ${gone.length} of its ${ids.length} upload(s) are gone and count as deleted, ${failedIds.length} still exist and count as failed`;
        return { deleted: gone, failures, note };
    }
    const failed = retried ? failedIds.length : Math.max(outcome.failed, failedIds.length);
    const notes = [];
    if (failed !== outcome.failed) {
        const why = retried ? ' (its submission was retried: an earlier attempt may have deleted some)' : '';
        notes.push(`${label} counted ${outcome.failed} failed, but ${failedIds.length} of its ${ids.length} upload(s) still exist${why}: counting ${failed} failed`);
    }
    if (failed > failedIds.length) {
        notes.push(`${label}: ${failed - failedIds.length} upload(s) counted failed no longer exist (unknown IDs?) and cannot be named in failed-ids`);
    }
    const note = notes.length > 0 ? notes.join('; ') : outcome.note;
    // Gone, but the job counted some of them failed: which of them it deleted cannot be told.
    const unknown = failed > failedIds.length ? { ids: gone, failed: failed - failedIds.length } : undefined;
    return {
        deleted: unknown === undefined ? gone : [],
        failures,
        ...(unknown === undefined ? {} : { unknown }),
        ...(note === undefined ? {} : { note }),
    };
}

;// CONCATENATED MODULE: ./src/core/progress.ts
/** At most about this many progress lines per kind of event, however large the run. */
const PROGRESS_LINES = 10;
/** Whether event number `n` (1-based) of `total` is logged: all of a small run, every tenth part of a large one. */
function shouldLog(n, total, lines = PROGRESS_LINES) {
    if (total <= lines)
        return true;
    return n === 1 || n === total || n % Math.ceil(total / lines) === 0;
}
/** Counts events of one kind and logs those `shouldLog` picks. */
class ProgressCounter {
    count = 0;
    total;
    log;
    constructor(total, log) {
        this.total = total;
        this.log = log;
    }
    /** Counts one event; `describe` builds its line only when it is logged. */
    tick(describe) {
        this.count++;
        if (shouldLog(this.count, this.total))
            this.log(describe(`${this.count}/${this.total}`));
    }
}

;// CONCATENATED MODULE: ./src/core/failure-reason.ts
/** The API's IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT, as a reason (the report's vocabulary). */
const SANDBOX_TRACK = 'tracks cannot be deleted in a sandbox';
/** The same, in words that say what to do, for the log and the summary. */
const SANDBOX_TRACK_WORDS = 'upload tracks cannot be deleted in a sandbox environment; run against the primary environment';

;// CONCATENATED MODULE: ./src/core/cleanup.ts










/**
 * Submissions in flight at once. The rate limiter sets the pace; this only keeps a large run
 * from opening a socket per chunk, and lets a fatal answer stop the submissions queued behind it.
 */
const SUBMIT_CONCURRENCY = 4;
/**
 * Deletes the uploads and tracks of `work`: every chunk and track is submitted without waiting
 * for earlier jobs, and every job is polled on its own. Counts go into `result` as jobs finish,
 * so that they are there to report whatever ends the run. Throws the first fatal error.
 */
async function runCleanup(work, result, deps) {
    const chunks = chunk(work.uploadIds, MAX_IDS_PER_REQUEST);
    const run = new Run(result, deps, work, chunks.length + work.uploadTracks.length);
    const tasks = [
        ...chunks.map((ids) => run.task(() => run.deleteUploads(ids))),
        ...work.uploadTracks.map((track) => run.task(() => run.deleteTrack(track))),
    ];
    await Promise.allSettled(tasks);
    if (deps.signal.aborted)
        throw deps.signal.reason;
}
/** Error codes about the request as a whole (where, as whom), never about the uploads it names. */
const ABOUT_THE_REQUEST = new Set([
    'INVALID_ENVIRONMENT',
    'ENVIRONMENT_IN_READ_ONLY_MODE',
    'INSUFFICIENT_PERMISSIONS',
    'INVALID_AUTHORIZATION_HEADER',
    'INVALID_API_VERSION',
    'MAINTENANCE_MODE',
]);
/**
 * A refusal of a whole chunk that may be about some of its IDs: any 4xx but auth and rate, and
 * not one whose code is about the request. A 404 counts too: the API may answer NOT_FOUND for a
 * batch naming an unknown upload.
 */
function isChunkRefusal(error) {
    return (error instanceof errors/* CmaApiError */.ep &&
        error.status >= 400 &&
        error.status < 500 &&
        ![401, 403, 429].includes(error.status) &&
        !(error.code !== undefined && ABOUT_THE_REQUEST.has(error.code)));
}
const isSandboxTrackRefusal = (codes) => codes.includes('IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT');
/** Why the API refused a track, from its error codes. */
function trackRefusalReason(codes) {
    return isSandboxTrackRefusal(codes) ? SANDBOX_TRACK : 'refused';
}
const failedFor = (reason) => (id) => ({ id, reason });
class Run {
    limit = (0,p_limit/* default */.A)(SUBMIT_CONCURRENCY);
    submitted;
    finished;
    result;
    deps;
    route;
    verify;
    constructor(result, deps, work, total) {
        this.result = result;
        this.deps = deps;
        this.verify = work.verify;
        this.route = new DeleteRoute(deps.client, work.deleteEndpoint, (answer) => {
            result.usedBulkDestroy = true;
            deps.log.info(`DELETE /uploads/batch-destroy answered ${answer}: that route does not exist on this API; switching to POST /uploads/bulk/destroy for this and the remaining chunks`);
        });
        this.submitted = new ProgressCounter(total, deps.log.info);
        this.finished = new ProgressCounter(total, deps.log.info);
    }
    /** Runs one deletion; its error stops the whole run. */
    async task(work) {
        try {
            await work();
        }
        catch (error) {
            this.deps.stop(error);
            throw error;
        }
    }
    async deleteUploads(ids, resubmission) {
        let sub;
        try {
            sub = await this.submit(() => this.route.submit(ids));
        }
        catch (error) {
            if (!isChunkRefusal(error))
                throw error;
            if (resubmission !== undefined) {
                this.result.settle('uploads', { deleted: [], failures: ids.map(failedFor('refused')) });
                throw new errors/* ChunkRefusedError */.Oc(error, ids, resubmission.takenOut);
            }
            return this.deleteDeletableOf(ids, error);
        }
        const what = `${ids.length} upload(s)`;
        const job = this.started(sub, 'uploads', ids, what);
        const label = job === undefined ? `Deleting ${what}` : `Job ${job.id}`;
        const result = await this.finish(sub, job);
        const outcome = uploadsOutcome(result, ids.length, label);
        describeJob(job, result, outcome);
        const trusted = outcome.failed === 0 && !sub.retried && outcome.successful === ids.length;
        if (trusted && !this.verify)
            return this.record('uploads', { ...asSettled(ids, outcome), note: outcome.note }, job, what);
        let existing;
        try {
            existing = await this.deps.client.existingUploads(ids);
        }
        catch (error) {
            // The job is done: keep what it said.
            this.record('uploads', { ...asSettled(ids, outcome), note: outcome.note }, job, what);
            throw error;
        }
        const inUse = await this.inUseAmong(ids.filter((id) => existing.has(id)));
        const checked = reconcile(ids, outcome, existing, inUse, sub.retried, label);
        if (this.verify)
            this.countVerified(ids.length, outcome, existing.size, label, job);
        if (checked.note !== undefined && checked.note !== outcome.note)
            this.deps.log.info(checked.note);
        this.record('uploads', { ...checked, verified: this.verify }, job, what);
    }
    /**
     * `verify`: a chunk's uploads were looked up after its job. Those the job counted deleted
     * that still exist are a claim the API did not keep: said in the log and the summary.
     */
    countVerified(items, outcome, stillThere, label, job) {
        const claimed = outcome.countsIgnored === undefined ? outcome.successful : 0;
        const contradicted = Math.max(0, Math.min(claimed, stillThere - outcome.failed));
        this.result.verification.checked += items;
        this.result.verification.contradicted += contradicted;
        if (job !== undefined)
            job.contradicted = contradicted;
        if (contradicted > 0) {
            this.deps.log.warning(`${label} reported ${claimed} upload(s) deleted, but ${contradicted} of them still exist (verify): they count as failed`);
        }
    }
    /**
     * Which of `ids` (uploads a job left in place) records use, to say why they were kept. Only
     * a reason hangs on it, so a lookup that fails is logged and the run goes on.
     */
    async inUseAmong(ids) {
        const asked = nonEmpty(ids);
        if (asked === undefined)
            return new Set();
        try {
            return await this.deps.client.uploadsInUse(asked);
        }
        catch (error) {
            this.deps.signal.throwIfAborted();
            this.deps.log.info(`Could not tell which of ${ids.length} upload(s) not deleted are in use: ${String(error)}`);
            return new Set();
        }
    }
    /**
     * The API refused a whole chunk: it may refuse a batch that names an unknown upload, or one
     * that records use. The uploads that exist and that no record uses are sent again on their
     * own; the others count as failed, with their reason. One such upload must not keep 199
     * others from being deleted. A refusal that neither explains is fatal. When the refused
     * request had been sent before, an earlier attempt may have deleted the missing ones: then
     * what is gone counts as deleted.
     */
    async deleteDeletableOf(ids, refusal) {
        const existing = await this.deps.client.existingUploads(ids);
        const missing = ids.filter((id) => !existing.has(id));
        const present = ids.filter((id) => existing.has(id));
        const asked = nonEmpty(present);
        const inUse = asked === undefined ? new Set() : await this.deps.client.uploadsInUse(asked);
        const used = present.filter((id) => inUse.has(id));
        const rest = nonEmpty(present.filter((id) => !inUse.has(id)));
        if (missing.length === 0 && used.length === 0)
            throw refusal;
        const intro = `${refusal.request} refused ${ids.length} upload(s) (${refusal.answer})`;
        this.countMissing(missing, refusal.retried, intro);
        if (used.length > 0) {
            this.deps.log.info(`${intro}: ${used.length} are in use by records and are kept: ${firstOf(used, 10)}`);
            this.result.settle('uploads', { deleted: [], failures: used.map(failedFor('in use by records')) });
        }
        if (rest === undefined)
            return;
        this.deps.log.info(`Sending the other ${rest.length} upload(s) of that chunk again`);
        const takenOut = [
            ...(used.length > 0 ? [`${used.length} in use`] : []),
            ...(missing.length > 0 ? [`${missing.length} missing`] : []),
        ].join(' and ');
        await this.deleteUploads(rest, { takenOut: `${takenOut} upload(s)` });
    }
    /** Uploads of a refused chunk that do not exist: failed, or deleted by an earlier attempt. */
    countMissing(missing, retried, intro) {
        if (missing.length === 0)
            return;
        if (retried) {
            this.deps.log.info(`${intro} after an earlier attempt: ${missing.length} no longer exist and count as deleted`);
            this.result.settle('uploads', { deleted: missing, failures: [] });
            return;
        }
        this.deps.log.info(`${intro}: ${missing.length} do not exist and count as failed`);
        this.result.settle('uploads', { deleted: [], failures: missing.map(failedFor('not found')) });
        this.result.notes.push(`${missing.length} upload(s) do not exist: ${firstOf(missing, 10)}`);
    }
    async deleteTrack(track) {
        const name = `track ${track.uploadId}/${track.trackId}`;
        let sub;
        try {
            sub = await this.submit(() => this.deps.client.deleteUploadTrack(track));
        }
        catch (error) {
            // One track the API will not delete (in a sandbox, say, whatever the status) is one failed
            // item, not the run's end.
            if (!isChunkRefusal(error) && !(error instanceof errors/* CmaApiError */.ep && isSandboxTrackRefusal(error.codes)))
                throw error;
            const reason = trackRefusalReason(error.codes);
            const note = `${error.request} refused ${name} (${error.answer})${reason === SANDBOX_TRACK ? `: ${SANDBOX_TRACK_WORDS}` : ''}`;
            const failures = [failedFor(reason)(`${track.uploadId}/${track.trackId}`)];
            return this.record('track', { deleted: [], note, failures }, undefined, name);
        }
        if ('notFound' in sub)
            return this.record('track', await this.trackNotFound(track, sub.retried), undefined, name);
        const ref = `${track.uploadId}/${track.trackId}`;
        const job = this.started(sub, 'track', [ref], name);
        const result = await this.finish(sub, job);
        const outcome = trackOutcome(result, `Job ${job?.id ?? ''} (${name})`);
        describeJob(job, result, outcome);
        const reason = trackRefusalReason(firstApiError(result.payload)?.codes ?? []);
        const failed = outcome.failed > 0;
        const note = !failed || reason !== SANDBOX_TRACK ? outcome.note : `${outcome.note ?? ''}: ${SANDBOX_TRACK_WORDS}`;
        const settled = { deleted: failed ? [] : [ref], failures: failed ? [failedFor(reason)(ref)] : [] };
        this.record('track', { ...settled, ...(note === undefined ? {} : { note }) }, job, name);
    }
    /**
     * A 404 for a track is one failed, unless the request had been sent before: an earlier attempt
     * whose answer was lost may have deleted it, so what the upload's tracks say wins.
     */
    async trackNotFound(track, retried) {
        const ref = `${track.uploadId}/${track.trackId}`;
        if (retried) {
            const tracks = await this.deps.client.listTracks(track.uploadId);
            if (!tracks?.some((t) => t.trackId === track.trackId)) {
                this.deps.log.info(`track ${ref} answered 404 after an earlier attempt: it no longer exists and counts as deleted`);
                return { deleted: [ref], failures: [] };
            }
        }
        const failures = [failedFor('track not found')(ref)];
        return { deleted: [], note: `track ${ref} was not found (404 NOT_FOUND)`, failures };
    }
    /** Submits through the concurrency limit; a stopped run submits nothing more. */
    submit(send) {
        return this.limit(() => {
            this.deps.signal.throwIfAborted();
            return send();
        });
    }
    started(sub, kind, ids, what) {
        if (!('jobId' in sub))
            return undefined;
        if (this.result.jobs.some((started) => started.id === sub.jobId)) {
            // One job cannot stand for two deletions: its result would be counted twice.
            throw new errors/* UnexpectedAnswerError */.qx(`Deleting ${what}`, `202 with job ID ${sub.jobId}, already given for another deletion`, true);
        }
        const job = this.result.startJob(sub.jobId, kind, ids, this.deps.clock.now());
        this.submitted.tick((n) => `Submitted ${what}: job ${job.id} (${n})`);
        return job;
    }
    async finish(sub, job) {
        if ('result' in sub)
            return sub.result;
        const result = await this.deps.poller.wait(sub.jobId, job?.kind ?? 'uploads', job?.submittedAt ?? this.deps.clock.now());
        if (job !== undefined)
            job.finishedAt = this.deps.clock.now();
        return result;
    }
    /** Adds what was settled to the result, item by item. */
    record(kind, settled, job, what) {
        const before = { ...this.result.counts[kind] };
        this.result.settle(kind, settled, job);
        if (settled.note !== undefined)
            this.result.notes.push(settled.note);
        const deleted = this.result.counts[kind].successful - before.successful;
        const failed = this.result.counts[kind].failed - before.failed;
        this.finished.tick((n) => `${job === undefined ? what : `Job ${job.id}`} done: ${deleted} deleted, ${failed} failed (${n})`);
    }
}
/**
 * A job's counts taken at their word, item by item: all deleted when it says so, otherwise
 * which of them it deleted is unknown.
 */
function asSettled(ids, outcome) {
    if (outcome.countsIgnored === undefined && outcome.failed === 0 && outcome.successful === ids.length) {
        return { deleted: ids, failures: [] };
    }
    const failed = Math.max(0, Math.min(ids.length, ids.length - outcome.successful));
    return { deleted: [], failures: [], unknown: { ids, failed } };
}
/** Keeps what a job's result said, for the report. */
function describeJob(job, result, outcome) {
    if (job === undefined)
        return;
    job.status = result.status;
    const reported = reportedCounts(result.payload);
    if (reported !== undefined)
        job.reported = reported;
    if (outcome.countsIgnored !== undefined)
        job.countsIgnored = outcome.countsIgnored;
}

;// CONCATENATED MODULE: ./src/core/environment.ts


/** What a run targets before (or without) a lookup: the input as given. */
function requestedEnvironment(requested, why) {
    return { id: requested, primary: undefined, unconfirmed: why };
}
/** The environment cannot take the deletions: it does not exist, or is read-only. */
class EnvironmentError extends Error {
    name = 'EnvironmentError';
    /** The environment as far as the lookup went, for the summary and the outputs. */
    target;
    constructor(message, target) {
        super(message);
        this.target = target;
    }
}
/** Most environment IDs named in an error. */
const MAX_NAMED = 10;
/**
 * Looks up the environment `requested` names (undefined = the primary) before anything is
 * selected: its real ID, whether it is the primary, and that it exists and takes writes. One
 * that does not exist, or is in read-only mode, throws EnvironmentError. A token whose role may
 * not read environments, or does not see the target, still works: the result then says why the
 * environment is not confirmed, and the API itself refuses writes where it must.
 */
async function resolveEnvironment(client, requested) {
    try {
        return requested === undefined ? await primaryOf(client) : await named(client, requested);
    }
    catch (error) {
        if (!(error instanceof errors/* CmaApiError */.ep))
            throw error;
        // What the answer is about decides, whatever its status.
        if (error.codes.includes('INVALID_ENVIRONMENT')) {
            throw new EnvironmentError(`${error.request} answered ${error.answer}: the environment ${requested ?? '(primary)'} does not exist: nothing was deleted; fix the environment input, or leave it empty for the primary environment`, requestedEnvironment(requested, `${error.request} answered ${error.answer}`));
        }
        if (error.codes.includes('ENVIRONMENT_IN_READ_ONLY_MODE')) {
            throw readOnly(requestedEnvironment(requested, `${error.request} answered ${error.answer}`));
        }
        if (isLookupRefused(error)) {
            return requestedEnvironment(requested, `${error.request} answered ${error.answer}: the API token's role may not read environments`);
        }
        throw error;
    }
}
async function primaryOf(client) {
    const primaries = (await client.listEnvironments()).filter((environment) => environment.primary);
    if (primaries.length > 1) {
        throw new errors/* UnexpectedAnswerError */.qx('GET /environments', `${primaries.length} primary environments`);
    }
    const [primary] = primaries;
    if (primary === undefined) {
        return requestedEnvironment(undefined, 'GET /environments does not list the primary environment to this token');
    }
    return confirmed(primary);
}
async function named(client, requested) {
    const found = await client.getEnvironment(requested);
    if (found === undefined) {
        const why = `GET /environments/${requested} answered 404`;
        throw new EnvironmentError(await notFoundMessage(client, requested), requestedEnvironment(requested, why));
    }
    if (found.id !== requested) {
        throw new errors/* UnexpectedAnswerError */.qx(`GET /environments/${requested}`, `environment ${found.id} instead`);
    }
    return confirmed(found);
}
function confirmed(environment) {
    const target = { id: environment.id, primary: environment.primary };
    if (environment.readOnly)
        throw readOnly(target);
    return target;
}
function readOnly(target) {
    return new EnvironmentError(`${describeEnvironment(target)} is in read-only mode, so the API would refuse every deletion: nothing was deleted; take it out of read-only mode in DatoCMS, or target another environment`, target);
}
/** Names the environments that do exist, when the token may see them. */
async function notFoundMessage(client, requested) {
    const intro = `environment ${requested} does not exist in this project (GET /environments/${requested} answered 404): nothing was deleted`;
    let known;
    try {
        known = await client.listEnvironments();
    }
    catch (error) {
        if (isLookupRefused(error))
            return `${intro}; check the environment input`;
        throw error;
    }
    if (known.some((environment) => environment.id === requested)) {
        return `${intro}, yet GET /environments lists it: the API contradicts itself; try again later, and please report it`;
    }
    const names = known.map((environment) => `${environment.id}${environment.primary ? ' (primary)' : ''}`);
    const existing = names.length === 0 ? 'none is visible to this token' : firstOf(names, MAX_NAMED);
    return `${intro}; the environments are: ${existing}: fix the environment input, or leave it empty for the primary environment`;
}
/** A refusal to read environments: a 403 or 401 for want of permission, never one about the token itself. */
function isLookupRefused(error) {
    if (!(error instanceof errors/* CmaApiError */.ep) || (error.status !== 401 && error.status !== 403))
        return false;
    return error.code === 'INSUFFICIENT_PERMISSIONS' || (error.status === 403 && error.code === undefined);
}
/** `primary environment \`main\``, `sandbox environment \`staging-2026\``, or the input with why it is not confirmed. */
function describeEnvironment(environment) {
    if ('unconfirmed' in environment && environment.unconfirmed !== undefined) {
        const which = environment.id === undefined ? 'primary environment' : `environment \`${environment.id}\``;
        return `${which} (not confirmed: ${environment.unconfirmed})`;
    }
    return `${environment.primary === true ? 'primary' : 'sandbox'} environment \`${environment.id ?? ''}\``;
}

// EXTERNAL MODULE: ./src/core/wording.ts
var core_wording = __webpack_require__(7711);
;// CONCATENATED MODULE: ./src/core/fatal.ts


/**
 * The error that ended a run, as the user should read it, with what is known of the run: jobs
 * already started, and deletion requests sent without an answer, may still take effect at
 * DatoCMS whatever stopped the run, so they are named.
 */
function fatal(error, result, wording = core_wording/* ACTION_WORDING */.G) {
    const stopped = explained(error, result, wording);
    if (result.unanswered.length > 0) {
        stopped.message += `; ${result.unanswered.length} deletion request(s) were sent without an answer and may still take effect: ${result.unanswered.slice(0, 3).join('; ')}${result.unanswered.length > 3 ? '; ...' : ''}`;
    }
    return stopped;
}
function explained(error, result, wording) {
    const pending = result.pendingJobIds;
    if (error instanceof errors/* JobTimeoutError */.$G) {
        return new errors/* JobTimeoutError */.$G(error.timeoutMs, pending, result.selection === undefined);
    }
    if (error instanceof errors/* CancelledError */.cc) {
        const still = pending.length > 0 ? `; job(s) ${pending.join(', ')} were started and may still complete` : '';
        return new errors/* CancelledError */.cc(`${error.message} after ${result.successful} deletion(s) were confirmed${still}: ${wording.runAgain} to finish`);
    }
    const message = error instanceof Error ? error.message : String(error);
    if (pending.length === 0)
        return error instanceof Error ? error : new Error(message);
    return new Error(`${message} (job(s) ${pending.join(', ')} were started before this error and may still complete on DatoCMS: check them, or ${wording.runAgain} to see what is left)`);
}

;// CONCATENATED MODULE: ./src/core/job-poller.ts
const POLL_TIMING = { firstMs: 250, factor: 1.5, capMs: 3000 };
/** The wait before poll number `attempt` (0 = the first) of a job: capped exponential. */
function pollDelay(attempt, timing = POLL_TIMING) {
    return Math.round(Math.min(timing.firstMs * timing.factor ** attempt, timing.capMs));
}
/**
 * What a run has learned of how long jobs of one kind take. Until the first job of a kind is
 * done, only that job (the probe) polls on the capped exponential schedule; the others wait for
 * what it learns (or for `capMs`), then poll first at the learned latency. Jobs of one kind and
 * size take about as long, so most jobs then need a single poll instead of three or four: this
 * is what keeps a large run's requests close to one submission plus one poll per job.
 */
class LatencyModel {
    estimateMs;
    probing = false;
    wake = () => { };
    learned = this.reset();
    learn(elapsedMs) {
        this.estimateMs = Math.min(this.estimateMs ?? elapsedMs, elapsedMs);
        this.wake();
    }
    /** A probe that ends without a result lets the waiting jobs go on their own. */
    release() {
        this.probing = false;
        this.wake();
        this.learned = this.reset();
    }
    reset() {
        return new Promise((resolve) => (this.wake = resolve));
    }
}
/** Polls jobs until they are done. Aborting the signal (deadline, fatal error, cancel) stops every wait. */
class JobPoller {
    models = new Map();
    getJobResult;
    clock;
    signal;
    timing;
    constructor(getJobResult, clock, signal, timing = POLL_TIMING) {
        this.getJobResult = getJobResult;
        this.clock = clock;
        this.signal = signal;
        this.timing = timing;
    }
    /** Waits for job `jobId` of `kind`, submitted at `submittedAt` (clock time), and returns its result. */
    async wait(jobId, kind, submittedAt) {
        const model = this.model(kind);
        const probe = model.estimateMs === undefined && !model.probing;
        if (probe)
            model.probing = true;
        try {
            let nextAt = await this.firstPollAt(model, probe, submittedAt);
            for (let attempt = 1;; attempt++) {
                await this.clock.sleep(nextAt - this.clock.now(), this.signal);
                const result = await this.getJobResult(jobId);
                const now = this.clock.now();
                if (result !== undefined) {
                    model.learn(now - submittedAt);
                    return result;
                }
                nextAt = now + pollDelay(attempt, this.timing);
            }
        }
        finally {
            if (probe && model.estimateMs === undefined)
                model.release();
        }
    }
    async firstPollAt(model, probe, submittedAt) {
        if (!probe && model.estimateMs === undefined) {
            const giveUpAt = submittedAt + this.timing.capMs;
            const fallback = new AbortController();
            const signal = AbortSignal.any([this.signal, fallback.signal]);
            await Promise.race([model.learned, this.clock.sleep(giveUpAt - this.clock.now(), signal).catch(() => { })]);
            fallback.abort();
            this.signal.throwIfAborted();
        }
        const after = model.estimateMs ?? pollDelay(0, this.timing);
        return Math.max(submittedAt + after, this.clock.now());
    }
    model(kind) {
        let model = this.models.get(kind);
        if (model === undefined)
            this.models.set(kind, (model = new LatencyModel()));
        return model;
    }
}

;// CONCATENATED MODULE: ./src/core/run-report.ts
/** Bumped when a field changes meaning; `report.schema.json` says what each version holds. */
const REPORT_SCHEMA_VERSION = 1;
function outcomeOf(result, context) {
    if (context.cancelled)
        return 'cancelled';
    if (context.error !== undefined)
        return 'failed';
    if (result.dryRun)
        return 'dry-run';
    return result.failed > 0 ? 'failed-items' : 'succeeded';
}
/** Everything but the items: small, whatever the run's size. */
function reportHeader(result, context) {
    const iso = (epochMs) => new Date(epochMs).toISOString();
    const clockIso = (time) => (time === undefined ? null : iso(context.clockOrigin + time));
    const { settings } = context;
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: context.tool,
        startedAt: iso(context.startedAt),
        endedAt: iso(context.endedAt),
        environment: run_report_environmentOf(result.environment, settings.environment),
        dryRun: result.dryRun,
        settings: {
            baseUrl: settings.baseUrl,
            scope: settings.scope,
            criteria: criteriaOf(settings.criteria),
            maxDeletions: settings.maxDeletions,
            jobTimeoutSeconds: settings.jobTimeoutMs / 1000,
            deleteEndpoint: settings.deleteEndpoint,
            verify: settings.verify,
            failOnFailed: settings.failOnFailed,
            sources: {
                uploadIdsFile: settings.uploadIdsFile ?? null,
                uploadIdsFromFile: context.fromFiles.uploadIds,
                uploadTracksFile: settings.uploadTracksFile ?? null,
                uploadTracksFromFile: context.fromFiles.uploadTracks,
            },
        },
        outcome: outcomeOf(result, context),
        error: context.error ?? null,
        counts: countsOf(result),
        usedBulkDestroy: result.usedBulkDestroy,
        verification: result.verification.enabled
            ? { checked: result.verification.checked, contradicted: result.verification.contradicted }
            : null,
        jobs: result.jobs.map((job) => jobOf(job, clockIso)),
        unanswered: [...result.unanswered],
        notes: [...result.notes],
        selection: result.selection === undefined ? null : { described: result.selection.described, notes: result.selection.notes },
    };
}
function run_report_environmentOf(environment, requested) {
    return {
        id: environment?.id ?? null,
        primary: environment?.primary ?? null,
        confirmed: environment !== undefined && environment.unconfirmed === undefined,
        requested: requested ?? null,
        note: environment?.unconfirmed ?? null,
    };
}
/** The criteria as the listing sent them: each `filter[fields]` condition, and the full-text query. */
function criteriaOf(criteria) {
    return {
        conditions: criteria.conditions.map(({ field, op, value }) => ({ field, op, value })),
        query: criteria.query ?? null,
        described: criteria.described,
    };
}
function countsOf(result) {
    const uploads = result.uploadItems.countFates();
    const tracks = result.trackItems.countFates();
    const fates = {
        deleted: uploads.deleted + tracks.deleted,
        failed: uploads.failed + tracks.failed,
        unknown: uploads.unknown + tracks.unknown,
        pending: uploads.pending + tracks.pending,
        selected: uploads.selected + tracks.selected,
    };
    return {
        selected: result.selected,
        successful: result.successful,
        failed: result.failed,
        unlisted: result.selection?.unlisted ?? 0,
        unnamedFailed: result.unnamedFailed,
        uploads: { selected: result.requestedUploads, ...result.counts.uploads },
        tracks: { selected: result.requestedTracks, ...result.counts.track },
        fates,
    };
}
function jobOf(job, clockIso) {
    return {
        id: job.id,
        kind: job.kind === 'uploads' ? 'uploads' : 'track',
        items: job.items,
        submittedAt: clockIso(job.submittedAt),
        finishedAt: clockIso(job.finishedAt),
        status: job.status ?? null,
        reported: job.reported ?? null,
        countsIgnored: job.countsIgnored ?? null,
        contradicted: job.contradicted ?? null,
    };
}
/** Why an item is `pending` or `unknown`, in the report's words. */
const PENDING_SENT = 'its job had not finished when the run ended';
const PENDING_UNSENT = 'not sent: the run ended first';
const UNKNOWN = 'gone, but its job counted failures that cannot be named';
/**
 * One entry per selected item, in selection order (uploads, then tracks), each as JSON text:
 * written one after the other, no object is kept per item.
 */
function* reportItems(result) {
    const jobIds = result.jobIds;
    const listed = new Map();
    for (const upload of result.selection?.uploads ?? [])
        listed.set(upload.id, upload);
    for (const [id, item] of result.uploadItems.entries(jobIds)) {
        const details = listed.get(id);
        yield `{"kind":"upload","id":${JSON.stringify(id)},${fateText(item)},"listed":${details === undefined ? 'null' : JSON.stringify(listedOf(details))}}`;
    }
    const names = new Map((result.selection?.tracks ?? []).map((t) => [`${t.uploadId}/${t.trackId}`, t.name]));
    for (const [id, item] of result.trackItems.entries(jobIds)) {
        const slash = id.indexOf('/');
        const parts = `"uploadId":${JSON.stringify(id.slice(0, slash))},"trackId":${JSON.stringify(id.slice(slash + 1))}`;
        yield `{"kind":"track","id":${JSON.stringify(id)},${parts},"name":${JSON.stringify(names.get(id) ?? null)},${fateText(item)}}`;
    }
}
/** Why an item has its fate: the failure's reason, or what `pending` and `unknown` mean for it. */
function reasonOf(item) {
    if (item.fate === 'failed')
        return item.reason ?? 'refused';
    if (item.fate === 'pending')
        return item.jobId === undefined ? PENDING_UNSENT : PENDING_SENT;
    return item.fate === 'unknown' ? UNKNOWN : null;
}
function fateText(item) {
    const reason = reasonOf(item);
    const jobId = item.jobId === undefined ? 'null' : JSON.stringify(item.jobId);
    return `"fate":"${item.fate}","reason":${JSON.stringify(reason)},"jobId":${jobId},"verified":${item.verified === true ? 'true' : 'null'}`;
}
function listedOf(upload) {
    return {
        filename: upload.filename,
        size: upload.size ?? null,
        url: upload.url ?? null,
        md5: upload.md5 ?? null,
        createdAt: upload.createdAt ?? null,
        tags: upload.tags ?? null,
    };
}
/**
 * The report as text, in pieces: the header, then the items a few hundred at a time, so that a
 * 100,000-item run never holds the whole document as one string.
 */
function* reportText(header, items) {
    const head = JSON.stringify(header);
    yield `${head.slice(0, -1)},"items":[`;
    let batch = [];
    let first = true;
    for (const item of items) {
        batch.push(item);
        if (batch.length === 500) {
            yield `${first ? '' : ','}${batch.join(',')}`;
            first = false;
            batch = [];
        }
    }
    if (batch.length > 0)
        yield `${first ? '' : ','}${batch.join(',')}`;
    yield ']}\n';
}

// EXTERNAL MODULE: ./src/core/criteria.ts + 1 modules
var criteria = __webpack_require__(3056);
;// CONCATENATED MODULE: ./src/core/listing-checks.ts


const COMPARE = {
    lt: (time, bound) => time < bound,
    lte: (time, bound) => time <= bound,
    gt: (time, bound) => time > bound,
    gte: (time, bound) => time >= bound,
};
/**
 * A listed `created_at` is an ISO 8601 date and time with its offset; anything else proves
 * nothing (without an offset, the runner's time zone would decide).
 */
const LISTED_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/**
 * Keeps the listed uploads that the listing's own fields prove selectable; each one left out is
 * counted in a note saying why. What is checked: the ID is an upload ID, and `created_at`
 * satisfies every `_created_at` bound of the criteria (`older-than` among them). An upload whose
 * `created_at` is missing or not a date cannot prove a bound, so it is not selected.
 */
function keepProven(uploads, criteria, notes) {
    const bounds = criteria.conditions.filter(isDateBound);
    const left = { badId: 0, noDate: 0, outside: 0 };
    const kept = [];
    for (const upload of uploads) {
        const why = whyLeftOut(upload, bounds);
        if (why === undefined)
            kept.push(upload);
        else
            left[why]++;
    }
    if (left.badId > 0)
        notes.push(`${left.badId} listed upload(s) left out: their ID is not an upload ID`);
    if (left.noDate > 0) {
        notes.push(`${left.noDate} listed upload(s) left out: created_at is missing or not a date, so ${boundsName(bounds)} cannot be proven`);
    }
    if (left.outside > 0) {
        notes.push(`${left.outside} listed upload(s) left out: created_at is outside ${boundsName(bounds)} (the API did not apply it)`);
    }
    return kept;
}
function whyLeftOut(upload, bounds) {
    if (!(0,core_settings/* isUploadId */.zV)(upload.id))
        return 'badId';
    if (bounds.length === 0)
        return undefined;
    const time = listedTime(upload.createdAt);
    if (time === undefined)
        return 'noDate';
    return bounds.every((b) => COMPARE[b.op](time, Date.parse(b.value))) ? undefined : 'outside';
}
function isDateBound(c) {
    return (c.field === '_created_at' && criteria/* DATE_OPERATORS */.TA.includes(c.op) && typeof c.value === 'string');
}
function listedTime(createdAt) {
    if (createdAt === undefined || !LISTED_DATE.test(createdAt) || !(0,criteria/* isIsoDate */.s6)(createdAt))
        return undefined;
    return Date.parse(createdAt);
}
function boundsName(bounds) {
    return bounds.map((b) => `_created_at ${b.op} ${String(b.value)}`).join(' and ');
}

;// CONCATENATED MODULE: ./src/core/selection.ts







/**
 * Library pages are read in a stable order, oldest first: a library that changes while it is
 * paged then shifts fewer uploads between pages (and those that shift are counted as repeats).
 * No tie-break on `id`: whether the API orders by it is not documented.
 */
const LIBRARY_ORDER = '_created_at_ASC';
/** True when the inputs select nothing without asking the API (an empty list is not "everything"). */
function selectsNothing(settings) {
    return (settings.scope === 'ids' &&
        settings.uploadIds.length === 0 &&
        settings.uploadTracks.length === 0 &&
        settings.allTracksOf.length === 0);
}
/** Resolves the inputs into the uploads and tracks to delete; sends only GET requests. */
async function selection_select(settings, client) {
    const notes = [];
    const [uploads, expanded] = await Promise.all([
        selectUploads(settings, client, notes),
        Promise.all(settings.allTracksOf.map(async (id) => ({ id, tracks: await client.listTracks(id) }))),
    ]);
    for (const { id, tracks } of expanded) {
        if (tracks === undefined)
            notes.push(`${id}/* selects no track: upload ${id} was not found (404)`);
    }
    const listed = expanded.flatMap((entry) => entry.tracks ?? []);
    const safe = listed.filter((track) => (0,core_settings/* isTrackId */.tO)(track.trackId));
    if (safe.length < listed.length) {
        const bad = listed.filter((track) => !(0,core_settings/* isTrackId */.tO)(track.trackId)).map((t) => (0,core_settings/* quote */.hD)(`${t.uploadId}/${t.trackId}`));
        notes.push(`the API listed ${bad.length} track ID(s) that cannot be put in a path safely, left out: ${shortList(bad, 5)}`);
    }
    const tracks = uniqueTracks([...settings.uploadTracks, ...safe]);
    return { ...uploads, tracks, described: describe(settings), notes };
}
/**
 * The whole-library listing, read no further than max-deletions allows. If a `filter` matched
 * every upload of the library, the API may have ignored a field name it does not know: refused.
 */
async function selectFromLibrary(settings, client, notes) {
    const [listing, libraryTotal] = await Promise.all([
        client.listUploads({ ...(0,criteria/* criteriaQuery */.eo)(settings.criteria), order_by: LIBRARY_ORDER }, settings.maxDeletions),
        settings.criteria.hasFilterInput ? client.countUploads() : Promise.resolve(undefined),
    ]);
    if (libraryTotal !== undefined && listing.total > libraryTotal) {
        throw new errors/* UnexpectedAnswerError */.qx('GET /uploads', `a total_count of ${listing.total} matching uploads, in a library of ${libraryTotal}`);
    }
    if (libraryTotal !== undefined && libraryTotal > 0 && listing.total === libraryTotal) {
        throw new errors/* WholeLibraryError */.TW(libraryTotal);
    }
    notes.push(...listingNotes(listing));
    if (!listing.complete) {
        notes.push(`${listing.total} uploads matched, more than max-deletions (${settings.maxDeletions}): only the first ${listing.uploads.length} were listed`);
    }
    const uploads = keepProven(listing.uploads, settings.criteria, notes);
    const unlisted = listing.complete ? 0 : listing.total - listing.uploads.length;
    return { uploadIds: uploads.map((upload) => upload.id), uploads, unlisted };
}
async function selectUploads(settings, client, notes) {
    if (settings.scope === 'library')
        return selectFromLibrary(settings, client, notes);
    if (settings.uploadIds.length === 0)
        return { uploadIds: [], uploads: [], unlisted: 0 };
    const narrowed = (0,criteria/* hasCriteria */.eT)(settings.criteria);
    if (!narrowed && !settings.dryRun)
        return { uploadIds: settings.uploadIds, uploads: undefined, unlisted: 0 };
    const found = await listGivenIds(settings, client, notes);
    if (!narrowed) {
        // Without criteria every given ID is selected, found or not: a real run would try them all.
        const uploads = settings.uploadIds.map((id) => found.get(id) ?? { id, filename: '(not found)', size: undefined, createdAt: undefined });
        return { uploadIds: settings.uploadIds, uploads, unlisted: 0 };
    }
    const listed = settings.uploadIds.flatMap((id) => found.get(id) ?? []);
    const uploads = keepProven(listed, settings.criteria, notes);
    return { uploadIds: uploads.map((upload) => upload.id), uploads, unlisted: 0 };
}
/**
 * Lists the given IDs with the criteria, 200 per request. Only the IDs asked for are taken from
 * an answer: an upload the API adds of its own is never selected.
 */
async function listGivenIds(settings, client, notes) {
    const filter = (0,criteria/* criteriaQuery */.eo)(settings.criteria);
    const chunks = chunk(settings.uploadIds, MAX_IDS_PER_REQUEST);
    const listings = await Promise.all(chunks.map((ids) => client.listUploads({ ...filter, 'filter[ids]': ids.join(',') }, ids.length)));
    const found = new Map();
    let foreign = 0;
    for (const [index, listing] of listings.entries()) {
        const asked = new Set(chunks[index]);
        notes.push(...listingNotes(listing));
        for (const upload of listing.uploads) {
            if (asked.has(upload.id))
                found.set(upload.id, upload);
            else
                foreign++;
        }
    }
    if (foreign > 0)
        notes.push(`the API listed ${foreign} upload(s) that were not asked for in filter[ids]: ignored`);
    return found;
}
/** What a listing did that the user should know of: repeated entries, entries past its total. */
function listingNotes(listing) {
    const notes = [];
    if (listing.repeated > 0) {
        notes.push(`the listing repeated ${listing.repeated} upload(s) (pages shifted or repeated): each is selected once`);
    }
    if (listing.conflicting > 0) {
        notes.push(`the listing gave ${listing.conflicting} upload(s) twice with different created_at: left out`);
    }
    if (listing.beyondTotal > 0) {
        notes.push(`the listing held ${listing.beyondTotal} upload(s) more than its total_count (${listing.total}) announced: left out`);
    }
    return notes;
}
function uniqueTracks(tracks) {
    const seen = new Map();
    for (const track of tracks) {
        const key = `${track.uploadId}/${track.trackId}`;
        if (!seen.has(key))
            seen.set(key, { ...track });
    }
    return [...seen.values()];
}
function describe(settings) {
    const source = settings.scope === 'library'
        ? 'uploads of the whole media library (scope: library)'
        : `the ${settings.uploadIds.length} upload ID(s) given in ${settings.uploadIdsFile === undefined ? 'upload-ids' : `upload-ids and upload-ids-file (${settings.uploadIdsFile})`}`;
    const criteria = settings.criteria.described;
    const lines = [criteria.length > 0 ? `${source}, keeping those: ${criteria.join('; ')}` : source];
    const tracksFrom = settings.uploadTracksFile === undefined ? 'upload-tracks' : 'upload-tracks and upload-tracks-file';
    if (settings.uploadTracks.length > 0)
        lines.push(`${settings.uploadTracks.length} track(s) given in ${tracksFrom}`);
    if (settings.allTracksOf.length > 0) {
        lines.push(`every track of ${settings.allTracksOf.length} upload(s) given as UPLOAD_ID/* in ${tracksFrom}`);
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/core/run.ts













/** Per-request limits: a request that hangs is retried instead of holding the run until job-timeout. */
const HTTP_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };
/**
 * The whole cleanup, whatever the front door: select, check the selection, delete and wait,
 * then write the report. Counts go into `result` as they come, so that the front door can show
 * progress and report whatever ends the run. Never throws for what the API or the run does: the
 * fatal error comes back in `RunEnd`.
 */
async function execute(settings, result, seams, host) {
    const startedAt = seams.clock.now();
    const startedAtMs = Date.now();
    result.dryRun = settings.dryRun;
    result.verification.enabled = settings.verify;
    const error = await deleteAll(settings, result, seams);
    const context = {
        tool: seams.tool,
        settings,
        fromFiles: settings.fromFiles,
        startedAt: startedAtMs,
        endedAt: Date.now(),
        clockOrigin: startedAtMs - startedAt,
        error: error?.message,
        cancelled: error instanceof errors/* CancelledError */.cc,
    };
    const document = () => reportText(reportHeader(result, context), reportItems(result));
    const path = (0,core_settings/* reportPath */.eG)(settings, host.places);
    let problem;
    try {
        host.writeText(path, document());
    }
    catch (writeError) {
        problem = (0,errors/* describeCause */.V$)(writeError);
        seams.log.warning(`The report could not be written to ${path} (${problem}); the counts are in the summary`);
    }
    return {
        error,
        durationMs: seams.clock.now() - startedAt,
        report: problem === undefined ? { path } : { path, problem },
        document,
    };
}
/** Selects, checks the selection, deletes; returns the fatal error, if any. */
async function deleteAll(settings, result, seams) {
    const { log } = seams;
    if (seams.cancelled.aborted)
        return fatal(seams.cancelled.reason, result, seams.wording);
    result.environment = requestedEnvironment(settings.environment, 'the run stopped before it was looked up');
    if (selectsNothing(settings)) {
        result.environment = requestedEnvironment(settings.environment, 'not looked up: nothing to delete');
        log.info(`Target: ${describeEnvironment(result.environment)} at ${settings.baseUrl}`);
        result.select({
            uploadIds: [],
            uploads: [],
            unlisted: 0,
            tracks: [],
            described: ['no upload ID or track was given (inputs and files are empty)'],
            notes: [],
        });
        log.info('Nothing to delete: no upload ID or track was given (inputs and files are empty).');
        return undefined;
    }
    const unanswered = new UnansweredRequests();
    try {
        await withRunScope(settings, seams, unanswered, async ({ client, controller }) => {
            result.environment = await target(settings, client, log, result);
            const selection = await selection_select(settings, client);
            result.select(selection);
            if (!proceed(settings, result, seams))
                return;
            const { clock } = seams;
            const poller = new JobPoller((id) => client.getJobResult(id), clock, controller.signal);
            const stop = (reason) => controller.abort(reason);
            const { uploadIds, tracks: uploadTracks } = selection;
            const work = { uploadIds, uploadTracks, deleteEndpoint: settings.deleteEndpoint, verify: settings.verify };
            await runCleanup(work, result, { client, poller, clock, log, signal: controller.signal, stop });
        });
        return undefined;
    }
    catch (error) {
        result.unanswered.push(...unanswered.list());
        return fatal(error, result, seams.wording);
    }
}
/** Looks up the environment and names it in the run's first log line. */
async function target(settings, client, log, result) {
    let environment;
    try {
        environment = await resolveEnvironment(client, settings.environment);
    }
    catch (error) {
        if (error instanceof EnvironmentError)
            result.environment = error.target;
        throw error;
    }
    log.info(`Target: ${describeEnvironment(environment)} at ${settings.baseUrl}`);
    if (environment.unconfirmed !== undefined) {
        log.warning(`Environment not confirmed: ${environment.unconfirmed}; going on, and the API will refuse deletions where this token may not make them`);
    }
    return environment;
}
/**
 * Runs `work` with a CMA client whose every request and wait ends at the job-timeout deadline or
 * on cancellation, then lets go of the timer, the listener and the sockets.
 */
async function withRunScope(settings, { log, clock, cancelled, tool }, unanswered, work) {
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new errors/* JobTimeoutError */.$G(settings.jobTimeoutMs, [])), settings.jobTimeoutMs);
    const onCancel = () => controller.abort(cancelled.reason);
    cancelled.addEventListener('abort', onCancel, { once: true });
    if (cancelled.aborted)
        onCancel(); // aborted before the listener: it would never fire
    const agent = new undici/* Agent */.g6({
        connect: { timeout: HTTP_TIMEOUTS.connectMs },
        headersTimeout: HTTP_TIMEOUTS.headersMs,
        bodyTimeout: HTTP_TIMEOUTS.bodyMs,
    });
    try {
        const http = createCmaHttp({ ...settings, userAgent: `${tool.name}/${tool.version}` }, {
            dispatcher: agent,
            limiter: new RateLimiter(clock),
            retryPolicy: RETRY_POLICY,
            clock,
            signal: controller.signal,
            debug: (message) => log.debug(message),
            unanswered,
            deadline: clock.now() + settings.jobTimeoutMs,
        });
        await work({ client: createCmaClient(http), controller });
    }
    finally {
        clearTimeout(deadline);
        cancelled.removeEventListener('abort', onCancel);
        await agent.destroy();
    }
}
/**
 * Logs the selection and decides whether to delete it: not in a dry run, not when nothing
 * matched; throws when more than max-deletions matched.
 */
function proceed(settings, result, { log, wording }) {
    const selection = result.selection;
    if (selection === undefined)
        return false;
    log.info(`Selected ${selection.uploadIds.length} upload(s) and ${selection.tracks.length} track(s): ${selection.described.join('; ')}`);
    for (const note of selection.notes)
        log.warning(note);
    if (result.selected > settings.maxDeletions) {
        const tooMany = new errors/* SelectionCapError */.fU(result.selected, settings.maxDeletions, (value) => wording.setting('max-deletions', value));
        if (!settings.dryRun)
            throw tooMany;
        log.warning(`Dry run: a real run would stop here: ${tooMany.message}`);
    }
    if (settings.dryRun) {
        log.info(`Dry run: nothing was deleted (${result.selected} item(s) selected).`);
        return false;
    }
    if (result.selected === 0)
        log.info('Nothing to delete: no upload or track matched.');
    return result.selected > 0;
}

// EXTERNAL MODULE: ./src/core/version.ts
var version = __webpack_require__(3323);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/write-text.ts


/**
 * Writes `chunks` to `path` (its folder made if need be), whole or not at all: written beside
 * the target, then renamed over it, so that a reader never sees half a report.
 */
function writeText(path, chunks) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    const partial = `${path}.partial`;
    const fd = (0,external_node_fs_.openSync)(partial, 'w');
    try {
        for (const chunk of chunks)
            (0,external_node_fs_.writeSync)(fd, chunk);
    }
    catch (error) {
        (0,external_node_fs_.closeSync)(fd);
        (0,external_node_fs_.rmSync)(partial, { force: true });
        throw error;
    }
    (0,external_node_fs_.closeSync)(fd);
    (0,external_node_fs_.renameSync)(partial, path);
}

// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(481);
;// CONCATENATED MODULE: ./src/cli/display.ts

/** A live line is redrawn this often; plain lines come this often. */
const LIVE_EVERY_MS = 200;
const LINES_EVERY_MS = 5000;
/**
 * The run's lines and its progress on one stream. A live line is cleared before any other line
 * is written, then drawn again, so that messages never mix with it. `mask` hides the token in
 * everything written.
 */
class Display {
    shown = false;
    timer;
    describe = () => undefined;
    /** The last plain progress line written, not to write the same twice. */
    last = '';
    output;
    mode;
    mask;
    constructor(output, mode, mask) {
        this.output = output;
        this.mode = mode;
        this.mask = mask;
    }
    info(message) {
        this.line(message);
    }
    warning(message) {
        this.line(`warning: ${message}`);
    }
    /** Writes one line, the live progress line kept below it. */
    line(text) {
        this.clear();
        this.output.write(`${this.mask(text)}\n`);
        if (this.timer !== undefined && this.mode === 'live')
            this.draw(this.describe());
    }
    /** Shows `describe()` while a run goes on: redrawn on a terminal, every few seconds elsewhere. */
    start(describe) {
        if (this.mode === 'off')
            return;
        this.describe = describe;
        const tick = () => {
            const text = describe();
            if (this.mode === 'live')
                this.draw(text);
            else if (text !== undefined && text !== this.last) {
                this.last = text;
                this.output.write(`${this.mask(text)}\n`);
            }
        };
        this.timer = setInterval(tick, this.mode === 'live' ? LIVE_EVERY_MS : LINES_EVERY_MS);
        this.timer.unref();
    }
    /** Stops the progress and clears its line. */
    stop() {
        clearInterval(this.timer);
        this.timer = undefined;
        this.clear();
    }
    draw(text) {
        if (text === undefined) {
            this.clear();
            return;
        }
        const width = Math.max(20, (this.output.columns ?? 100) - 1);
        this.clear();
        this.output.write(this.mask(text.length > width ? `${text.slice(0, width - 3)}...` : text));
        this.shown = true;
    }
    clear() {
        if (!this.shown)
            return;
        (0,external_node_readline_.cursorTo)(this.output, 0);
        (0,external_node_readline_.clearLine)(this.output, 0);
        this.shown = false;
    }
}
/** The progress of the deletions, once they have started: items deleted of all, jobs pending, time. */
function progressLine(result, elapsedMs) {
    if (result.selection === undefined || result.dryRun || result.jobs.length === 0)
        return undefined;
    const done = result.successful + result.failed;
    const parts = [
        `Deleting: ${result.successful.toLocaleString('en-US')} of ${result.selected.toLocaleString('en-US')} deleted`,
        ...(result.failed > 0 ? [`${result.failed.toLocaleString('en-US')} not deleted`] : []),
        `${result.pendingJobIds.length} job(s) pending`,
        `${(elapsedMs / 1000).toFixed(1)} s`,
    ];
    return done === result.selected && result.pendingJobIds.length === 0 ? undefined : parts.join(', ');
}

// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/core/byte-size.ts
/** A size for people: `512 B`, `1.5 MB`; '' when not known. */
function byteSize(bytes) {
    if (bytes === undefined)
        return '';
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KB', 'MB', 'GB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}

;// CONCATENATED MODULE: ./src/cli/summary.ts





/** What to do about uploads in use, in the command's words. */
const IN_USE_HINT = 'To leave such uploads out of a selection by criteria, add --only-unused; to delete them, first remove them from the records that use them.';
/** Most IDs listed per line; the rest are counted. */
const MAX_LISTED = 20;
/**
 * The same facts as the action's job summary, as plain lines for a terminal or a CI log: no
 * colour, no escape codes, every line readable on its own.
 */
function renderTextSummary(summary) {
    const { result } = summary;
    const { uploads, track } = result.counts;
    const rows = [
        ['', 'Selected', 'Deleted', 'Not deleted'],
        ['Uploads', result.requestedUploads, uploads.successful, uploads.failed],
        ['Upload tracks', result.requestedTracks, track.successful, track.failed],
    ].map((row) => row.map(String));
    const lines = [
        '',
        headline(summary),
        '',
        ...rows.map((row) => `  ${row[0]?.padEnd(15)}${row
            .slice(1)
            .map((cell) => cell.padStart(12))
            .join('')}`),
        '',
        `Environment: ${result.environment === undefined ? 'not known' : describeEnvironment(result.environment)}`,
        `Jobs: ${result.jobs.length === 0 ? 'none' : shortList(result.jobIds, MAX_LISTED, ', ')}`,
        ...(result.pendingJobIds.length > 0 ? [`Still running: ${shortList(result.pendingJobIds, MAX_LISTED, ', ')}`] : []),
        ...(result.unanswered.length > 0
            ? [`Sent without an answer (may still take effect): ${shortList(result.unanswered, 3, '; ')}`]
            : []),
        ...(result.usedBulkDestroy
            ? ['Deleted with POST /uploads/bulk/destroy (DELETE /uploads/batch-destroy is gone)']
            : []),
        ...verification(result),
        `Duration: ${(summary.durationMs / 1000).toFixed(1)} s`,
        ...notDeleted(result),
        ...selected(result),
        ...(result.notes.length > 0
            ? ['', 'Notes:', ...result.notes.slice(0, MAX_LISTED).map((note) => `  - ${note}`)]
            : []),
        '',
        summary.reportFile === undefined ? 'Report: not written (see the warning above)' : `Report: ${summary.reportFile}`,
    ];
    return `${lines.map(oneLine).join('\n')}\n`;
}
function headline({ result, error, cancelled }) {
    switch (outcomeOf(result, { error, cancelled })) {
        case 'cancelled':
            return `Interrupted: ${error ?? ''}`;
        case 'failed':
            return `Failed: ${error ?? ''}`;
        case 'dry-run':
            return `Dry run: ${result.selected} upload(s) and track(s) selected, nothing deleted.`;
        case 'failed-items':
            return `${result.successful} deleted, ${result.failed} not deleted.`;
        case 'succeeded':
            return result.selected === 0
                ? 'Nothing to delete: no upload or track was selected.'
                : `${result.successful} deleted.`;
    }
}
function verification({ verification: checks, requestedUploads }) {
    if (!checks.enabled)
        return [];
    if (checks.checked === 0)
        return ['Verify: no upload was looked up (no upload job finished)'];
    const checked = `Verified: ${checks.checked} of ${requestedUploads} selected upload(s) looked up after their job`;
    if (checks.contradicted === 0)
        return [`${checked}; none that a job reported deleted still exists`];
    return [`${checked}; ${checks.contradicted} upload(s) a job reported deleted still exist and count as not deleted`];
}
/** Most uploads and tracks shown of a selection: enough to check it; the report holds every one. */
const MAX_ROWS = 10;
/** What was selected and why, with the first uploads and tracks. */
function selected({ selection }) {
    if (selection === undefined)
        return [];
    const lines = ['', 'Selected:', ...selection.described.map((line) => `  ${line}`)];
    lines.push(...selection.notes.map((note) => `  warning: ${note}`));
    const uploads = selection.uploads ?? [];
    for (const upload of uploads.slice(0, MAX_ROWS)) {
        const facts = [upload.filename, byteSize(upload.size), upload.createdAt?.slice(0, 10) ?? ''].filter((f) => f !== '');
        lines.push(`  ${upload.id}  ${clip(facts.join(', '))}`);
    }
    if (uploads.length > MAX_ROWS)
        lines.push(`  ... and ${uploads.length - MAX_ROWS} more upload(s) (the report lists every one)`);
    for (const track of selection.tracks.slice(0, MAX_ROWS)) {
        lines.push(`  ${track.uploadId}/${track.trackId}${track.name === undefined ? '' : `  ${clip(track.name)}`}`);
    }
    if (selection.tracks.length > MAX_ROWS)
        lines.push(`  ... and ${selection.tracks.length - MAX_ROWS} more track(s)`);
    return lines;
}
function clip(text) {
    return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
function notDeleted(result) {
    if (result.failures.length === 0)
        return [];
    const lines = ['', 'Not deleted:'];
    const byReason = new Map();
    for (const { id, reason } of result.failures) {
        const ids = byReason.get(reason);
        if (ids === undefined)
            byReason.set(reason, [id]);
        else
            ids.push(id);
    }
    for (const [reason, ids] of byReason)
        lines.push(`  ${reason} (${ids.length}): ${shortList(ids, MAX_LISTED, ', ')}`);
    const inUse = result.failedFor('in use by records');
    if (inUse > 0)
        lines.push(`${inUse} upload(s) were kept because records use them. ${IN_USE_HINT}`);
    const sandboxTracks = result.failedFor(SANDBOX_TRACK);
    if (sandboxTracks > 0)
        lines.push(`${sandboxTracks} track(s) were refused: ${SANDBOX_TRACK_WORDS}.`);
    return lines;
}
/** Text from the API (names, notes) on one line: no line break or control character reaches the terminal. */
function oneLine(text) {
    return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ');
}

;// CONCATENATED MODULE: ./src/cli/run.ts












/**
 * A cleanup run from the command line: the settings from the flags and the token, the run with
 * its progress on stderr, then the summary (or the report, with --json) and the exit code.
 */
async function run_runCleanup(command, token, io, interrupt, mask) {
    const host = { files: nodeFiles, places: { workspace: io.cwd, reportDir: io.cwd }, writeText: writeText };
    let settings;
    try {
        const input = (name) => (name === 'api-token' ? token : (command.inputs.get(name) ?? ''));
        settings = (0,core_settings/* buildSettings */.E6)(input, host, core_wording/* COMMAND_WORDING */.f);
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz))
            throw error;
        io.stderr.write(`${version/* COMMAND */.Wr.name}: ${mask(error.message)}\n`);
        return cli_io/* EXIT */.d.usage;
    }
    const result = new CleanupResult();
    const end = await withProgress(command.progress, io, mask, result, (log, clock) => execute(settings, result, { log, clock, cancelled: interrupt.signal, tool: version/* COMMAND */.Wr, wording: core_wording/* COMMAND_WORDING */.f }, host));
    print(command.json, io, mask, result, end, interrupt.exitCode() !== undefined);
    return exitCode(end, result, settings.failOnFailed, interrupt, (line) => io.stderr.write(`${mask(line)}\n`));
}
/** Runs `work` with its lines and a progress line on stderr. */
async function withProgress(progress, io, mask, result, work) {
    const display = new Display(io.stderr, progressMode(progress, io.stderr), mask);
    const clock = io.clock ?? systemClock;
    const startedAt = clock.now();
    display.start(() => progressLine(result, clock.now() - startedAt));
    try {
        return await work({ info: (m) => display.info(m), warning: (m) => display.warning(m), debug: () => { } }, clock);
    }
    finally {
        display.stop();
    }
}
/** The summary on stdout; with --json, the report there and the summary on stderr. */
function print(json, io, mask, result, end, cancelled) {
    const summary = mask(renderTextSummary({
        result,
        error: end.error?.message,
        cancelled,
        durationMs: end.durationMs,
        reportFile: end.report.problem === undefined ? end.report.path : undefined,
    }));
    if (!json) {
        io.stdout.write(summary);
        return;
    }
    io.stderr.write(summary);
    for (const chunk of end.document())
        io.stdout.write(chunk);
    io.stdout.write('\n');
}
function exitCode(end, result, failOnFailed, interrupt, say) {
    const interrupted = interrupt.exitCode();
    if (interrupted !== undefined)
        return interrupted;
    if (end.error !== undefined) {
        say(`${version/* COMMAND */.Wr.name}: ${end.error.message}`);
        return cli_io/* EXIT */.d.failed;
    }
    if (result.failed > 0 && failOnFailed) {
        say(`${version/* COMMAND */.Wr.name}: ${result.failed} item(s) were not deleted and --fail-on-failed is set (see "Not deleted" above)`);
        return cli_io/* EXIT */.d.failed;
    }
    return cli_io/* EXIT */.d.done;
}
function progressMode(progress, stderr) {
    if (progress !== 'auto')
        return progress;
    return stderr.isTTY === true ? 'live' : 'lines';
}


/***/ })

};
