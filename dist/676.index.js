export const id = 676;
export const ids = [676];
export const modules = {

/***/ 390:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ realAlarm)
/* harmony export */ });
/** A real timer; it does not keep the process alive once cancelled. */
const realAlarm = (ms) => {
    let timer;
    const rings = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
    return { rings, cancel: () => clearTimeout(timer) };
};


/***/ }),

/***/ 8908:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony export RETRY_AFTER_CAP_MS */
/** What is retried, and how long to wait before the next attempt. */
/** Rate limiting and gateway trouble. A 500 is not retried: the request may have been carried out. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
function isRetryableStatus(statusCode) {
    return RETRYABLE_STATUSES.has(statusCode);
}
const RETRY_AFTER_CAP_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 30_000;
/** A Retry-After header in milliseconds (delay-seconds or an HTTP date), capped at 60 s; undefined if absent or unreadable. */
function parseRetryAfter(value, nowMs) {
    const text = (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
    let delayMs;
    if (/^[0-9]+(\.[0-9]+)?$/.test(text)) {
        delayMs = Number(text) * 1000;
    }
    else {
        const at = Date.parse(text);
        if (Number.isNaN(at))
            return undefined;
        delayMs = at - nowMs;
    }
    return Math.min(Math.max(delayMs, 0), RETRY_AFTER_CAP_MS);
}
/** Exponential backoff with jitter after the given failed attempt (1-based): about 1 s, 2 s, 4 s \u2026 up to 30 s. */
function backoffDelay(attempt, random = Math.random) {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
    return Math.round(ceiling * (0.5 + random() / 2));
}


/***/ }),

/***/ 2412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ addressPolicy)
/* harmony export */ });
const made = new WeakMap();
/** The run's address rule: the same object for every request of the run. */
function addressPolicy(settings) {
    let policy = made.get(settings);
    if (!policy) {
        const exemptHosts = [settings.beyond.ctSearchUrl, ...settings.beyond.acmeDirectories.map((directory) => directory.url)];
        made.set(settings, (policy = { baseUrl: settings.baseUrl, exemptHosts }));
    }
    return policy;
}


/***/ }),

/***/ 6588:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PU: () => (/* binding */ sameSerial),
/* harmony export */   UF: () => (/* binding */ bySerial),
/* harmony export */   eM: () => (/* binding */ NO_ORDER_HOLDS_IT),
/* harmony export */   hO: () => (/* binding */ Locator)
/* harmony export */ });
/* harmony import */ var _certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48);

/** Serial numbers compared as CertCentral may write them: without leading zeros or colons, case ignored. */
function sameSerial(a, b) {
    return (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .normalSerial */ .i3)(a) === (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .normalSerial */ .i3)(b);
}
/** A target named by its serial number (`serial-number`, `certificate-pem`) rather than by its certificate ID. */
function bySerial(target) {
    return target.source === 'serial-number' || target.source === 'certificate-pem';
}
/** The one lookup failure that says the account does not hold the certificate: any other says nothing of it. */
const NO_ORDER_HOLDS_IT = 'CertCentral lists no order that holds this certificate';
class Locator {
    api;
    found = new Map();
    constructor(api) {
        this.api = api;
    }
    /** The target's location, or why it could not be told (a failed lookup is not kept: a later call asks again). */
    async locate(target) {
        if (target.type === 'order')
            return { orderId: target.id };
        const key = bySerial(target) ? `serial ${target.id}` : `certificate ${target.id}`;
        const known = this.found.get(key);
        if (known)
            return known;
        const location = await this.lookUp(target);
        if (typeof location !== 'string')
            this.found.set(key, location);
        return location;
    }
    async lookUp(target) {
        const serial = bySerial(target);
        const what = serial ? 'by serial number' : 'by certificate ID';
        const lookup = readAnswer(await (serial ? this.api.findBySerial(target.id) : this.api.findByCertificateId(target.id)));
        if (typeof lookup === 'string')
            return `the certificate could not be looked up ${what} (${lookup})`;
        const page = (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .readOrderLookup */ .bd)(lookup);
        if ('error' in page)
            return `the certificate could not be looked up ${what} (${page.error.message})`;
        if (page.orders.length === 0)
            return NO_ORDER_HOLDS_IT;
        if (page.orders.length > 1 || (page.total ?? 1) > 1)
            return `CertCentral lists ${page.total ?? page.orders.length} orders for this certificate, not one`;
        return this.withinOrder(page.orders[0], target);
    }
    /** The certificate of the order that is the target: the primary, else a duplicate or a reissue. */
    async withinOrder(order, target) {
        const serial = bySerial(target);
        const isTarget = (certificate) => serial ? certificate.serialNumber !== undefined && sameSerial(certificate.serialNumber, target.id) : certificate.id === target.id;
        if (isTarget({ id: order.certificateId, serialNumber: order.serialNumber }) && order.certificateId)
            return { orderId: order.id, certificateId: order.certificateId };
        for (const kind of ['duplicate', 'reissue']) {
            const answer = readAnswer(await this.api.listOrderCertificates(order.id, kind));
            if (typeof answer === 'string')
                return `the ${kind}s of order ${order.id} could not be listed (${answer})`;
            // The key scan's reader: pending and rejected entries hold no certificate, and no `certificates` is none.
            const list = (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .readCertificateList */ .IH)(answer);
            if ('error' in list)
                return `the ${kind}s of order ${order.id} could not be listed (${list.error.message})`;
            const found = list.certificates.find(isTarget);
            if (found)
                return { orderId: order.id, certificateId: found.id };
        }
        return `order ${order.id}, which CertCentral found for it, lists no certificate ${serial ? `with serial ${target.id}` : target.id}`;
    }
}
/** A 200 answer, or why none came: the error in one line. */
function readAnswer(result) {
    if (!('answer' in result))
        return (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .describeApiError */ .gg)(result.failure);
    if (result.answer.statusCode !== 200)
        return (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .describeApiError */ .gg)((0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .readApiError */ .tR)(result.answer));
    return result.answer;
}


/***/ }),

/***/ 7676:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Authority: () => (/* reexport */ Authority),
  CertCentralApi: () => (/* reexport */ CertCentralApi),
  CertCentralTransport: () => (/* reexport */ CertCentralTransport),
  RateLimiter: () => (/* reexport */ RateLimiter),
  confirmReusedRequests: () => (/* reexport */ revoke/* confirmReusedRequests */.pA),
  finishBeyondAccount: () => (/* reexport */ finishBeyondAccount),
  followThrough: () => (/* reexport */ followThrough),
  openRequestsToReuse: () => (/* reexport */ openRequestsToReuse),
  realClock: () => (/* reexport */ realClock),
  resolveAlertIfTrue: () => (/* reexport */ resolveAlertIfTrue),
  revokeAll: () => (/* reexport */ revoke/* revokeAll */.i3),
  scanForLeakedKey: () => (/* reexport */ scanForLeakedKey),
  settleKeyMatches: () => (/* reexport */ revoke/* settleKeyMatches */.gC),
  startCtSearch: () => (/* reexport */ startCtSearch)
});

// EXTERNAL MODULE: ./src/beyond/report.ts
var beyond_report = __webpack_require__(5045);
;// CONCATENATED MODULE: ./src/beyond/start.ts

/**
 * The CT search, started at once (it never waits for, nor delays, the account's revocations); undefined when not
 * searched. Until it is over, `progress` knows it as underway: an interrupted run says the search did not end.
 */
function startCtSearch(settings, key, deps) {
    if (!key)
        return undefined;
    if (settings.beyond.ctSearch === 'off') {
        deps.progress?.((0,beyond_report/* notSearched */.TY)('off'));
        return undefined;
    }
    deps.progress?.((0,beyond_report/* searchUnderway */.sX)(settings.beyond.ctSearch));
    const search = Promise.all(/* import() */[__webpack_require__.e(772), __webpack_require__.e(654), __webpack_require__.e(265)]).then(__webpack_require__.bind(__webpack_require__, 5265)).then(({ searchCt }) => searchCt(settings, key, deps));
    // Awaited only after the account's revocations: an error meanwhile must not count as unhandled.
    search.catch(() => undefined);
    return search;
}
/**
 * Places what CT found, asks CAs, revokes through ACME; a report that says CT was not searched when it was not.
 * Certificates of the key confirmed in CT mean the key scan's "no certificate carries the key" no longer holds.
 */
async function finishBeyondAccount(search, context, deps) {
    const { settings, keyScan, api } = context;
    if (!keyScan?.key)
        return undefined;
    if (!search)
        return (0,beyond_report/* notSearched */.TY)(settings.beyond.ctSearch);
    const findings = await search;
    const { placeAndAct } = await Promise.all(/* import() */[__webpack_require__.e(772), __webpack_require__.e(654), __webpack_require__.e(265)]).then(__webpack_require__.bind(__webpack_require__, 5265));
    const accountLeaves = [...keyScan.chains.values()].map((chain) => chain.leaf);
    // Over the cap, the account's matches were not revoked, and no ACME revocation may be sent either.
    const accountTargets = keyScan.overCap?.targets ?? context.accountTargets;
    const report = await placeAndAct(findings, { settings, key: keyScan.key, accountLeaves, api, accountTargets, locator: context.locator }, deps);
    if (report.failure)
        deps.warn(`Certificate Transparency could not be searched: ${report.failure}.`);
    // Rule 2: only certificates confirmed in CT (downloaded, carrying the key) show that one exists.
    const confirmed = report.certificates.filter((c) => c.status !== 'unconfirmed').length + report.inAccount;
    if (keyScan.problem?.kind === 'no-match' && confirmed > 0)
        delete keyScan.problem;
    return report;
}

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/certcentral/transport.ts
/**
 * HTTP to the CertCentral Services API: one attempt per call, through @actions/http-client so proxies work as
 * on every other action. Paths, retrying and pacing belong to api.ts.
 */




/** The request never got an HTTP answer: refused, reset, dropped or timed out. */
class TransportError extends Error {
    timedOut;
    constructor(message, timedOut) {
        super(message);
        this.timedOut = timedOut;
        this.name = 'TransportError';
    }
}
class CertCentralTransport {
    options;
    http;
    constructor(options) {
        this.options = options;
        this.http = new lib/* HttpClient */.Qq(version/* USER_AGENT */._O, undefined, {
            allowRedirects: false, // a redirect must never carry the key to another host
            allowRetries: false,
            keepAlive: true,
            socketTimeout: options.timeoutMs
        });
    }
    async put(path, body) {
        return this.send('PUT', path, JSON.stringify(body));
    }
    /**
     * `accept`: the download endpoints answer PEM, not JSON, so they ask for any type. `data`: a 200 answer is
     * data for the action (a certificate chain), never printed, and kept whole: a certificate shares its public
     * key with the leaked private key, whose lines are secrets, so redacting it would destroy it. Every other
     * answer is text that may be reported, and is redacted as it arrives.
     */
    async get(path, accept = 'application/json', data = false) {
        return this.send('GET', path, undefined, accept, data);
    }
    /** Closes kept-alive sockets, including any still waiting on a server that never answered. */
    dispose() {
        this.http.dispose();
    }
    async send(method, path, body, accept = 'application/json', data = false) {
        const headers = {
            'X-DC-DEVKEY': this.options.apiKey,
            Accept: accept
        };
        if (body !== undefined)
            headers['Content-Type'] = 'application/json';
        const url = `${this.options.baseUrl}${path}`;
        let timer;
        const deadline = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new TransportError(`no answer within ${this.options.timeoutMs / 1000} s`, true)), this.options.timeoutMs);
        });
        const exchange = (async () => {
            const response = await this.http.request(method, url, body ?? null, headers);
            const text = await readAnswer(response.message);
            const statusCode = response.message.statusCode ?? 0;
            const answer = data && statusCode === 200 ? text : (0,untrusted/* redactJson */.Kp)(text, this.options.redact);
            return { statusCode, headers: response.message.headers, body: answer };
        })();
        try {
            return await Promise.race([exchange, deadline]);
        }
        catch (error) {
            if (error instanceof TransportError)
                throw error;
            const message = (0,errors/* errorMessage */.gJ)(error);
            throw new TransportError(describeNetworkError(error, message), /timeout/i.test(message));
        }
        finally {
            // The loser of the race is no unhandled rejection: Promise.race handles every promise it is given.
            clearTimeout(timer);
        }
    }
}
/** Answers bigger than this are cut off: no CertCentral answer comes near it, a hostile one might. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
/**
 * The whole body of an answer. Unlike readBody() of @actions/http-client, it fails at once when the connection
 * drops mid-answer instead of waiting for an end that never comes.
 */
function readAnswer(message) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        message.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
                message.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`));
                return;
            }
            chunks.push(chunk);
        });
        message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        message.on('error', reject);
        // Node rejects an answer cut short through 'error' (ECONNRESET, "aborted") before 'close', so no test can
        // reach this guard; it stays for a runtime that closes without that error.
        // Stryker disable next-line all: unreachable under Node, as said above
        message.on('close', () => {
            // Stryker disable next-line all: unreachable under Node, as said above
            if (!message.complete)
                reject(new Error('the connection closed before the answer was complete'));
        });
    });
}
/** A network error in words, with Node's code kept for searching. */
function describeNetworkError(error, message) {
    const code = error.code;
    if (/^Request timeout/.test(message))
        return 'the connection went silent (socket timeout)';
    if (/^tunneling socket/.test(message))
        return `the proxy could not be reached, or refused the tunnel (${message})`;
    if (code === 'ECONNRESET' && message === 'aborted')
        return 'the connection dropped in the middle of the answer (ECONNRESET)';
    if (code === 'ECONNRESET' && message === 'socket hang up')
        return 'the connection was dropped before an answer came (ECONNRESET)';
    if (code === 'ECONNREFUSED')
        return `connection refused (${message})`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return `host name not resolved (${message})`;
    if (code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS/.test(code)) {
        return `the server's TLS certificate could not be verified (${code}: ${message}); behind a TLS-inspecting proxy, give its CA to Node with NODE_EXTRA_CA_CERTS`;
    }
    return code && !message.includes(code) ? `${code}: ${message}` : message;
}

// EXTERNAL MODULE: ./src/certcentral/answers.ts
var answers = __webpack_require__(48);
// EXTERNAL MODULE: ./src/certcentral/retry-policy.ts
var retry_policy = __webpack_require__(8908);
// EXTERNAL MODULE: ./src/certcentral/concurrently.ts
var concurrently = __webpack_require__(7205);
;// CONCATENATED MODULE: ./src/certcentral/paced.ts
/**
 * One CertCentral call with the contract's retries, paced by the shared rate limiter: every attempt waits for a
 * slot; 429, 502, 503, 504, connection errors and timeouts are retried up to `maxAttempts`, after Retry-After or
 * an exponential backoff with jitter; a 429 slows the whole run. Revocations and the key scan both go through it.
 */




// Where it always was, for its callers; it lives apart so that what needs only it does not load the transport.

async function pacedRequest(label, send, options) {
    const { limiter, clock, maxAttempts } = options;
    const log = options.log ?? (() => undefined);
    for (let attempt = 1;; attempt++) {
        let answer;
        try {
            await limiter.acquire();
        }
        catch (error) {
            // Refused a slot (a wait's request at its deadline): nothing was sent this time, and the caller is told so.
            return { attempts: attempt - 1, failure: { code: null, message: (0,errors/* errorMessage */.gJ)(error), http_status: null } };
        }
        try {
            answer = await send();
        }
        catch (error) {
            if (!(error instanceof TransportError)) {
                // Not a network fault but a bug or a refused request header: report it, lose nothing.
                return {
                    attempts: attempt,
                    failure: { code: null, message: `could not send the request: ${(0,errors/* errorMessage */.gJ)(error)}`, http_status: null }
                };
            }
            // An abandoned request (its wait stopped) is not retried, nor logged after the run's report.
            if (attempt >= maxAttempts || limiter.refusesOwn()) {
                const what = error.timedOut ? 'timed out' : 'connection failed';
                const message = `${what} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error.message}`;
                return { attempts: attempt, failure: { code: null, message, http_status: null } };
            }
            const delay = (0,retry_policy/* backoffDelay */.EY)(attempt, options.random);
            log(`${label}: ${error.message}; attempt ${attempt + 1} of ${maxAttempts} in ${seconds(delay)}.`);
            await clock.sleep(delay);
            continue;
        }
        if (!(0,retry_policy/* isRetryableStatus */.PS)(answer.statusCode) || attempt >= maxAttempts || limiter.refusesOwn())
            return { attempts: attempt, answer };
        const retryAfter = (0,retry_policy/* parseRetryAfter */.mu)(answer.headers['retry-after'], Date.now());
        const delay = retryAfter ?? (0,retry_policy/* backoffDelay */.EY)(attempt, options.random);
        if (answer.statusCode === 429)
            limiter.pause(delay);
        log(`${label}: ${(0,answers/* describeApiError */.gg)((0,answers/* readApiError */.tR)(answer))}; attempt ${attempt + 1} of ${maxAttempts} in ${seconds(delay)}.`);
        await clock.sleep(delay);
    }
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}

// EXTERNAL MODULE: ./src/certcentral/vocabulary.ts
var vocabulary = __webpack_require__(7583);
;// CONCATENATED MODULE: ./src/certcentral/api.ts
/**
 * The CertCentral Services API as the action uses it: every path and every call lives here. Each call goes
 * through the shared pacing (rate limiter, retries) and returns the last answer or why none came; reading the
 * answer is left to answers.ts, and what it means for a target to the caller.
 */

// The words of the API live apart, so that reading the inputs does not load the transport (`npm run bench -- cold`).

/** `PUT /certificate/{id or serial}/revoke`, or `PUT /order/certificate/{order_id}/revoke` for a whole order. */
function revokePath({ type, id }) {
    const escaped = encodeURIComponent(id);
    return type === 'order' ? `/order/certificate/${escaped}/revoke` : `/certificate/${escaped}/revoke`;
}
/** The most orders asked for in one page of the order list. */
const ORDER_PAGE_SIZE = 1000;
class CertCentralApi {
    transport;
    pacing;
    constructor(transport, pacing) {
        this.transport = transport;
        this.pacing = pacing;
    }
    /** Revokes a certificate or a whole order (revokePath). `label` names it in retry messages. */
    revoke(subject, body, label) {
        return this.paced(label, () => this.transport.put(revokePath(subject), body));
    }
    /**
     * One page of the account's orders in every status (the `issued` filter would leave out `reissue_pending` orders,
     * whose certificate is still valid), by order ID so offsets hold while orders change status or are added.
     */
    listOrders(offset, limit = ORDER_PAGE_SIZE) {
        return this.paced('listing orders', () => this.transport.get(`/order/certificate?sort=order_id&offset=${offset}&limit=${limit}`));
    }
    /**
     * The duplicates (`kind: 'duplicate'`) or reissues of an order: its other certificates, which may carry the same
     * key. Archived ones too: CertCentral leaves them out unless asked, and archiving does not revoke.
     */
    listOrderCertificates(orderId, kind) {
        return this.paced(`order ${orderId} ${kind}s`, () => this.transport.get(`/order/certificate/${encodeURIComponent(orderId)}/${kind}?show_archived=true`));
    }
    /** The certificate and its chain as PEM, leaf first. The endpoint answers PEM, not JSON, so it asks for any type. */
    downloadChain(certificateId) {
        return this.paced(`certificate ${certificateId} download`, () => this.transport.get(`/certificate/${encodeURIComponent(certificateId)}/download/format/pem_all`, '*/*', true));
    }
    /** One page of the account's revoke requests of a status (`pending` by default). The caller still checks each one's type. */
    listRequests(offset, status = 'pending', limit = ORDER_PAGE_SIZE) {
        return this.paced('listing open requests', () => this.transport.get(`/request?filters[status]=${encodeURIComponent(status)}&filters[type]=revoke&offset=${offset}&limit=${limit}`));
    }
    /** `GET /request/{id}`: the request's status and its comment. */
    getRequest(requestId) {
        return this.paced(`request ${requestId}`, () => this.transport.get(`/request/${requestId}`));
    }
    /** `GET /order/certificate/{order_id}`: the order's status. */
    getOrder(orderId) {
        return this.paced(`order ${orderId}`, () => this.transport.get(`/order/certificate/${encodeURIComponent(orderId)}`));
    }
    /**
     * The order that holds a certificate with this serial number (`filters[serial_number]`), shaped like the order
     * list. It may be found through a duplicate or a reissue: the listing shows the primary certificate.
     */
    findBySerial(serialNumber) {
        return this.paced(`serial ${serialNumber} lookup`, () => this.transport.get(`/order/certificate?filters[serial_number]=${encodeURIComponent(serialNumber)}&offset=0&limit=1`));
    }
    /** The order that holds the certificate with this ID (`filters[certificate_id]`), shaped like the order list. */
    findByCertificateId(certificateId) {
        return this.paced(`certificate ${certificateId} lookup`, () => this.transport.get(`/order/certificate?filters[certificate_id]=${encodeURIComponent(certificateId)}&offset=0&limit=1`));
    }
    paced(label, send) {
        return pacedRequest(label, send, this.pacing);
    }
}

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
;// CONCATENATED MODULE: ./src/certcentral/rate-limiter.ts

/** DigiCert's published limits, per API key, on rolling windows. */
const DIGICERT_WINDOWS = [
    { limit: 100, spanMs: 5_000 },
    { limit: 1000, spanMs: 180_000 }
];
/** Why a request was refused a slot: the budget it ran under was stopped (a wait that reached its deadline). */
class BudgetStopped extends Error {
    constructor() {
        super('the wait ended at its deadline before this request could start, so it was not sent');
        this.name = 'BudgetStopped';
    }
}
/** The budget whose own request is being made, if any: set by Budget.run for everything that work starts. */
const ownBudget = new external_node_async_hooks_.AsyncLocalStorage();
/** Added to every window's span, for clock and network skew between our send and DigiCert's arrival time. */
const SAFETY_MARGIN_MS = 100;
const realClock = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
class RateLimiter {
    windows;
    clock;
    marginMs;
    /** Start times of the most recent requests, oldest first, in a ring of the widest window's size. */
    starts;
    next = 0;
    count = 0;
    pausedUntil = 0;
    /** While a budget runs: its start, the spacing it keeps on average, and how many it admitted. */
    budget;
    /** Callers are admitted one at a time, in the order they asked. */
    queue = Promise.resolve();
    constructor(windows = DIGICERT_WINDOWS, clock = realClock, marginMs = SAFETY_MARGIN_MS) {
        this.windows = windows;
        this.clock = clock;
        this.marginMs = marginMs;
        this.starts = new Array(Math.max(...windows.map((w) => w.limit)));
    }
    /** Resolves when one more request may start now without breaking any window. */
    acquire() {
        const own = ownBudget.getStore();
        const turn = this.queue.then(() => this.waitForSlot(own));
        // A refused caller must not hold back those behind it.
        this.queue = turn.catch(() => undefined);
        return turn;
    }
    /**
     * From now until `untilMs` (this clock's time), on average at most one request per `intervalMs` since now, on
     * top of the windows: the n-th request of the budget starts no sooner than n intervals after its start, so no
     * stretch of it from the start averages more. Every request counts, but only the budget's own (Budget.run) are
     * refused (BudgetStopped) when their turn would come at or after `untilMs`: one from outside waits for the end
     * instead. Waiting runs under one (SPEC, "Following a revocation through").
     */
    startBudget(intervalMs, untilMs) {
        let refuse = () => undefined;
        const refused = new Promise((resolve) => (refuse = resolve));
        const budget = { since: this.clock.now(), intervalMs, untilMs, admitted: 0, stopped: false, refuse };
        this.budget = budget;
        return {
            run: (work) => ownBudget.run(budget, work),
            refused,
            end: (how) => {
                if (how?.stop)
                    budget.stopped = true;
                if (this.budget === budget)
                    this.budget = undefined;
            }
        };
    }
    /** Whether a request made here now would be refused: it is a stopped budget's own (a wait's, abandoned). */
    refusesOwn() {
        return ownBudget.getStore()?.stopped === true;
    }
    /**
     * Holds every request back for `ms`: a 429 means the key is busier than our own count says (another job
     * may share it), so the whole run slows, not only the request that was refused.
     */
    pause(ms) {
        this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    }
    async waitForSlot(own) {
        for (;;) {
            if (own?.stopped)
                throw refusal(own);
            const now = this.clock.now();
            const budget = this.budget;
            const budgetAt = budget ? budget.since + budget.admitted * budget.intervalMs : 0;
            const windowsAt = Math.max(this.pausedUntil, ...this.windows.map((w) => this.freeAt(w)));
            if (budget === own && own && Math.max(budgetAt, windowsAt) >= own.untilMs)
                throw refusal(own);
            // A request from outside the budget is never refused: at the budget's end, its spacing no longer holds it.
            const readyAt = Math.max(windowsAt, budget && budget !== own ? Math.min(budgetAt, budget.untilMs) : budgetAt);
            if (readyAt <= now) {
                this.record(now);
                if (budget)
                    budget.admitted++;
                return;
            }
            await this.clock.sleep(readyAt - now);
        }
    }
    /** When the window admits one more: once its `limit`-th most recent start has left the span. */
    freeAt(window) {
        if (this.count < window.limit)
            return 0;
        const index = (this.next - window.limit + this.starts.length) % this.starts.length;
        return this.starts[index] + window.spanMs + this.marginMs;
    }
    record(time) {
        this.starts[this.next] = time;
        this.next = (this.next + 1) % this.starts.length;
        this.count = Math.min(this.count + 1, this.starts.length);
    }
}
function refusal(budget) {
    budget.refuse();
    return new BudgetStopped();
}

// EXTERNAL MODULE: ./src/github/alerts.ts
var alerts = __webpack_require__(960);
;// CONCATENATED MODULE: ./src/github/alert-resolution.ts

async function resolveAlertIfTrue(alert, facts, context) {
    const { number, resolve, token } = alert;
    if (!resolve || number === undefined || facts.dryRun)
        return undefined;
    if (facts.failures > 0)
        return { number, resolved: false, blocker: 'failures' };
    if (facts.scanIncomplete)
        return { number, resolved: false, blocker: 'incomplete-scan' };
    if (facts.overCap)
        return { number, resolved: false, blocker: 'over-cap' };
    if (facts.outside?.blocks)
        return { number, resolved: false, blocker: 'outside' };
    if (facts.pendingRequestIds.length > 0)
        return { number, resolved: false, blocker: 'pending', requestIds: facts.pendingRequestIds };
    const unconfirmed = facts.unconfirmedRequestIds ?? [];
    if (unconfirmed.length > 0)
        return { number, resolved: false, blocker: 'unconfirmed', requestIds: unconfirmed };
    try {
        await (0,alerts/* resolveAlert */.n8)(token, (0,alerts/* alertTarget */.gf)(alert.repository ?? context.repository, number), (0,alerts/* resolutionComment */.W8)(facts.requestIds, context.runUrl, facts.earlier, facts.outside?.remaining), alert.apiUrl);
        return { number, resolved: true };
    }
    catch (error) {
        if (!(error instanceof alerts/* AlertError */.PL))
            throw error;
        return { number, resolved: false, blocker: 'github', message: error.message };
    }
}

// EXTERNAL MODULE: ./src/inputs/pem-or-file.ts
var pem_or_file = __webpack_require__(888);
// EXTERNAL MODULE: ./src/leaked-key/key-identity.ts
var key_identity = __webpack_require__(6350);
;// CONCATENATED MODULE: ./src/leaked-key/account-scan.ts




/** More orders than any CertCentral account has: a listing that claims more is not believed. */
const MAX_LISTED_ORDERS = 1_000_000;
/** A problem found in what CertCentral answered with 200: not an HTTP error, but not what was asked for. */
const answered = (message) => ({ code: null, message, http_status: 200 });
async function findCertificatesWithKey(fingerprint, api, options) {
    const log = options.log ?? (() => undefined);
    const concurrency = options.concurrency ?? 100;
    const { index } = options;
    const state = { requests: 0, listed: 0, total: undefined, checked: 0 };
    const progress = progressLine(state, log, options.now ?? Date.now, options.progressEveryMs ?? 30_000);
    const counted = async (call) => {
        state.requests++;
        const result = await call;
        progress();
        return result;
    };
    const listing = await listOrders(api, counted, (listed, total) => Object.assign(state, { listed, total }));
    if ('error' in listing) {
        const { requests } = state;
        return { matches: [], expired: [], chains: new Map(), checked: 0, downloaded: 0, requests, unchecked: [], listingError: listing.error };
    }
    // Every certificate of every order that may hold one: the primary, and the duplicates and reissues of an order
    // that has them, each once (the lists may repeat the primary), with the serial number listed for it.
    const unchecked = [];
    if (listing.unidentified > 0 || listing.endedAt) {
        const ended = listing.endedAt ? `, and it was read no further than page ${listing.endedAt}, which held no order with an ID` : '';
        unchecked.push({
            id: 'order list',
            error: answered(`${plural(listing.unidentified, 'order')} came without an order ID or a certificate ID${ended}`)
        });
    }
    const listed = new Map();
    const add = (certificate) => void (listed.has(certificate.id) || listed.set(certificate.id, certificate));
    const orders = listing.orders.filter((order) => !answers/* ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE */.sR.some((status) => status === order.status));
    for (const order of orders) {
        if (order.certificateId)
            add({ id: order.certificateId, ...(order.serialNumber ? { serialNumber: order.serialNumber } : {}) });
        else
            unchecked.push({ id: `order ${order.id}`, error: answered('the order list gives no numeric certificate ID for it') });
    }
    // The index saves downloads, not lists: a duplicate can be replaced without its order's counts changing, so
    // what an earlier version recorded per order is dropped, and every order with duplicates or reissues listed.
    index.orders.clear();
    const toList = orders.filter((order) => /^[0-9]+$/.test(order.id) && !(order.duplicates === 0 && order.reissues === 0));
    await (0,concurrently/* mapConcurrently */.X)(toList, concurrency, async (order) => {
        const { certificates, error } = await orderCertificates(order, (kind) => counted(api.listOrderCertificates(order.id, kind)));
        certificates.forEach(add);
        if (error)
            unchecked.push({ id: `order ${order.id}`, error });
    });
    const all = [...listed.keys()];
    const missing = all.filter((id) => !index.certificates.has(id));
    state.checked = all.length - missing.length;
    log(`Key scan: ${plural(listing.orders.length, 'order')} listed, ${plural(orders.length, 'order')} that may hold a valid certificate, ${plural(all.length, 'certificate')} (${plural(toList.length, 'order')} with duplicates or reissues listed); ${all.length - missing.length} known from the index, ${missing.length} to download.`);
    const chains = new Map();
    /** Downloads one certificate, checks it is the one listed, and records it in the index; a failure leaves it unchecked. */
    const check = async (id) => {
        const result = await counted(api.downloadChain(id));
        if (!('answer' in result))
            return void unchecked.push({ id, error: result.failure });
        if (result.answer.statusCode !== 200)
            return void unchecked.push({ id, error: (0,answers/* readApiError */.tR)(result.answer) });
        let chain;
        try {
            chain = (0,key_identity/* readChain */.UM)(result.answer.body);
        }
        catch (error) {
            return void unchecked.push({ id, error: answered(`the download could not be read as a certificate (${(0,errors/* errorMessage */.gJ)(error)})`) });
        }
        const expected = listed.get(id)?.serialNumber;
        if (expected !== undefined && (0,answers/* normalSerial */.i3)(expected) !== (0,answers/* normalSerial */.i3)(chain.serialNumber)) {
            // Another certificate than the one listed (CertCentral has served an order's primary for its duplicate):
            // neither a match nor a non-match.
            return void unchecked.push({
                id,
                error: answered(`the download is not the certificate listed: its serial number is ${(0,answers/* normalSerial */.i3)(chain.serialNumber)}, the listing gives ${(0,answers/* normalSerial */.i3)(expected)}`)
            });
        }
        index.certificates.set(id, { spki: chain.spki, notAfter: chain.notAfter });
        if (chain.spki === fingerprint)
            chains.set(id, { leaf: chain.leaf, ...(chain.issuer ? { issuer: chain.issuer } : {}) });
        state.checked++;
    };
    await (0,concurrently/* mapConcurrently */.X)(missing, concurrency, check);
    const downloaded = missing.filter((id) => index.certificates.has(id)).length;
    // A match the index reports is confirmed by download before it is revoked: the index is only a cache.
    const fresh = new Set(missing);
    const toConfirm = all.filter((id) => !fresh.has(id) && index.certificates.get(id)?.spki === fingerprint);
    toConfirm.forEach((id) => index.certificates.delete(id));
    state.checked -= toConfirm.length;
    await (0,concurrently/* mapConcurrently */.X)(toConfirm, concurrency, check);
    const byId = (a, b) => Number(a) - Number(b);
    const matches = all.filter((id) => index.certificates.get(id)?.spki === fingerprint).sort(byId);
    const now = Date.now();
    const expired = matches.filter((id) => Date.parse(index.certificates.get(id)?.notAfter ?? '') <= now);
    unchecked.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    const checked = all.filter((id) => index.certificates.has(id)).length;
    return { matches, expired, chains, checked, downloaded, requests: state.requests, unchecked };
}
/** `n things`, for the log. */
const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
/**
 * A function to call after every request: it logs where the scan stands when `everyMs` have passed since the
 * scan began or since its last line, so that a long scan shows it is alive.
 */
function progressLine(state, log, now, everyMs) {
    let last = now();
    return () => {
        const at = now();
        if (at - last < everyMs)
            return;
        last = at;
        const listed = state.total === undefined ? plural(state.listed, 'order') : `${state.listed} of ${plural(state.total, 'order')}`;
        log(`Key scan in progress: ${listed} listed, ${plural(state.checked, 'certificate')} checked, ${plural(state.requests, 'CertCentral request')} made.`);
    };
}
/**
 * The certificates of one order's duplicate and reissue lists that may hold one, archived ones included, and why the
 * order could not be checked whole: a list that could not be had, or an entry without a numeric ID.
 */
async function orderCertificates(order, list) {
    const certificates = [];
    const kinds = ['duplicate', 'reissue'].filter((kind) => (kind === 'duplicate' ? order.duplicates : order.reissues) !== 0);
    for (const kind of kinds) {
        const result = await list(kind);
        if (!('answer' in result))
            return { certificates, error: result.failure };
        if (result.answer.statusCode !== 200)
            return { certificates, error: (0,answers/* readApiError */.tR)(result.answer) };
        const found = (0,answers/* readCertificateList */.IH)(result.answer);
        if ('error' in found)
            return { certificates, error: found.error };
        certificates.push(...found.certificates);
        if (found.unidentified > 0)
            return { certificates, error: answered(`its ${kind} list holds ${plural(found.unidentified, 'certificate')} without a numeric ID`) };
    }
    return { certificates };
}
/**
 * Every order of the account, each once, and how many came without any ID. Pages are read until the orders
 * received reach the largest `page.total` seen (a page may be shorter than asked, and a total that shrinks while
 * the scan runs does not end it early), or an empty page; a `page.total` that is not a whole number of at least 0
 * is not believed, and the listing is then read until an empty page. A listing that repeats itself, goes on past
 * its own total, or claims or goes on to more orders than any account holds, ends the scan with an error instead
 * of looping; one that reaches a page of orders none of which has an ID ends there (`endedAt`), incomplete.
 */
async function listOrders(api, counted, seen) {
    const orders = new Map();
    const broken = (message) => ({ error: answered(`the order list ${message}`) });
    let received = 0;
    let unidentified = 0;
    let total;
    for (let pages = 1;; pages++) {
        const result = await counted(api.listOrders(received));
        if (!('answer' in result))
            return { error: result.failure };
        if (result.answer.statusCode !== 200)
            return { error: (0,answers/* readApiError */.tR)(result.answer) };
        const page = (0,answers/* readOrderPage */.gD)(result.answer);
        if ('error' in page)
            return page;
        if ((page.total ?? 0) > MAX_LISTED_ORDERS)
            return broken(`claims ${page.total} orders, more than any account holds`);
        if (page.total !== undefined)
            total = Math.max(total ?? 0, page.total);
        if (page.received === 0)
            return { orders: [...orders.values()], unidentified };
        const before = orders.size;
        page.orders.forEach((order) => orders.set(order.id, order));
        // A page that brings no new order (repeated) would be asked for again and again.
        if (page.orders.length > 0 && orders.size === before)
            return broken(`repeated orders it had already listed (page ${pages})`);
        received += page.received;
        unidentified += page.unidentified;
        // Nor can a page of orders without any ID be told from a repeat: the listing ends there, incomplete.
        if (page.orders.length === 0)
            return { orders: [...orders.values()], unidentified, endedAt: pages };
        seen(received, total);
        if (received > MAX_LISTED_ORDERS)
            return broken(`went on past ${MAX_LISTED_ORDERS} orders, more than any account holds`);
        if (total !== undefined && received > total)
            return broken(`went on past its own total of ${total} orders (page ${pages})`);
        // Each page moves the offset on by what it held, so the total (or the limit above) is reached in as many
        // pages as that number at most; without a total, an empty page ends the listing.
        if (total !== undefined && received >= total)
            return { orders: [...orders.values()], unidentified };
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/leaked-key/certificate-index.ts
/**
 * The certificate index: per certificate ID, the SHA-256 of its public key and when it expires. A certificate's
 * content never changes under its ID, so with a kept index only certificates new since the last run are
 * downloaded. (Per order, earlier versions kept duplicate and reissue counts to skip listing an unchanged order;
 * the file format keeps the field, but the scan no longer fills it: a duplicate can be replaced without its
 * order's counts changing, so every order with duplicates or reissues is listed on every scan.)
 *
 * It is a cache that may come from somewhere the run does not control (the Actions cache), so it is
 * authenticated: each entry carries an HMAC-SHA256 over its ID and what it records, under a key derived from
 * the API key (HKDF, info `certificate-index`). An entry someone without the API key wrote or changed is
 * dropped with a warning, and its certificate is downloaded again; a match the index reports is also
 * re-checked by download before it is revoked (account-scan.ts). The file must be a regular file; it is
 * written through a new file created exclusively beside it, then renamed over it, so readers see the old file
 * or the new one and a planted link at the temporary name is never followed.
 */




function emptyIndex() {
    return { certificates: new Map(), orders: new Map() };
}
/** An index of 200,000 certificates is about 30 MB. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** The key that authenticates the index: HKDF-SHA256 of the API key, info `certificate-index`. */
function indexKey(apiKey) {
    return Buffer.from((0,external_node_crypto_.hkdfSync)('sha256', apiKey, Buffer.alloc(0), 'certificate-index', 32));
}
/** The HMAC of one entry: over what kind it is, its ID and everything recorded for it. */
function mac(key, entry) {
    return (0,external_node_crypto_.createHmac)('sha256', key).update(JSON.stringify(entry)).digest('hex');
}
function authentic(key, entry, claimed) {
    if (typeof claimed !== 'string' || !/^[0-9a-f]{64}$/.test(claimed))
        return false;
    return (0,external_node_crypto_.timingSafeEqual)(Buffer.from(claimed, 'hex'), Buffer.from(mac(key, entry), 'hex'));
}
const certificateEntry = (id, { spki, notAfter }) => ['certificate', id, spki, notAfter];
const orderEntry = (id, { duplicates, reissues, certificates }) => [
    'order',
    id,
    duplicates,
    reissues,
    certificates
];
/** A certificate or order ID as CertCentral gives it. (A function: Stryker runs every test of a module-level regex's mutants only by chance.) */
const isId = (id) => /^[1-9][0-9]{0,14}$/.test(id);
function readCertificate(value) {
    const { spki, notAfter } = (typeof value === 'object' && value !== null ? value : {});
    if (typeof spki !== 'string' || !/^[0-9a-f]{64}$/.test(spki) || typeof notAfter !== 'string' || Number.isNaN(Date.parse(notAfter)))
        return undefined;
    return { spki, notAfter };
}
function readOrder(value) {
    const { duplicates, reissues, certificates } = (typeof value === 'object' && value !== null ? value : {});
    const count = (n) => Number.isSafeInteger(n) && n >= 0;
    if (!count(duplicates) ||
        !count(reissues) ||
        !Array.isArray(certificates) ||
        !certificates.every((id) => typeof id === 'string' && isId(id)))
        return undefined;
    return { duplicates, reissues, certificates: certificates };
}
/**
 * The index at `path`: empty when the file does not exist; empty with a warning when it cannot be used; without
 * the entries whose HMAC does not hold, with a warning that says how many.
 */
function readCertificateIndex(path, key, warn) {
    let text;
    try {
        text = (0,pem_or_file/* readRegularFile */.XF)(path, MAX_INDEX_BYTES);
    }
    catch (error) {
        if (error.code !== 'ENOENT') {
            warn(`certificate-index: ${path} could not be read (${(0,pem_or_file/* describeFileError */.SQ)(error)}); rebuilding it.`);
        }
        return emptyIndex();
    }
    let file;
    try {
        file = JSON.parse(text);
    }
    catch {
        warn(`certificate-index: ${path} is not a usable index (not JSON); rebuilding it.`);
        return emptyIndex();
    }
    const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!isRecord(file) ||
        file.version !== 2 ||
        file.fingerprint !== 'sha256-spki' ||
        !isRecord(file.certificates) ||
        !isRecord(file.orders ?? {})) {
        warn(`certificate-index: ${path} is not a usable index (not a version 2 certificate index); rebuilding it.`);
        return emptyIndex();
    }
    const index = emptyIndex();
    let entries = 0;
    let rejected = 0;
    for (const [id, value] of Object.entries(file.certificates)) {
        entries++;
        const certificate = isId(id) ? readCertificate(value) : undefined;
        if (certificate && authentic(key, certificateEntry(id, certificate), value.mac))
            index.certificates.set(id, certificate);
        else
            rejected++;
    }
    for (const [id, value] of Object.entries(file.orders ?? {})) {
        entries++;
        const order = isId(id) ? readOrder(value) : undefined;
        if (order && authentic(key, orderEntry(id, order), value.mac))
            index.orders.set(id, order);
        else
            rejected++;
    }
    if (rejected > 0) {
        warn(`certificate-index: ${rejected} of ${entries} entries in ${path} were not written with this API key, or were changed since; those certificates are downloaded again.`);
    }
    return index;
}
/** Writes the index through a new file beside it, created exclusively, then renamed over the old one. */
function writeCertificateIndex(path, key, index) {
    const byId = (map) => [...map].sort(([a], [b]) => Number(a) - Number(b));
    const file = {
        version: 2,
        fingerprint: 'sha256-spki',
        certificates: Object.fromEntries(byId(index.certificates).map(([id, c]) => [id, { ...c, mac: mac(key, certificateEntry(id, c)) }])),
        orders: Object.fromEntries(byId(index.orders).map(([id, o]) => [id, { ...o, mac: mac(key, orderEntry(id, o)) }]))
    };
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    const temporary = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), `.${(0,external_node_path_.basename)(path)}.${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.tmp`);
    try {
        (0,external_node_fs_.writeFileSync)(temporary, `${JSON.stringify(file)}\n`, { flag: 'wx', mode: 0o600 });
        (0,external_node_fs_.renameSync)(temporary, path);
    }
    catch (error) {
        (0,external_node_fs_.rmSync)(temporary, { force: true });
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/leaked-key/scan-for-key.ts






async function scanForLeakedKey(settings, api, deps) {
    const { keyScan, alert } = settings;
    if (!keyScan.key && !keyScan.fromAlert)
        return undefined;
    const from = keyScan.fromAlert ? `secret scanning alert #${alert.number}` : 'private-key';
    let key = keyScan.key;
    if (!key) {
        try {
            key = await keyFromAlert(settings, deps);
        }
        catch (error) {
            if (!(error instanceof alerts/* AlertError */.PL || error instanceof errors/* InputProblem */.S7))
                throw error;
            return {
                from,
                matches: [],
                expired: [],
                chains: new Map(),
                checked: 0,
                downloaded: 0,
                requests: 0,
                problem: { kind: 'no-key', message: error.message }
            };
        }
    }
    deps.log(`Looking for every certificate that carries the ${key.description} key from ${from} (public key SHA-256 ${key.fingerprint}).`);
    const macKey = indexKey(settings.apiKey);
    const index = keyScan.indexPath ? readCertificateIndex(keyScan.indexPath, macKey, deps.warn) : emptyIndex();
    const scan = await findCertificatesWithKey(key.fingerprint, api, { index, log: deps.log });
    if (keyScan.indexPath && !scan.listingError) {
        try {
            writeCertificateIndex(keyScan.indexPath, macKey, index);
        }
        catch (error) {
            deps.warn(`certificate-index: ${keyScan.indexPath} could not be written (${(0,pem_or_file/* describeFileError */.SQ)(error)}); the next run downloads these certificates again.`);
        }
    }
    const { matches, expired, chains, checked, downloaded, requests } = scan;
    const report = { key, from, matches, expired, chains, checked, downloaded, requests };
    if (scan.listingError)
        report.problem = { kind: 'listing-failed', error: scan.listingError };
    else if (scan.unchecked.length > 0)
        report.problem = { kind: 'unchecked', unchecked: scan.unchecked };
    else if (scan.matches.length === 0)
        report.problem = { kind: 'no-match' };
    return report;
}
/**
 * Reads the alert's secret and identifies it as a private key, then masks it line by line: only once it parses as
 * a key (another kind of secret, split into lines, would redact ordinary text; it is never printed either way).
 */
async function keyFromAlert(settings, deps) {
    const number = settings.alert.number;
    const { secret, secretType } = await (0,alerts/* readAlertSecret */.Pv)(settings.alert.token, (0,alerts/* alertTarget */.gf)(settings.alert.repository ?? deps.context.repository, number), settings.alert.apiUrl, deps.alertRead);
    try {
        const key = (0,key_identity/* identifyPrivateKey */.tb)(secret, `secret scanning alert #${number}`);
        deps.secrets.registerPemLines(secret);
        return key;
    }
    catch (error) {
        if (!(error instanceof errors/* InputProblem */.S7))
            throw error;
        throw new errors/* InputProblem */.S7(`${error.message} The alert's secret type is ${secretType}: key-from-alert needs a private key alert.`);
    }
}

// EXTERNAL MODULE: ./src/inputs/address-policies.ts
var address_policies = __webpack_require__(2412);
// EXTERNAL MODULE: ./src/revocation/locate.ts
var locate = __webpack_require__(6588);
;// CONCATENATED MODULE: ./src/revocation/authority.ts
/**
 * Who can say that a target is revoked: for an order, its status in CertCentral; for a certificate, its CA
 * (OCSP, then the CRL), never CertCentral's word alone. The certificate and its issuer always come from
 * CertCentral's download, never from the input; the OCSP and CRL code is loaded only when a run asks.
 */




class Authority {
    api;
    options;
    /** The certificate and its issuer, per target, once downloaded: waiting asks again and again. */
    chains = new Map();
    /** Where each target is in the account, looked up once per run (open requests reuse it too). */
    locator;
    constructor(api, options) {
        this.api = api;
        this.options = options;
        this.locator = new locate/* Locator */.hO(api);
    }
    /** A certificate and its issuer already at hand (the key scan downloaded them): asking its CA needs no download. */
    remember(target, chain) {
        if (chain.issuer)
            this.chains.set(target, { leaf: chain.leaf, issuer: chain.issuer });
    }
    async ask(target) {
        return target.type === 'order' ? this.askOrder(target) : this.askCa(target);
    }
    async askOrder(target) {
        const result = await this.api.getOrder(target.id);
        if (!('answer' in result))
            return { state: 'unknown', detail: `the order's status could not be read (${(0,answers/* describeApiError */.gg)(result.failure)})` };
        if (result.answer.statusCode !== 200)
            return { state: 'unknown', detail: `the order's status could not be read (${(0,answers/* describeApiError */.gg)((0,answers/* readApiError */.tR)(result.answer))})` };
        const order = (0,answers/* readOrderStatus */.TX)(result.answer);
        if ('error' in order)
            return { state: 'unknown', detail: `the order's status could not be read (${order.error.message})` };
        return { state: order.status === 'revoked' ? 'revoked' : 'not-revoked', detail: `order status ${order.status}` };
    }
    async askCa(target) {
        const chain = await this.chainOf(target);
        if (typeof chain === 'string')
            return { state: 'unknown', detail: chain };
        const { askCa } = await Promise.all(/* import() */[__webpack_require__.e(772), __webpack_require__.e(654)]).then(__webpack_require__.bind(__webpack_require__, 3654));
        const { settings, redact } = this.options;
        // The run's one address rule, the same for certificates found anywhere else.
        const addresses = (0,address_policies/* addressPolicy */.V)(settings);
        const verdict = await askCa(chain.leaf, chain.issuer, { timeoutMs: settings.requestTimeoutMs, redact, addresses });
        if (verdict.state === 'revoked')
            return { state: 'revoked', detail: verdict.detail };
        if (verdict.state === 'good' || verdict.state === 'on-hold')
            return { state: 'not-revoked', detail: verdict.detail };
        return { state: 'unknown', detail: verdict.detail };
    }
    /** The leaf and its issuer, from CertCentral (a serial number is located first); downloaded once per run. */
    async chainOf(target) {
        const known = this.chains.get(target);
        if (known)
            return known;
        const chain = await this.fetchChain(target);
        // A failed download is not kept: the next poll tries again.
        if (typeof chain !== 'string')
            this.chains.set(target, chain);
        return chain;
    }
    /**
     * CertCentral's `pem_all`: the leaf, then its issuer. Never an issuer from the input: someone who brings a
     * certificate could bring a CA of their own to vouch for it. A download for a serial number must be the
     * certificate with that serial: CertCentral may serve another certificate of the order.
     */
    async fetchChain(target) {
        let certificateId = target.id;
        if ((0,locate/* bySerial */.UF)(target)) {
            const location = await this.locator.locate(target);
            if (typeof location === 'string')
                return location;
            certificateId = location.certificateId ?? certificateId;
        }
        const download = await this.api.downloadChain(certificateId);
        if (!('answer' in download))
            return `the certificate could not be downloaded (${(0,answers/* describeApiError */.gg)(download.failure)})`;
        if (download.answer.statusCode !== 200)
            return `the certificate could not be downloaded (${(0,answers/* describeApiError */.gg)((0,answers/* readApiError */.tR)(download.answer))})`;
        const blocks = Array.from(download.answer.body.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g), ([block]) => block);
        const [leaf, issuer] = blocks;
        if (!leaf || !issuer)
            return "CertCentral's download holds no issuer certificate to check the CA's answer with";
        if ((0,locate/* bySerial */.UF)(target)) {
            const served = serialOf(leaf);
            if (served === undefined || !(0,locate/* sameSerial */.PU)(served, target.id))
                return `CertCentral's download of certificate ${certificateId} is not the certificate with serial ${target.id} (it has serial ${served ?? 'unreadable'}), so its CA was not asked`;
        }
        return { leaf, issuer };
    }
}
/** The serial number of a PEM certificate, upper-case hex; undefined when it cannot be read. */
function serialOf(pem) {
    try {
        return new external_node_crypto_.X509Certificate(pem).serialNumber;
    }
    catch {
        // Unreadable: no serial, so the function ends and gives undefined.
    }
}

// EXTERNAL MODULE: ./src/alarm.ts
var src_alarm = __webpack_require__(390);
// EXTERNAL MODULE: ./src/revocation/targets.ts
var revocation_targets = __webpack_require__(6126);
;// CONCATENATED MODULE: ./src/revocation/open-requests.ts




/** The most pending requests listed: an account with more is not one a run can sort out by reading comments. */
const MAX_PENDING_READ = 5000;
/** The comments of at most this many of the newest open revoke requests are read (one request each). */
const MAX_COMMENTS_READ = 100;
/**
 * The open requests to reuse in a live run without skip-approval (with it, a new revocation supersedes them); a
 * listing that fails is warned about, and every target is revoked anyway.
 */
async function openRequestsToReuse(targets, settings, api, log, locator = new locate/* Locator */.hO(api)) {
    if (settings.dryRun || settings.skipApproval || targets.length === 0)
        return undefined;
    const { warn, notice = warn } = typeof log === 'function' ? { warn: log } : log;
    const open = await findOpenRequests(targets, api, locator);
    if (open.failure) {
        warn(`The open revoke requests could not be read (${open.failure}), so every target is revoked anyway: a duplicate request is harmless, a missed revocation is not.`);
    }
    if (open.unread)
        warn(`${open.unread} older open revoke request${open.unread === 1 ? ' was' : 's were'} not read (only the ${MAX_COMMENTS_READ} newest are): a target whose request is among them gets a second one.`);
    open.refused?.forEach(warn);
    for (const [target, request] of open.byTarget)
        notice(`${(0,revocation_targets/* describeTarget */.ff)(target)}: open revoke request ${request.id} was filed by someone else: check that it revokes this certificate before approving it.`);
    return open.byTarget;
}
async function findOpenRequests(targets, api, locator = new locate/* Locator */.hO(api)) {
    const byTarget = new Map();
    if (targets.length === 0)
        return { byTarget };
    const listing = await listPendingRequests(api);
    if ('error' in listing)
        return { byTarget, failure: (0,answers/* describeApiError */.gg)(listing.error) };
    // The server was asked for pending revoke requests; what it sent is checked all the same. Newest first.
    const revokeRequests = listing.requests.filter((r) => r.type === 'revoke' && r.status === 'pending').sort((a, b) => b.id - a.id);
    const newest = revokeRequests.slice(0, MAX_COMMENTS_READ);
    // Only a request whose order can be a target's is read: with only orders as targets, their IDs say which (one
    // the listing names no order for is read, and its order checked below like any other's).
    const ownOrders = targets.every((t) => t.type === 'order') ? new Set(targets.map((t) => t.id)) : undefined;
    const candidates = ownOrders ? newest.filter((r) => r.orderId === undefined || ownOrders.has(r.orderId)) : newest;
    const byTag = new Map(targets.map((target) => [(0,revocation_targets/* tagOf */.cO)(target), target]));
    const tagged = new Map();
    const unread = [];
    await (0,concurrently/* mapConcurrently */.X)(candidates, 20, async (listed) => {
        const result = await api.getRequest(listed.id);
        const request = 'answer' in result && result.answer.statusCode === 200 ? (0,answers/* readRequest */["in"])(result.answer) : undefined;
        if (request === undefined || 'error' in request)
            return void unread.push(listed.id);
        if (request.status !== 'pending' || request.type !== 'revoke' || request.comments === undefined)
            return;
        const target = byTag.get(tagAtEnd(request.comments));
        if (target)
            tagged.set(target, [...(tagged.get(target) ?? []), { ...request, orderId: request.orderId ?? listed.orderId }]);
    });
    // The target's order is looked up only for targets whose tag a request carries.
    const refused = [];
    await (0,concurrently/* mapConcurrently */.X)([...tagged], 20, async ([target, requests]) => {
        const location = await locator.locate(target);
        const ids = requests.map((r) => r.id).join(', ');
        if (typeof location === 'string')
            return void refused.push(`Open revoke request ${ids} ends with the tag of ${(0,revocation_targets/* describeTarget */.ff)(target)}, but its order could not be told (${location}): not reused.`);
        const ofOrder = requests.filter((r) => r.orderId === location.orderId);
        const others = requests.filter((r) => r.orderId !== location.orderId);
        if (others.length > 0)
            refused.push(`Open revoke request ${others.map((r) => r.id).join(', ')} ends with the tag of ${(0,revocation_targets/* describeTarget */.ff)(target)} but is for ${others.map((r) => `order ${r.orderId ?? 'unknown'}`).join(', ')}, not its order ${location.orderId}: not reused.`);
        // The newest open request of the target's order wins when several carry its tag.
        const [newestOfOrder] = ofOrder.sort((a, b) => b.id - a.id);
        if (newestOfOrder)
            byTarget.set(target, newestOfOrder);
    });
    const extra = {
        ...(revokeRequests.length > newest.length ? { unread: revokeRequests.length - newest.length } : {}),
        ...(refused.length > 0 ? { refused } : {})
    };
    if (unread.length > 0)
        return {
            byTarget,
            ...extra,
            failure: `${unread.length} open request(s) could not be read (${unread
                .sort((a, b) => a - b)
                .slice(0, 5)
                .join(', ')})`
        };
    return { byTarget, ...extra };
}
/** The ` (certificate 1234)` / ` (serial 0A1B)` / ` (order 56)` that ends a comment, or '' when none does. */
function tagAtEnd(comments) {
    return / \((?:certificate [0-9]+|serial [0-9A-F]+|order [0-9]+)\)$/.exec(comments.trimEnd())?.[0] ?? '';
}
/**
 * Every pending revoke request of the account (`filters[type]=revoke`), page by page; `counter` counts the CertCentral requests.
 * Each page adds at least one request, so MAX_PENDING_READ bounds the pages.
 */
async function listPendingRequests(api, counter) {
    const requests = [];
    let received = 0;
    for (;;) {
        if (counter)
            counter.calls++;
        const result = await api.listRequests(received);
        if (!('answer' in result))
            return { error: result.failure };
        if (result.answer.statusCode !== 200)
            return { error: (0,answers/* readApiError */.tR)(result.answer) };
        const page = (0,answers/* readRequestPage */.vb)(result.answer);
        if ('error' in page)
            return page;
        requests.push(...page.requests);
        received += page.received;
        if (page.received === 0 || received >= (page.total ?? received))
            return { requests };
        if (received >= MAX_PENDING_READ) {
            return { error: { code: null, message: `the request list has more than ${MAX_PENDING_READ} open requests`, http_status: 200 } };
        }
    }
}

;// CONCATENATED MODULE: ./src/revocation/follow-through.ts
/**
 * wait-for: follows the revocation through. `approval` watches every pending revoke request until an
 * administrator approves or rejects it; `revocation` also watches every target until its authority (the CA for a
 * certificate, the order's status for an order) says it is revoked, a pending one included. Checks start 2 s
 * apart and grow to 60 s. Every CertCentral request of the wait (request reads, lookups, downloads) runs under a
 * budget of the shared rate limiter: on average at most one a second, counted from the start of the wait.
 * wait-timeout is a deadline counted from the end of the revoke requests: at it, the wait stops and abandons what
 * is still in flight (CA questions included), and whatever is still awaited is a failure that names what to do.
 */




const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60_000;
const GROWTH = 1.5;
/** The wait's budget: on average at most one CertCentral request per this many ms. */
const WAIT_REQUEST_INTERVAL_MS = 1_000;
/** With more pending requests than this, one listing of the pending requests replaces one read per request. */
const READ_EACH_UP_TO = 5;
async function followThrough(results, api, options) {
    if (options.waitFor === 'none')
        return results;
    const current = [...results];
    const deadline = options.deadline ?? options.clock.now() + options.timeoutMs;
    const now = options.now ?? (() => new Date());
    const since = clockTime(now());
    const byCa = options.waitFor === 'revocation';
    /** Set at the deadline: an abandoned check may still answer, and must change nothing any more. */
    let over = false;
    const update = (index, result) => {
        if (over)
            return;
        current[index] = result;
        options.progress?.(current);
    };
    const pending = () => indexesWhere(current, (r) => r.status === 'pending' && r.requestId !== null);
    const accepted = () => indexesWhere(current, (r) => r.status === 'submitted' || r.status === 'approved');
    const waiting = () => (byCa ? [...pending(), ...accepted()].sort((a, b) => a - b) : pending());
    const lastWord = new Map();
    const check = async () => {
        const waitingForApproval = pending();
        const requestsRead = await readRequests(waitingForApproval.map((i) => current[i].requestId), api);
        for (const index of waitingForApproval) {
            // A request that could not be read, or is still pending, keeps the target waiting.
            const status = requestsRead.get(current[index].requestId)?.status;
            if (status === 'approved' || status === 'rejected' || status === 'submitted')
                update(index, { ...current[index], status });
        }
        if (!byCa)
            return;
        // A pending target too: its CA may already say revoked (an administrator approved it, or someone revoked it).
        for (const index of waiting()) {
            const verdict = await options.authority.ask(current[index].target);
            if (over)
                return;
            lastWord.set(index, verdict.detail);
            if (verdict.state === 'revoked')
                update(index, { ...current[index], status: 'revoked', note: verdict.detail });
        }
    };
    const progressLine = () => {
        const parts = [];
        const left = pending();
        if (left.length > 0) {
            const ids = left.map((i) => current[i].requestId).join(', ');
            parts.push(`Waiting for approval of ${left.length} revoke request${left.length === 1 ? '' : 's'} (${cutList(ids)}) since ${since}`);
        }
        const unrevoked = byCa ? accepted() : [];
        if (unrevoked.length > 0) {
            const what = unrevoked.map((i) => `${(0,revocation_targets/* describeTarget */.ff)(current[i].target)}: ${lastWord.get(i)}`);
            parts.push(`Waiting for revocation of ${unrevoked.length} target${unrevoked.length === 1 ? '' : 's'} since ${since} (${cutList(what.join('; '))})`);
        }
        return parts.join('; ');
    };
    // Only the wait's own requests run under its budget's refusals: a CT lookup or a later read alongside goes on.
    const budget = api.pacing.limiter.startBudget(WAIT_REQUEST_INTERVAL_MS, deadline);
    const alarm = (options.alarm ?? src_alarm/* realAlarm */.i)(Math.max(0, deadline - options.clock.now()));
    // A request the budget refuses would have started at or after the deadline: the deadline has come.
    const deadlinePassed = Promise.race([alarm.rings, budget.refused]).then(() => 'deadline');
    // The refused request's caller hears a failure, which is no answer about the target: nothing is kept from then on.
    // Stryker disable next-line ArrowFunction: belt and braces. The loop ends (setting `over`) a few microtasks after a refusal, before even a caller awaiting the limiter itself resumes; this keeps it so should the loop ever await more.
    void budget.refused.then(() => (over = true));
    try {
        let delay = FIRST_DELAY_MS;
        for (;;) {
            // With nothing waiting, a check asks nothing and the loop ends below. One abandoned at the deadline changes
            // nothing any more, and cannot fail unhandled: the race has handled it.
            if ((await Promise.race([budget.run(check), deadlinePassed])) === 'deadline')
                break;
            if (waiting().length === 0)
                break;
            const left = deadline - options.clock.now();
            if (left <= 0)
                break;
            const pause = Math.min(delay, left);
            options.log(`${progressLine()}; next check in ${Math.round(pause / 1000)} s.`);
            if ((await Promise.race([options.clock.sleep(pause), deadlinePassed])) === 'deadline')
                break;
            // A check at the deadline would be abandoned at once.
            if (deadline - options.clock.now() <= 0)
                break;
            delay = Math.min(delay * GROWTH, MAX_DELAY_MS);
        }
    }
    finally {
        over = true;
        alarm.cancel();
        // Nothing an abandoned check still tries may reach CertCentral after the deadline; other requests go on. (A
        // check the wait did not abandon has ended with all it started: stopping its budget refuses nothing more.)
        budget.end({ stop: true });
    }
    const after = minutes(options.timeoutMs);
    for (const index of pending()) {
        const ca = lastWord.has(index) ? `; its CA: ${lastWord.get(index)}` : '';
        current[index] = {
            ...current[index],
            stillWaiting: `revoke request ${current[index].requestId} still awaits an administrator's approval in CertCentral after ${after}${ca}: approve it (Certificates > Requests), or run again later`
        };
    }
    for (const index of byCa ? accepted() : []) {
        const word = lastWord.get(index) ?? 'none came before the deadline';
        current[index] = {
            ...current[index],
            stillWaiting: `not revoked according to its authority after ${after} (last answer: ${word}); CRLs and OCSP answers may lag a revocation by hours, so check again later`
        };
    }
    options.progress?.(current);
    return current;
}
/** The requests' current state: read one by one, or, for many, from the pending list and then each that left it. */
async function readRequests(ids, api) {
    const found = new Map();
    let toRead = ids;
    if (ids.length > READ_EACH_UP_TO) {
        const listing = await listPendingRequests(api);
        if (!('error' in listing)) {
            // Those still listed stay pending; only those that left the list are read.
            const stillPending = new Set(listing.requests.map((request) => request.id));
            toRead = ids.filter((id) => !stillPending.has(id));
        }
    }
    for (const id of toRead) {
        const result = await api.getRequest(id);
        if (!('answer' in result) || result.answer.statusCode !== 200)
            continue;
        const request = (0,answers/* readRequest */["in"])(result.answer);
        // Stryker disable next-line ConditionalExpression,StringLiteral: an unreadable answer has no status, so it keeps the target waiting either way.
        if (!('error' in request))
            found.set(id, request);
    }
    return found;
}
function indexesWhere(results, wanted) {
    return results.flatMap((result, index) => (wanted(result) ? [index] : []));
}
function clockTime(date) {
    return `${date.toISOString().slice(11, 19)} UTC`;
}
/** Minutes as wait-timeout gives them, to two decimals: 30 min, 0.25 min, 0.05 min. */
function minutes(ms) {
    return `${Number((ms / 60_000).toFixed(2))} min`;
}
function cutList(text) {
    return text.length > 300 ? `${text.slice(0, 300)}\u2026` : text;
}

// EXTERNAL MODULE: ./src/revocation/revoke.ts
var revoke = __webpack_require__(2344);
;// CONCATENATED MODULE: ./src/steps.ts
/**
 * The steps of a run that asks CertCentral (or GitHub, or a CA) anything: the key scan, the revocations, the wait,
 * the search beyond the account and the alert's resolution, with the transport and the rate limiter under them.
 * main.ts loads this module with one `await import()`, and only when a run needs it: a dry run of the targets
 * named in the inputs asks nobody anything, and does not compile any of it (`npm run bench -- cold`).
 */












/***/ })

};
