import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 5045:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fk: () => (/* binding */ elsewhereJson),
/* harmony export */   Ic: () => (/* binding */ beyondProblems),
/* harmony export */   Pf: () => (/* binding */ beyondFacts),
/* harmony export */   TY: () => (/* binding */ notSearched),
/* harmony export */   sX: () => (/* binding */ searchUnderway),
/* harmony export */   sk: () => (/* binding */ nextStep),
/* harmony export */   u7: () => (/* binding */ interruptedBeyond)
/* harmony export */ });
/* unused harmony exports remainingOutside, acmeFailures, holdsAlertOpen */
/** A report for a run that did not search CT. */
function notSearched(mode) {
    return { mode, searched: false, listed: 0, dropped: 0, inAccount: 0, missedByScan: [], certificates: [], requests: 0, seconds: 0 };
}
/** The report while CT is searched and what it lists is placed: nothing found yet, and the search not over. */
function searchUnderway(mode) {
    return { ...notSearched(mode), searched: true, underway: true };
}
/**
 * What an interrupted run reports of the work beyond the account (`signal`: SIGINT or SIGTERM): a search that had
 * not ended is incomplete, never "nothing found"; an ACME revocation sent without an answer yet is `failed`, since
 * it may or may not have been filed (never `revoked`); one not yet sent is `failed` too, not sent.
 */
function interruptedBeyond(report, signal) {
    const { underway, ...rest } = report;
    const interrupted = underway
        ? { ...rest, failure: `the run was interrupted (${signal}) before the search ended, so it is incomplete` }
        : rest;
    return { ...interrupted, certificates: report.certificates.map((c) => unfinishedAcme(c, signal)) };
}
/** An ACME certificate as an interruption left it: sent and unanswered, or not sent yet (`to-report` is no ACME status). */
function unfinishedAcme(certificate, signal) {
    const { acmeUnanswered, ...c } = certificate;
    if (acmeUnanswered) {
        const detail = `no answer from the ACME server before the run was interrupted (${signal}); the revocation may have been filed all the same`;
        const next = 'run again: an ACME server that revoked it answers alreadyRevoked';
        return { ...c, status: 'failed', detail, error: { type: null, detail }, next };
    }
    if (c.where === 'acme' && c.status === 'to-report') {
        const detail = `not sent: the run was interrupted (${signal}) before its ACME revocation`;
        return { ...c, status: 'failed', detail, error: { type: null, detail }, next: 'run again to revoke it through ACME' };
    }
    return c;
}
/**
 * Live certificates outside the account that nobody has revoked yet (the alert's comment counts them). Revoked and
 * expired ones are not live; a submitted one is, until its CA says revoked, but its revocation is filed.
 */
function remainingOutside(report) {
    return report?.certificates.filter((c) => c.live && c.status !== 'submitted') ?? [];
}
/** The certificates this run acted on through ACME that failed or are still waited for (rule 3). */
function acmeFailures(report) {
    return report?.certificates.filter((c) => c.where === 'acme' && (c.status === 'failed' || c.stillWaiting !== undefined)) ?? [];
}
/** Live DigiCert certificates of the key that may be this account's: the lookup by serial failed (like a missed one, rule 1). */
function unknownToAccount(report) {
    return report.certificates.filter((c) => c.live && c.lookupFailed !== undefined);
}
/**
 * The problems beyond the account that fail the run, in the SPEC's order (rules 1, 3, 4, 5); rule 2 (no
 * certificate anywhere) is the key scan's own problem, which main.ts keeps only when CT found nothing either.
 * `accountLive`: live certificates of the account this run revoked or found revoked; a dry run is judged only by rule 1.
 */
function beyondProblems(report, accountLive, dryRun, noMatch = false) {
    if (!report)
        return [];
    const problems = [];
    // Rule 2 is the key scan's problem; when CT could not be searched either, it says so.
    if (noMatch && report.failure && report.mode !== 'require')
        problems.push(`Certificate Transparency could not be searched either, so certificates of the key elsewhere are unknown: ${report.failure}.`);
    // CT found certificates of the key that this account holds and the scan missed: they were not revoked (rule 1).
    if (report.missedByScan.length > 0)
        problems.push(`Certificate Transparency lists certificates of the key that this account holds but the key scan did not find (serials ${report.missedByScan.join(', ')}), so they were not revoked: run again, or revoke them by serial-number.`);
    const unknown = unknownToAccount(report);
    if (unknown.length > 0)
        problems.push(`CertCentral could not tell whether this account holds ${unknown.map((c) => `serial ${c.serial} (${c.lookupFailed})`).join('; ')}, which Certificate Transparency lists with the key: run again, or look ${unknown.length === 1 ? 'it' : 'them'} up in CertCentral and revoke by serial-number.`);
    if (report.mode === 'require' && report.failure)
        problems.push(`ct-search is require, and Certificate Transparency could not be searched: ${report.failure}.`);
    if (dryRun)
        return problems;
    for (const c of acmeFailures(report))
        problems.push(`ACME revocation of serial ${c.serial} (${c.issuer}) ${c.stillWaiting ? `still waits: ${c.stillWaiting}` : `failed: ${c.error?.detail ?? c.detail ?? 'no answer'}`}.`);
    const remaining = remainingOutside(report);
    const actedOnAcme = report.certificates.some((c) => c.where === 'acme' && c.status !== 'to-report' && c.status !== 'unconfirmed');
    if (accountLive === 0 && !actedOnAcme && remaining.length > 0) {
        problems.push(`No live certificate of the key is in this account, but ${remaining.length === 1 ? 'one is' : `${remaining.length} are`} elsewhere, which this run could not revoke: ${remaining
            .slice(0, 5)
            .map((c) => `serial ${c.serial} of ${c.issuer} (${c.next ?? c.status})`)
            .join('; ')}${remaining.length > 5 ? `; and ${remaining.length - 5} more (see elsewhere)` : ''}.`);
    }
    else if (report.mode === 'require' && remaining.length > 0) {
        problems.push(`ct-search is require, and ${remaining.length} live certificate${remaining.length === 1 ? '' : 's'} of the key outside this account ${remaining.length === 1 ? 'is' : 'are'} not revoked (see "Outside this account").`);
    }
    return problems;
}
/** With `require`, the alert waits for the search and for every live certificate outside; with `report`, for neither. */
function holdsAlertOpen(report) {
    if (report && (report.missedByScan.length > 0 || unknownToAccount(report).length > 0))
        return true;
    if (!report || report.mode !== 'require')
        return acmeFailures(report).length > 0;
    return !!report.failure || remainingOutside(report).length > 0 || acmeFailures(report).length > 0;
}
/** What a person does next: for an ACME revocation still waited for, what its CA still says comes first. */
function nextStep(c) {
    if (c.stillWaiting === undefined)
        return c.next;
    const waiting = `revocation submitted, but when the wait ended its CA still said: ${c.stillWaiting}; run again later to check it is revoked`;
    return c.next ? `${waiting}; ${c.next}` : waiting;
}
/** The `elsewhere` output's objects. */
function elsewhereJson(report) {
    return (report?.certificates ?? []).map((c) => ({
        issuer: c.issuer,
        serial: c.serial,
        not_after: c.notAfter,
        ct_id: c.ctId,
        where: c.where,
        status: c.status,
        next: nextStep(c)
    }));
}
/**
 * What the alert rule needs of the report. A run that fails for what lies beyond the account (any of
 * `beyondProblems`, rule 4 included) never resolves the alert, whatever `ct-search` is.
 */
function beyondFacts(report, run) {
    const fails = beyondProblems(report, run.accountLive, run.dryRun, run.noMatch).length > 0;
    return { blocks: fails || holdsAlertOpen(report), remaining: remainingOutside(report).length };
}


/***/ }),

/***/ 48:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IH: () => (/* binding */ readCertificateList),
/* harmony export */   My: () => (/* binding */ interpretRevokeAnswer),
/* harmony export */   TX: () => (/* binding */ readOrderStatus),
/* harmony export */   bd: () => (/* binding */ readOrderLookup),
/* harmony export */   gD: () => (/* binding */ readOrderPage),
/* harmony export */   gg: () => (/* binding */ describeApiError),
/* harmony export */   i3: () => (/* binding */ normalSerial),
/* harmony export */   "in": () => (/* binding */ readRequest),
/* harmony export */   sR: () => (/* binding */ ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE),
/* harmony export */   tR: () => (/* binding */ readApiError),
/* harmony export */   vb: () => (/* binding */ readRequestPage)
/* harmony export */ });
/* unused harmony exports REQUEST_STATUSES, excerpt, CERTIFICATE_STATUSES_WITHOUT_CERTIFICATE, requestOrderId */
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(873);
/** Reads CertCentral's answers: a revoke request object, a 204, or DigiCert's error format. */

const REQUEST_STATUSES = ['pending', 'submitted', 'approved', 'rejected'];
/** A short excerpt of a body that is not DigiCert's JSON (often a proxy's HTML page), tags dropped. */
function excerpt(body) {
    return (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(body.replace(/<[^>]*>/g, ' '), _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.excerpt);
}
function parseJson(body) {
    try {
        return JSON.parse(body);
    }
    catch {
        return undefined;
    }
}
/** DigiCert's `{"errors": [{"code", "message"}]}`, else the HTTP status and an excerpt of the body. */
function readApiError(answer) {
    const json = parseJson(answer.body);
    const first = Array.isArray(json?.errors) ? json.errors[0] : undefined;
    if (first && (typeof first.code === 'string' || typeof first.message === 'string')) {
        return {
            code: typeof first.code === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(first.code, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.code) : null,
            message: typeof first.message === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(first.message, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.message) : '',
            http_status: answer.statusCode
        };
    }
    const text = excerpt(answer.body);
    return {
        code: null,
        message: text === '' ? `HTTP ${answer.statusCode} with an empty body` : `HTTP ${answer.statusCode}: ${text}`,
        http_status: answer.statusCode
    };
}
/**
 * An error in one line for a person: `HTTP 400 pending_reissue: <DigiCert's message>`, or the message alone when
 * no answer came (it says why). A message that already starts with its HTTP status is not prefixed twice.
 */
function describeApiError({ code, message, http_status: status }) {
    if (status === null)
        return message;
    const prefix = `HTTP ${status}`;
    if (message.startsWith(prefix))
        return message;
    return `${prefix} ${code ? `${code}${message ? `: ${message}` : ''}` : message}`.trimEnd();
}
/**
 * 201 \u2192 the request object's status and ID; 204 \u2192 submitted (approval skipped, no request); any other 2xx,
 * or a 201 that cannot be read \u2192 submitted, flagged unreadable; anything else \u2192 failed with DigiCert's error.
 */
function interpretRevokeAnswer(answer) {
    const { statusCode } = answer;
    if (statusCode === 204)
        return { status: 'submitted', requestId: null, date: null, error: null };
    if (statusCode < 200 || statusCode > 299) {
        return { status: 'failed', requestId: null, date: null, error: readApiError(answer) };
    }
    const json = statusCode === 201 ? parseJson(answer.body) : undefined;
    const request = (typeof json === 'object' && json !== null ? json : {});
    const requestId = Number.isSafeInteger(request.id) ? request.id : null;
    const status = REQUEST_STATUSES.find((known) => known === request.status);
    const date = typeof request.date === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(request.date, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.date) : null;
    const readable = requestId !== null && status !== undefined;
    return {
        status: status ?? 'submitted',
        requestId,
        date,
        error: null,
        ...(readable ? {} : { unreadable: true })
    };
}
/**
 * Order statuses in which an order holds no valid certificate: none was issued yet, or none will be (documented or
 * seen), or every certificate of the order is revoked. The key scan skips such orders.
 */
const ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE = [
    'pending',
    'rejected',
    'canceled',
    'waiting_pickup',
    'needs_approval',
    'revoked'
];
/** Statuses of a duplicate or reissue that holds no certificate: the key scan skips those. */
const CERTIFICATE_STATUSES_WITHOUT_CERTIFICATE = ['pending', 'rejected'];
const positiveId = (value) => Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
/** A whole number of at least 0, else undefined: `null`, `""`, `false`, `-1`, `"9"` or a word is no total. */
const wholeCount = (value) => Number.isSafeInteger(value) && value >= 0 ? value : undefined;
const listedText = (value) => (typeof value === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(value, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.code) : undefined);
/**
 * A count from `*_count`; 0 from `has_*: false`; undefined otherwise (`has_*: true` says there are some, not how
 * many).
 */
function countOf(count, has) {
    return wholeCount(count) ?? (has === false ? 0 : undefined);
}
/**
 * `{"orders": [{"id", "status", "certificate": {"id", "serial_number"}, "duplicates_count", \u2026}], "page": {"total"}}`.
 * An empty page may come without `orders` (recorded live); an answer that is not a JSON object, or whose `orders`
 * is not a list, is an error.
 */
function readOrderPage(answer) {
    const json = parseJson(answer.body);
    if (typeof json !== 'object' || json === null || Array.isArray(json) || (json.orders !== undefined && !Array.isArray(json.orders))) {
        return { error: { code: null, message: 'the order list could not be read as JSON', http_status: answer.statusCode } };
    }
    const list = (json.orders ?? []);
    const orders = [];
    let unidentified = 0;
    for (const item of list) {
        const order = (typeof item === 'object' && item !== null ? item : {});
        const certificate = (typeof order.certificate === 'object' && order.certificate !== null ? order.certificate : {});
        const id = positiveId(order.id);
        const certificateId = positiveId(certificate.id);
        const status = listedText(order.status);
        const serialNumber = listedText(certificate.serial_number);
        if (!id && !certificateId) {
            if (!ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE.some((s) => s === status))
                unidentified++;
            continue;
        }
        orders.push({
            id: id ?? `certificate-${certificateId}`,
            ...(certificateId ? { certificateId } : {}),
            ...(serialNumber !== undefined ? { serialNumber } : {}),
            ...(status !== undefined ? { status } : {}),
            duplicates: countOf(order.duplicates_count, order.has_duplicates),
            reissues: countOf(order.reissues_count, order.has_reissues)
        });
    }
    return {
        orders,
        certificateIds: orders.flatMap((order) => (order.certificateId ? [order.certificateId] : [])),
        total: wholeCount(json.page?.total),
        received: list.length,
        unidentified
    };
}
/**
 * The certificates of an order's duplicate or reissue list that may hold a certificate (every status but `pending`
 * and `rejected`), and how many of those came without a numeric ID.
 */
function readCertificateList(answer) {
    const json = parseJson(answer.body);
    if (typeof json !== 'object' ||
        json === null ||
        Array.isArray(json) ||
        (json.certificates !== undefined && !Array.isArray(json.certificates))) {
        return { error: { code: null, message: 'the certificate list could not be read as JSON', http_status: answer.statusCode } };
    }
    const certificates = [];
    let unidentified = 0;
    for (const item of (json.certificates ?? [])) {
        const certificate = (typeof item === 'object' && item !== null ? item : {});
        // Pending and rejected ones hold no certificate; any other status (issued, approved, expired, one not documented) may.
        if (CERTIFICATE_STATUSES_WITHOUT_CERTIFICATE.some((s) => s === certificate.status))
            continue;
        const id = positiveId(certificate.id);
        const serialNumber = listedText(certificate.serial_number);
        if (id)
            certificates.push({ id, ...(serialNumber !== undefined ? { serialNumber } : {}) });
        else
            unidentified++;
    }
    return { certificates, unidentified };
}
/** A serial number as the listing and a certificate are compared: hex without separators or leading zeros, upper-case. */
function normalSerial(serial) {
    return serial
        .replace(/[\s:]/g, '')
        .toUpperCase()
        .replace(/^0+(?=.)/, '');
}
function readRequestObject(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const request = value;
    if (!Number.isSafeInteger(request.id) || request.id <= 0)
        return undefined;
    const orderId = requestOrderId(request);
    return {
        id: request.id,
        status: typeof request.status === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(request.status, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.code) : '',
        type: typeof request.type === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(request.type, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.code) : '',
        date: typeof request.date === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(request.date, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.date) : null,
        // Kept whole but for control characters: the action's tag is matched at its end.
        ...(typeof request.comments === 'string' ? { comments: request.comments.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ') } : {}),
        ...(orderId ? { orderId } : {})
    };
}
/** One page of `GET /request`: the requests it holds, and how many the listing has in all. */
function readRequestPage(answer) {
    const json = parseJson(answer.body);
    if (typeof json !== 'object' || json === null)
        return { error: { code: null, message: 'the request list could not be read as JSON', http_status: answer.statusCode } };
    const list = Array.isArray(json.requests) ? json.requests : [];
    const total = Number(json.page?.total);
    return {
        requests: list.map(readRequestObject).filter((r) => r !== undefined),
        total: Number.isFinite(total) ? total : undefined,
        received: list.length
    };
}
/** `GET /request/{id}`. */
function readRequest(answer) {
    const request = readRequestObject(parseJson(answer.body));
    return request ?? { error: { code: null, message: 'the request could not be read', http_status: answer.statusCode } };
}
/** `GET /order/certificate/{id}`: the order's status (`revoked` once every certificate is). */
function readOrderStatus(answer) {
    const json = parseJson(answer.body);
    if (typeof json?.status !== 'string')
        return { error: { code: null, message: 'the order could not be read', http_status: answer.statusCode } };
    return { status: (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .clean */ .uH)(json.status, _untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.code) };
}
const serialText = (value) => typeof value === 'string' && /^[0-9A-Fa-f:]{1,128}$/.test(value) ? value.replace(/:/g, '') : undefined;
/**
 * The orders of a lookup (`filters[certificate_id]`, `filters[serial_number]`), and how many the answer says
 * there are: more than one order, or a total above one, is not the one order that holds a target.
 */
function readOrderLookup(answer) {
    const json = parseJson(answer.body);
    if (typeof json !== 'object' || json === null) {
        return { error: { code: null, message: 'the order lookup could not be read as JSON', http_status: answer.statusCode } };
    }
    // CertCentral leaves `orders` out of a page with none; anything else in its place is not a lookup's answer.
    if (Array.isArray(json) || (json.orders !== undefined && !Array.isArray(json.orders))) {
        return { error: { code: null, message: 'the order lookup is not a list of orders', http_status: answer.statusCode } };
    }
    const list = json.orders ?? [];
    const orders = list.flatMap((item) => {
        const order = (typeof item === 'object' && item !== null ? item : {});
        const id = positiveId(order.id);
        if (!id)
            return [];
        const certificate = (typeof order.certificate === 'object' && order.certificate !== null ? order.certificate : {});
        const certificateId = positiveId(certificate.id);
        const serialNumber = serialText(certificate.serial_number);
        return [{ id, ...(certificateId ? { certificateId } : {}), ...(serialNumber ? { serialNumber } : {}) }];
    });
    const total = json.page?.total;
    return { orders, total: Number.isSafeInteger(total) && total >= 0 ? total : undefined };
}
/** The order a request is for (`order.id`), as the request list and `GET /request/{id}` show it. */
function requestOrderId(value) {
    const order = typeof value === 'object' && value !== null ? value.order : undefined;
    return typeof order === 'object' && order !== null ? positiveId(order.id) : undefined;
}


/***/ }),

/***/ 7205:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ mapConcurrently)
/* harmony export */ });
/**
 * Bounded concurrency, apart from the pacing: the report of a plain dry run needs revoke.ts, which uses this, and
 * must not load the transport to get it (`npm run bench -- cold`).
 */
/** Runs `work` on every item with at most `concurrency` at once; results keep the items' order. */
async function mapConcurrently(items, concurrency, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    // At least one worker: a concurrency below 1 would start none and return empty slots, never calling `work`.
    await Promise.all(Array.from({ length: Math.min(items.length, Math.max(1, concurrency)) }, worker));
    return results;
}


/***/ }),

/***/ 7583:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ REGIONS),
/* harmony export */   z: () => (/* binding */ REVOCATION_REASONS)
/* harmony export */ });
/** The words of the CertCentral Services API that inputs are checked against: its regions and revocation reasons. */
const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'];
/** The Services API of each CertCentral region. */
const REGIONS = {
    us: 'https://www.digicert.com/services/v2',
    eu: 'https://certcentral.digicert.eu/services/v2'
};


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S7: () => (/* binding */ InputProblem),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   hS: () => (/* binding */ InvalidInputs)
/* harmony export */ });
/** One problem with one input. Its message names the input and the bad value, never the API key. */
class InputProblem extends Error {
    constructor(message) {
        super(message);
        this.name = 'InputProblem';
    }
}
/** Every problem found in the inputs; thrown before any request is sent. */
class InvalidInputs extends Error {
    problems;
    constructor(problems) {
        super(problems.join('\n'));
        this.problems = problems;
        this.name = 'InvalidInputs';
    }
}
function errorMessage(error) {
    const message = error?.message;
    return typeof message === 'string' ? message : String(error);
}


/***/ }),

/***/ 960:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PL: () => (/* binding */ AlertError),
/* harmony export */   Pv: () => (/* binding */ readAlertSecret),
/* harmony export */   W8: () => (/* binding */ resolutionComment),
/* harmony export */   f5: () => (/* binding */ readAlert),
/* harmony export */   gf: () => (/* binding */ alertTarget),
/* harmony export */   n8: () => (/* binding */ resolveAlert)
/* harmony export */ });
/* unused harmony export alertFailure */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(873);
/**
 * The GitHub secret scanning alert behind a revocation: reads its secret (for key-from-alert) and resolves it as
 * revoked. @actions/github is loaded only here, and only when a run touches an alert, so every other run
 * starts faster.
 */


class AlertError extends Error {
    status;
    constructor(message, 
    /** GitHub's HTTP status, when it answered. */
    status) {
        super(message);
        this.status = status;
        this.name = 'AlertError';
    }
}
/** GitHub keeps resolution comments short; longer ones are refused. */
const COMMENT_LIMIT = 270;
/**
 * Names the revoke request IDs (or that approval was skipped, or that a target was already revoked or expired:
 * `earlier` counts those among the targets without an ID) and the run, within GitHub's length limit.
 */
function resolutionComment(requestIds, runUrl, earlier = { alreadyRevoked: 0, expired: 0 }, outsideRemaining = 0) {
    const ids = requestIds.filter((id) => id !== null);
    const skipped = requestIds.length - ids.length - earlier.alreadyRevoked - earlier.expired;
    const parts = [];
    if (ids.length > 0)
        parts.push(`request${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`);
    if (skipped > 0)
        parts.push(`${skipped} with approval skipped`);
    if (earlier.alreadyRevoked > 0)
        parts.push(`${earlier.alreadyRevoked} already revoked`);
    if (earlier.expired > 0)
        parts.push(`${earlier.expired} expired`);
    const outside = outsideRemaining > 0
        ? `. ${outsideRemaining} live certificate${outsideRemaining === 1 ? '' : 's'} of the key outside this account remain${outsideRemaining === 1 ? 's' : ''} to be revoked`
        : '';
    const tail = `${outside}${runUrl ? `. Run: ${runUrl}` : ''}`;
    let comment = `Revoked in DigiCert CertCentral: ${parts.join('; ')}${tail}`;
    while (comment.length > COMMENT_LIMIT && ids.length > 1) {
        ids.pop();
        const more = requestIds.filter((id) => id !== null).length - ids.length;
        parts[0] = `requests ${ids.join(', ')} and ${more} more`;
        comment = `Revoked in DigiCert CertCentral: ${parts.join('; ')}${tail}`;
    }
    return comment.length > COMMENT_LIMIT ? `${comment.slice(0, COMMENT_LIMIT - 1)}\u2026` : comment;
}
/** `repository`: alert-repository's `owner/name`, else GITHUB_REPOSITORY (see AlertSettings.repository). */
function alertTarget(repository, number) {
    // Stryker disable next-line ArrayDeclaration: any array without a second item leaves repo undefined, which is refused.
    const [owner, repo] = repository?.split('/') ?? [];
    if (!owner || !repo)
        throw new AlertError("Neither alert-repository nor GITHUB_REPOSITORY is set, so the alert's repository is unknown.");
    return { owner, repo, number };
}
/** `apiUrl`: GITHUB_API_URL from the run context (GitHub Enterprise Server), else github.com's API. */
async function octokitFor(token, apiUrl) {
    const { getOctokit } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(413)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2413));
    return getOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
}
/**
 * `GET` of the alert: its fields as GitHub answered them (untrusted). Needs "Secret scanning alerts: read";
 * `permission` is the one a failure message names (write, when the read checks a token that must resolve it).
 */
async function readAlert(token, alert, apiUrl, permission = 'read') {
    const octokit = await octokitFor(token, apiUrl);
    try {
        const response = await octokit.request('GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
            owner: alert.owner,
            repo: alert.repo,
            alert_number: alert.number
        });
        const data = response.data;
        return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
    }
    catch (error) {
        throw new AlertError(alertFailure(error, alert, 'read', permission), error.status);
    }
}
/**
 * The leaked value of a secret scanning alert (its `secret` field); needs "Secret scanning alerts: read". `read`:
 * the alert as already read (by resolve-alert, before anything was revoked), so that it is not read twice.
 */
async function readAlertSecret(token, alert, apiUrl, read) {
    const data = read ?? (await readAlert(token, alert, apiUrl));
    if (typeof data.secret !== 'string' || data.secret === '') {
        throw new AlertError(`Alert #${alert.number} in ${alert.owner}/${alert.repo} has no secret value: GitHub returns it only to a token with "Secret scanning alerts: read".`);
    }
    return { secret: data.secret, secretType: typeof data.secret_type === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .clean */ .uH)(data.secret_type, _untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.code) : 'unknown' };
}
async function resolveAlert(token, alert, comment, apiUrl) {
    const octokit = await octokitFor(token, apiUrl);
    try {
        await octokit.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
            owner: alert.owner,
            repo: alert.repo,
            alert_number: alert.number,
            state: 'resolved',
            resolution: 'revoked',
            resolution_comment: comment
        });
    }
    catch (error) {
        throw new AlertError(alertFailure(error, alert), error.status);
    }
}
function alertFailure(error, alert, action = 'resolve', needs = action === 'read' ? 'read' : 'write') {
    const status = error.status;
    const where = `alert #${alert.number} in ${alert.owner}/${alert.repo}`;
    const permission = `"Secret scanning alerts: ${needs}"`;
    const said = (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .clean */ .uH)((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error).split('\n')[0], _untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.message);
    const doing = action === 'read' ? 'reading' : 'resolving';
    const failed = `${doing[0].toUpperCase()}${doing.slice(1)} ${where} failed${status ? ` (HTTP ${status})` : ''}: ${said}`;
    switch (status) {
        case 401:
            return `GitHub did not accept github-token (401) when ${doing} ${where}: the token is invalid or expired.`;
        case 403:
            return `github-token may not ${action} ${where} (403: ${said}). It needs the repository permission ${permission}: use a fine-grained token or a GitHub App token; the workflow's GITHUB_TOKEN cannot have it.`;
        case 404:
            return `GitHub answered 404 for ${where}: the alert does not exist, secret scanning is off for the repository, or github-token cannot see it (it needs ${permission}).`;
        case 422:
            // A 422 to a read says nothing of resolving: told as any other failure.
            return action === 'resolve'
                ? `GitHub refused to resolve ${where} (422: ${said}). The alert may already be resolved, or be of a kind that cannot be resolved this way.`
                : failed;
        default:
            return failed;
    }
}


/***/ }),

/***/ 888:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O$: () => (/* binding */ readPemOrFile),
/* harmony export */   SQ: () => (/* binding */ describeFileError),
/* harmony export */   XF: () => (/* binding */ readRegularFile)
/* harmony export */ });
/* unused harmony export NotRegular */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3916);
/* harmony import */ var _values_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8657);
/**
 * The one rule for inputs that take either PEM text or the path of a file (`certificate-pem`, `private-key`):
 * text with a -----BEGIN line is used as it is; anything else must name a small regular file.
 */



function readPemOrFile(input, raw, rule) {
    const value = raw.trim();
    if (value.includes('-----BEGIN'))
        return value;
    const shown = rule.quotable ? `${(0,_values_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(value)} ` : 'the value ';
    if (value.includes('\n'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputProblem */ .S7(`${input}: the value is neither ${rule.what} (no -----BEGIN line) nor a file path.`);
    const cannot = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputProblem */ .S7(`${input}: ${shown}is not ${rule.what} and cannot be read as a file (${why}). Paths are relative to the workspace.`);
    try {
        return readRegularFile(value, rule.maxBytes);
    }
    catch (error) {
        throw cannot(error.code === 'ENOENT' ? 'no such file' : describeFileError(error));
    }
}
/** The file is not one the action reads: a folder, a device, a FIFO, or too big. */
class NotRegular extends Error {
}
/**
 * Reads a regular file of at most `maxBytes`. The file is opened first and checked through its descriptor, so
 * a FIFO, a device (even behind a link) or a folder is refused without reading, and a file that grows after the
 * check is still read no further than the limit.
 */
function readRegularFile(path, maxBytes) {
    // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0));
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (stats.isDirectory())
            throw new NotRegular('it is a folder, not a regular file');
        if (!stats.isFile())
            throw new NotRegular('not a regular file');
        // One byte more than allowed tells a file over the limit, whatever its size said (it may grow meanwhile).
        const buffer = Buffer.alloc(maxBytes + 1);
        let length = 0;
        for (let read = 1; read > 0; length += read)
            read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, length, buffer.length - length, null);
        if (length > maxBytes)
            throw new NotRegular(`larger than ${maxBytes / 1024} KiB`);
        return buffer.subarray(0, length).toString('utf8');
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** A file error in words, with its code (or NotRegular's own words), never quoting what the file holds. */
function describeFileError(error) {
    const code = error.code;
    if (code === 'EACCES' || code === 'EPERM')
        return `permission denied (${code})`;
    if (code === 'EISDIR')
        return 'it is a folder, not a regular file';
    return code ? `${code}` : (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
}


/***/ }),

/***/ 8657:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ru: () => (/* binding */ normalizeSerialNumber),
  xL: () => (/* binding */ parseAlertNumber),
  Oz: () => (/* binding */ parseAlertRepository),
  yG: () => (/* binding */ parseBoolean),
  F5: () => (/* binding */ parseCertificateIds),
  cG: () => (/* binding */ parseInteger),
  lA: () => (/* binding */ parseMinutes),
  Gx: () => (/* binding */ parseOrderIds),
  cf: () => (/* binding */ parseRegion),
  eG: () => (/* binding */ parseRevocationReason),
  fL: () => (/* binding */ parseSeconds),
  gc: () => (/* binding */ parseSerialNumbers),
  iO: () => (/* binding */ parseServiceUrl),
  AD: () => (/* binding */ parseWaitFor),
  hD: () => (/* binding */ quote),
  xj: () => (/* binding */ resolveBaseUrl)
});

// UNUSED EXPORTS: isLoopbackHost, splitList

// EXTERNAL MODULE: ./src/certcentral/vocabulary.ts
var vocabulary = __nccwpck_require__(7583);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __nccwpck_require__(873);
;// CONCATENATED MODULE: ./src/inputs/settings.ts
/** wait-for: what a run waits for after revoking. */
const WAIT_FOR = ['none', 'approval', 'revocation'];

;// CONCATENATED MODULE: ./src/inputs/values.ts
/**
 * Pure parsers for the action's inputs. Each takes the raw text of one input and returns the typed value or
 * throws an InputProblem that names the input and the bad value.
 */




/** 40 characters of the base64 alphabets (standard and URL-safe) in a row: key material, not a value typed by hand. */
const LONG_BASE64_RUN = /[A-Za-z0-9+/_-]{40,}/;
/**
 * An input's value quoted back in a message: one line, cut to 40 characters, so a pasted blob does not flood the
 * log. A value that holds a long base64 run is not quoted at all: it may be key material pasted into the wrong
 * input (a header-less key in certificate-pem or serial-number), and 40 characters of a key are too many to show.
 */
function quote(value) {
    if (LONG_BASE64_RUN.test(value))
        return '[not shown: it holds a long base64 run, like key material]';
    return `'${(0,untrusted/* clean */.uH)(value, untrusted/* LIMITS */.b1.inputValue)}'`;
}
/** Splits a list input on commas, whitespace and newlines, dropping empty items. */
function splitList(raw) {
    return raw.split(/[\s,]/).filter((item) => item !== '');
}
function unique(items) {
    return [...new Set(items)];
}
const MAX_ID_DIGITS = 15;
function parseNumericIds(input, noun, raw) {
    return unique(splitList(raw).map((item) => {
        if (!/^[0-9]+$/.test(item)) {
            throw new errors/* InputProblem */.S7(`${input}: ${quote(item)} is not ${noun} (expected decimal digits, like 12345).`);
        }
        const canonical = item.replace(/^0+(?=.)/, '');
        if (canonical === '0' || canonical.length > MAX_ID_DIGITS) {
            throw new errors/* InputProblem */.S7(`${input}: ${quote(item)} is not ${noun} (expected a positive number of at most ${MAX_ID_DIGITS} digits).`);
        }
        return canonical;
    }));
}
function parseCertificateIds(raw) {
    return parseNumericIds('certificate-id', 'a certificate ID', raw);
}
function parseOrderIds(raw) {
    return parseNumericIds('order-id', 'an order ID', raw);
}
/** RFC 5280 limits serial numbers to 20 octets; a DER sign byte can add one more. */
const MAX_SERIAL_HEX_DIGITS = 42;
/** Normalises one serial number: `0x` prefix and colons accepted, upper-case hex without separators returned. */
function normalizeSerialNumber(item, input = 'serial-number') {
    let hex = item.replace(/^0x/i, '');
    if (/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})+$/i.test(hex)) {
        hex = hex.replace(/:/g, '');
    }
    if (!/^[0-9a-f]+$/i.test(hex)) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(item)} is not a serial number (expected hexadecimal, like 0A1B2C or 0a:1b:2c).`);
    }
    if (hex.length > MAX_SERIAL_HEX_DIGITS) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(item)} is too long for a certificate serial number (at most 20 bytes).`);
    }
    return hex.toUpperCase();
}
function parseSerialNumbers(raw) {
    return unique(splitList(raw).map((item) => normalizeSerialNumber(item)));
}
/** Matches a reason ignoring case, `-`, `_` and spaces: `key-compromise` and `KEY_COMPROMISE` both work. */
function parseRevocationReason(raw) {
    const wanted = raw.replace(/[\s_-]/g, '').toLowerCase();
    if (wanted === '')
        return undefined;
    const reason = vocabulary/* REVOCATION_REASONS */.z.find((candidate) => candidate.toLowerCase() === wanted);
    if (!reason) {
        throw new errors/* InputProblem */.S7(`revocation-reason: ${quote(raw)} is not a reason CertCentral knows. Use one of: ${vocabulary/* REVOCATION_REASONS */.z.join(', ')}.`);
    }
    return reason;
}
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
/** The same values as core.getBooleanInput, with an empty value meaning the default. */
function parseBoolean(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (TRUE_VALUES.includes(value))
        return true;
    if (FALSE_VALUES.includes(value))
        return false;
    throw new errors/* InputProblem */.S7(`${input}: ${quote(raw)} is not a boolean (use true or false).`);
}
/** A whole number within [min, max]; an empty value means the default. */
function parseInteger(input, raw, fallback, min, max) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(raw)} is not a whole number from ${min} to ${max}.`);
    }
    return Number(value);
}
/** Seconds, possibly fractional, within [min, max]; an empty value means the default. */
function parseSeconds(input, raw, fallback, min, max) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) < min || Number(value) > max) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(raw)} is not a number of seconds from ${min} to ${max}.`);
    }
    return Number(value);
}
function parseRegion(raw) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return 'us';
    if (value === 'us' || value === 'eu')
        return value;
    throw new errors/* InputProblem */.S7(`region: ${quote(raw)} is not a CertCentral region. Use us or eu (or base-url for another host).`);
}
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127(\.[0-9]{1,3}){3}$/.test(host);
}
/**
 * The Services API base URL: `base-url` when given, else the region's host. A base URL must be https (the key
 * travels in a header) unless it is on loopback, and may not carry credentials, a query or a fragment.
 */
function resolveBaseUrl(rawBaseUrl, region) {
    const value = rawBaseUrl.trim();
    if (value === '')
        return vocabulary/* REGIONS */.i[region];
    return parseServiceUrl('base-url', value, 'https://www.digicert.com/services/v2', 'the API key is sent with every request');
}
/**
 * A service's base URL that a credential travels to: https, unless its host is loopback; no user name,
 * password, query or fragment. `why` ends the message about plain http.
 */
function parseServiceUrl(input, value, example, why) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(value)} is not a URL (expected something like ${example}).`);
    }
    // A user name or password, a query or a fragment may be a credential: none is quoted.
    const shown = `${url.protocol}//${url.host}${url.pathname}`;
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(shown)} must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because ${why}.`);
    }
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(shown)} must not carry a user name, password, query or fragment.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
/** Reads an alert number: a positive whole number, or nothing. */
function parseAlertNumber(input, raw) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    if (!/^[1-9][0-9]{0,9}$/.test(value)) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(raw)} is not a secret scanning alert number (a positive whole number).`);
    }
    return Number(value);
}
/** A GitHub owner (user or organisation: letters, digits, single hyphens inside) and a repository name. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/** alert-repository: `owner/name`, or nothing (the workflow's own repository). */
function parseAlertRepository(raw) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    if (!REPOSITORY.test(value)) {
        throw new errors/* InputProblem */.S7(`alert-repository: ${quote(raw)} is not a repository (expected owner/name, like octo-org/certificates).`);
    }
    return value;
}
/** wait-for: none (the default), approval or revocation, case ignored. */
function parseWaitFor(raw) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return 'none';
    const known = WAIT_FOR.find((option) => option === value);
    if (!known)
        throw new errors/* InputProblem */.S7(`wait-for: ${quote(raw)} is not one of ${WAIT_FOR.join(', ')}.`);
    return known;
}
/** wait-timeout in minutes: decimals allowed, more than 0, at most `max`; empty means the default. */
function parseMinutes(input, raw, fallback, max) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) <= 0 || Number(value) > max) {
        throw new errors/* InputProblem */.S7(`${input}: ${quote(raw)} is not a number of minutes more than 0 and at most ${max}.`);
    }
    return Number(value);
}


/***/ }),

/***/ 6350:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   UM: () => (/* binding */ readChain),
/* harmony export */   tb: () => (/* binding */ identifyPrivateKey)
/* harmony export */ });
/* unused harmony exports publicKeyFingerprint, certificateFingerprint */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3916);
/**
 * Reads a leaked private key (PKCS#1, PKCS#8 or SEC1 PEM; RSA or EC) and reduces it to what the scan compares:
 * the SHA-256 of its public key's SubjectPublicKeyInfo. The key itself is never written, sent or reported.
 */


const PRIVATE_KEY_BLOCK = /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/;
/** Parses the key and returns its identity; every problem is an InputProblem that never quotes the key. */
function identifyPrivateKey(text, input = 'private-key') {
    const block = PRIVATE_KEY_BLOCK.exec(text)?.[0];
    if (!block) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputProblem */ .S7(`${input}: no PEM private key found (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY).`);
    }
    if (block.includes('ENCRYPTED')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputProblem */ .S7(`${input}: the private key is encrypted with a passphrase. Decrypt it first (openssl pkey -in key.pem -out plain.pem), and keep the result out of the repository.`);
    }
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: block, format: 'pem' });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputProblem */ .S7(`${input}: the private key could not be read (${error.code ?? 'malformed'}).`);
    }
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputProblem */ .S7(`${input}: a ${key.asymmetricKeyType} key; CertCentral certificates carry RSA or EC keys.`);
    }
    const details = key.asymmetricKeyDetails ?? {};
    const description = key.asymmetricKeyType === 'rsa' ? `RSA ${details.modulusLength}-bit` : `EC ${details.namedCurve}`;
    const identity = { fingerprint: publicKeyFingerprint(key), description };
    Object.defineProperty(identity, 'signingKey', { value: key, enumerable: false });
    return identity;
}
function publicKeyFingerprint(key) {
    const publicKey = key.type === 'private' ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key) : key;
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex');
}
/** The fingerprint of the first certificate of a PEM chain (the leaf, in `pem_all`). */
function certificateFingerprint(pemChain) {
    return readChain(pemChain).spki;
}
/** Reads `pem_all`: the first certificate is the leaf, the second its issuer. */
function readChain(pemChain) {
    const [leaf, issuer] = pemChain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    if (!leaf)
        throw new Error('the download holds no certificate');
    const certificate = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(leaf);
    // validTo is OpenSSL's own rendering of the date ("Mar  1 12:00:00 2027 GMT"), which Date always reads.
    const notAfter = new Date(certificate.validTo);
    return {
        spki: publicKeyFingerprint(certificate.publicKey),
        serialNumber: certificate.serialNumber,
        notAfter: notAfter.toISOString(),
        leaf,
        ...(issuer ? { issuer } : {})
    };
}


/***/ }),

/***/ 2344:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EI: () => (/* binding */ ALREADY_REVOKED),
/* harmony export */   Lg: () => (/* binding */ awaitsConfirmation),
/* harmony export */   N6: () => (/* binding */ isFailure),
/* harmony export */   gC: () => (/* binding */ settleKeyMatches),
/* harmony export */   hT: () => (/* binding */ plannedOnly),
/* harmony export */   i3: () => (/* binding */ revokeAll),
/* harmony export */   kj: () => (/* binding */ bodyFor),
/* harmony export */   pA: () => (/* binding */ confirmReusedRequests),
/* harmony export */   wy: () => (/* binding */ batchFacts)
/* harmony export */ });
/* unused harmony exports revokeBody, isRefusal, revokeOne, refusesReason */
/* harmony import */ var _certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(48);
/* harmony import */ var _certcentral_concurrently_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7205);
/* harmony import */ var _targets_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6126);



/** How a note begins for a target found revoked before this run sent anything that revoked it. */
const ALREADY_REVOKED = 'already revoked';
/** Most requests in flight at once; DigiCert's 5-second window caps it at 100 anyway. */
const CONCURRENCY = 100;
/** The body of every request: the reason only when given. */
function revokeBody(comments, skipApproval, reason) {
    return { comments, skip_approval: skipApproval, ...(reason ? { revocation_reason: reason } : {}) };
}
/**
 * The comment ends with the target's tag; the reason when given, and a certificate found to carry the leaked
 * key defaults to keyCompromise.
 */
function bodyFor(settings, target) {
    const reason = settings.revocationReason ?? (target.source === 'private-key' ? 'keyCompromise' : undefined);
    return revokeBody(`${settings.comments}${(0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .tagOf */ .cO)(target)}`, settings.skipApproval, reason);
}
/**
 * A target that was not revoked: it failed, an administrator rejected its request (the contract counts both),
 * or wait-for ended before it was done.
 */
function isFailure(result) {
    return result.status === 'failed' || result.status === 'rejected' || result.stillWaiting !== undefined;
}
/**
 * A refusal after which the authority is asked whether the target is already revoked: a 4xx that is not about
 * the key (401, 403), the target's existence (404) or the rate limit (429).
 */
function isRefusal(result) {
    const status = result.error?.http_status ?? 0;
    return result.status === 'failed' && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status);
}
/** What a dry run reports for a target: nothing was sent. */
function plannedOnly(target) {
    return { target, attempts: 0, status: 'dry-run', requestId: null, date: null, error: null };
}
async function revokeAll(targets, body, api, options = {}) {
    return (0,_certcentral_concurrently_js__WEBPACK_IMPORTED_MODULE_2__/* .mapConcurrently */ .X)(targets, options.concurrency ?? CONCURRENCY, async (target) => {
        const result = await revokeOne(target, body(target), api, options);
        options.onResult?.(result);
        return result;
    });
}
async function revokeOne(target, body, api, options = {}) {
    const settled = options.settled?.get(target);
    if (settled)
        return settled;
    const open = options.open?.get(target);
    if (open)
        return {
            target,
            attempts: 0,
            status: 'pending',
            requestId: open.id,
            date: open.date,
            error: null,
            note: `open revoke request ${open.id} reused, filed by someone else: check that it revokes this certificate before approving it`,
            reusedRequest: true
        };
    const sent = await sendRevocation(target, body, api);
    const { result, outcome } = sent;
    const base = { target, attempts: result.attempts, ...(sent.reasonDropped ? { reasonDropped: true } : {}) };
    if (!options.authority || !isRefusal(outcome))
        return { ...base, ...outcome };
    // CertCentral refused: perhaps because the target is revoked already, which only its authority can say.
    const verdict = await options.authority.ask(target);
    if (verdict.state === 'revoked')
        return { ...base, ...outcome, status: 'revoked', error: null, note: `${ALREADY_REVOKED} (${verdict.detail})` };
    const note = verdict.state === 'not-revoked'
        ? `not revoked before this run: ${verdict.detail}`
        : `whether it was revoked before is unknown: ${verdict.detail}`;
    return { ...base, ...outcome, note };
}
/**
 * Sends one revoke request. The certificate endpoint's page does not list `revocation_reason`: a 400 that names
 * it is answered by sending the same request once more without it (the result says the reason was dropped).
 */
async function sendRevocation(target, body, api) {
    const label = (0,_targets_js__WEBPACK_IMPORTED_MODULE_1__/* .describeTarget */ .ff)(target);
    const first = await api.revoke(target, body, label);
    const outcome = outcomeOf(first);
    if (target.type !== 'certificate' || body.revocation_reason === undefined || !refusesReason(outcome))
        return { result: first, outcome };
    const withoutReason = { comments: body.comments, skip_approval: body.skip_approval };
    const second = await api.revoke(target, withoutReason, label);
    return { result: { ...second, attempts: first.attempts + second.attempts }, outcome: outcomeOf(second), reasonDropped: true };
}
function outcomeOf(result) {
    return 'answer' in result
        ? (0,_certcentral_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .interpretRevokeAnswer */ .My)(result.answer)
        : { status: 'failed', requestId: null, date: null, error: result.failure };
}
/** A 400 whose code or message names `revocation_reason`. */
function refusesReason(outcome) {
    const error = outcome.error;
    return error?.http_status === 400 && [error.code, error.message].some((text) => text?.match(/revocation_reason/i));
}
/**
 * A reused request (filed by someone else) that is now approved counts only once the target's authority says it
 * is revoked: asked once here, so that a run that waited for approval does not leave it unconfirmed needlessly.
 */
async function confirmReusedRequests(results, authority) {
    return (0,_certcentral_concurrently_js__WEBPACK_IMPORTED_MODULE_2__/* .mapConcurrently */ .X)(results, 20, async (result) => {
        if (!awaitsConfirmation(result))
            return result;
        const verdict = await authority.ask(result.target);
        if (verdict.state !== 'revoked')
            return result;
        // Revoked now, by its authority's word: what the wait still awaited when it stopped is no longer awaited.
        const confirmed = { ...result, status: 'revoked', note: `${result.note ?? ''}; ${verdict.detail}`.replace(/^; /, '') };
        delete confirmed.stillWaiting;
        return confirmed;
    });
}
/** A target accepted only on a request this run did not file, and not yet found revoked by its authority. */
function awaitsConfirmation(result) {
    return result.reusedRequest === true && (result.status === 'approved' || result.status === 'submitted');
}
/** What the alert rule needs to know of a batch. */
function batchFacts(results) {
    const withoutRequest = results.filter((r) => r.requestId === null);
    return {
        requestIds: results.map((r) => r.requestId),
        // Targets without a request ID that were not revoked with approval skipped: the alert's comment says so.
        earlier: {
            alreadyRevoked: withoutRequest.filter((r) => r.status === 'revoked' && r.note?.startsWith(ALREADY_REVOKED)).length,
            expired: withoutRequest.filter((r) => r.status === 'expired').length
        },
        failures: results.filter(isFailure).length,
        pendingRequestIds: results.flatMap((r) => (r.status === 'pending' && r.requestId !== null ? [r.requestId] : [])),
        // Approved on a request someone else filed, and not yet revoked according to the target's authority.
        unconfirmedRequestIds: results.flatMap((r) => (awaitsConfirmation(r) && r.requestId !== null ? [r.requestId] : []))
    };
}
/**
 * The certificates found to carry a leaked key that need no revoke request: expired ones (reported, never
 * revoked), and those their CA already reports revoked. Asked in dry runs too: it is what an inventory should say.
 */
async function settleKeyMatches(targets, scan, authority) {
    const settled = new Map();
    if (!scan)
        return settled;
    const expired = new Set(scan.expired);
    const matches = targets.filter((target) => target.source === 'private-key');
    await (0,_certcentral_concurrently_js__WEBPACK_IMPORTED_MODULE_2__/* .mapConcurrently */ .X)(matches, 20, async (target) => {
        const base = { target, attempts: 0, requestId: null, date: null, error: null };
        if (expired.has(target.id))
            return void settled.set(target, { ...base, status: 'expired', note: 'expired before this run: nothing was sent' });
        const chain = scan.chains.get(target.id);
        if (chain)
            authority.remember(target, chain);
        const verdict = await authority.ask(target);
        if (verdict.state === 'revoked')
            settled.set(target, { ...base, status: 'revoked', note: `${ALREADY_REVOKED} (${verdict.detail}): nothing was sent` });
    });
    return settled;
}


/***/ }),

/***/ 6126:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   cO: () => (/* binding */ tagOf),
/* harmony export */   ff: () => (/* binding */ describeTarget),
/* harmony export */   iS: () => (/* binding */ planTargets),
/* harmony export */   jI: () => (/* binding */ refuseOverSafetyCap)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);

/**
 * Targets in the contract's order: certificate IDs, serial numbers, PEM certificates, orders, then the
 * certificates found to carry the private key (in ID order). A serial given both as `serial-number` and inside
 * `certificate-pem` is the same request path, so it is revoked once; so is a matched ID also given by hand.
 */
function planTargets(settings, keyMatches = []) {
    const targets = [];
    const seen = new Set();
    const add = (target) => {
        const key = `${target.type}/${target.id}`;
        if (seen.has(key))
            return;
        seen.add(key);
        targets.push(target);
    };
    settings.certificateIds.forEach((id) => add({ type: 'certificate', id, source: 'certificate-id' }));
    settings.serialNumbers.forEach((id) => add({ type: 'certificate', id, source: 'serial-number' }));
    // Only the serial number and the subject: the certificate is looked up in CertCentral, as a serial number is.
    settings.pemCertificates.forEach((pem) => add({ type: 'certificate', id: pem.serialNumber, source: 'certificate-pem', detail: pem.subject }));
    settings.orderIds.forEach((id) => add({ type: 'order', id, source: 'order-id' }));
    keyMatches.forEach((id) => add({ type: 'certificate', id, source: 'private-key' }));
    return targets;
}
/** The targets given in the inputs must fit under max-revocations: checked before any request is sent. */
function refuseOverSafetyCap(targets, maxRevocations) {
    if (targets.length > maxRevocations) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputs */ .hS([
            `max-revocations: this run has ${targets.length} targets, more than the safety cap of ${maxRevocations}. Nothing was revoked. If that many is intended, raise max-revocations.`
        ]);
    }
}
/** `certificate 123`, `certificate with serial 0A1B` or `order 5678`: how the log and the summary name a target. */
function describeTarget(target) {
    if (target.type === 'order')
        return `order ${target.id}`;
    return target.source === 'serial-number' || target.source === 'certificate-pem'
        ? `certificate with serial ${target.id}`
        : `certificate ${target.id}`;
}
/**
 * The tag that ends every revoke request's comment: ` (certificate 1234)`, ` (serial 0A1B2C)` or ` (order 5678)`,
 * so that an approver sees what is revoked, and a later run recognises the request as its own.
 */
function tagOf(target) {
    if (target.type === 'order')
        return ` (order ${target.id})`;
    return target.source === 'serial-number' || target.source === 'certificate-pem' ? ` (serial ${target.id})` : ` (certificate ${target.id})`;
}


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jj: () => (/* binding */ cut),
/* harmony export */   Kp: () => (/* binding */ redactJson),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   XF: () => (/* binding */ REDACTED),
/* harmony export */   b1: () => (/* binding */ LIMITS),
/* harmony export */   dy: () => (/* binding */ utf8Bytes),
/* harmony export */   mZ: () => (/* binding */ PIECE_LENGTH),
/* harmony export */   uH: () => (/* binding */ clean)
/* harmony export */ });
/**
 * Text from outside (CertCentral's and GitHub's answers, OCSP and CRL answers, files, the event payload, inputs)
 * is untrusted. Before it reaches the log, an output or the summary it goes, in this order, through: redaction
 * of every secret in its raw form (secrets.ts; done where the text enters), one line with every control
 * character removed (oneLine), and a length cut (cut). Escaping for the destination comes last, where the text
 * is placed (report/summary.ts for Markdown and HTML, JSON.stringify for `results`).
 */
/** What stands where a secret was. */
const REDACTED = '***';
/** A run of this many characters that also stands in a secret is a piece of it, and is redacted too (secrets.ts). */
const PIECE_LENGTH = 8;
/**
 * The lengths the contract allows, in characters: `inputValue` for a bad input value quoted back, `problem` for
 * one line of an invalid-input message (which may quote a file's text).
 */
const LIMITS = { code: 100, message: 500, date: 40, quote: 80, excerpt: 200, inputValue: 40, problem: 1000 };
/**
 * ANSI escape sequences (CSI, OSC and two-character ESC forms), then every other control character: C0, DEL,
 * C1, and the Unicode line and paragraph separators; and every format character (Unicode category Cf: zero-width
 * spaces and joiners, the soft hyphen, bidirectional controls), which show nothing, or reorder what a reader sees.
 */
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
const LINE_BREAKS = /[\t\n\r]/g;
const FORMAT = /\p{Cf}/gu;
/**
 * One line, with every control character, format character and escape sequence removed and runs of spaces folded.
 * What a secret split by format characters becomes whole again here: whoever redacted the text before redacts it
 * again after (report/log.ts, report/outputs.ts, report/summary.ts).
 */
function oneLine(text) {
    // Format characters first: one inside an escape sequence would otherwise leave the rest of it standing.
    return text.replace(FORMAT, '').replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(/ {2,}/g, ' ').trim();
}
/** At most `limit` characters (whole code points), with `\u2026` when something was cut. */
function cut(text, limit) {
    const points = Array.from(text);
    return points.length > limit ? `${points.slice(0, limit).join('')}\u2026` : text;
}
/** One line of at most `limit` characters: for text that is already redacted (it entered through a redacting boundary). */
function clean(text, limit) {
    return cut(oneLine(text), limit);
}
/** The size of text in UTF-8 (Buffer's default encoding), as GitHub counts an output's or the job summary's size. */
function utf8Bytes(text) {
    return Buffer.byteLength(text);
}
/**
 * JSON text with every registered secret removed from its strings (keys included), then written again: text
 * that is not JSON is redacted as a whole. Redacting the text of a JSON answer as a whole could break it (a
 * secret that is also part of the syntax, `1` or `"`), and turn a request the server created into one the action
 * cannot read. A number that holds a piece of a secret becomes the string `***`.
 */
function redactJson(text, redact) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return redact(text);
    }
    try {
        return JSON.stringify(redactValue(value, redact));
    }
    catch {
        // Nested deeper than the stack allows: redacted as text, as an answer that is not JSON.
        return redact(text);
    }
}
function redactValue(value, redact) {
    if (typeof value === 'string')
        return redact(value);
    if (typeof value === 'number') {
        // A number of fewer digits than a piece of a secret holds none (a request ID 1 stays 1 whatever is registered).
        const digits = String(value);
        return digits.length < PIECE_LENGTH || redact(digits) === digits ? value : REDACTED;
    }
    if (Array.isArray(value))
        return value.map((item) => redactValue(item, redact));
    if (typeof value === 'object' && value !== null) {
        // fromEntries defines each key as data, so a key `__proto__` stays a key.
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, redact)]));
    }
    return value;
}


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Yt: () => (/* binding */ ACTION_VERSION),
/* harmony export */   _O: () => (/* binding */ USER_AGENT)
/* harmony export */ });
/* unused harmony export ACTION_NAME */
/** The action's name and version, sent in the User-Agent. A test keeps it equal to package.json's. */
const ACTION_NAME = 'digicert-revoke-action';
const ACTION_VERSION = '1.0.0';
const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`;


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/beyond/report.ts
var beyond_report = __nccwpck_require__(5045);
;// CONCATENATED MODULE: ./src/context.ts
function readRunContext(env = process.env) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const repository = env.GITHUB_REPOSITORY || undefined;
    return {
        repository,
        runUrl: repository && env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
        repositoryUrl: repository ? `${server}/${repository}` : undefined,
        githubApiUrl: env.GITHUB_API_URL || undefined,
        summaryPath: env.GITHUB_STEP_SUMMARY || undefined,
        eventName: env.GITHUB_EVENT_NAME || undefined,
        eventPath: env.GITHUB_EVENT_PATH || undefined,
        actor: env.GITHUB_ACTOR || undefined,
        inputVariables: Object.keys(env).filter((name) => name.startsWith('INPUT_'))
    };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/github/alerts.ts
var alerts = __nccwpck_require__(960);
;// CONCATENATED MODULE: ./src/github/alert-access.ts
/**
 * With resolve-alert, the alert is read before anything is revoked, dry runs included: a token that cannot read
 * it (the workflow's GITHUB_TOKEN never can) would otherwise be found out only after the revocations, when the
 * alert cannot be resolved. A read proves read access only: the resolution can still be refused afterwards.
 */


/** GitHub's answers that say the token cannot reach the alert: no run should revoke and then find out. */
const REFUSALS = [401, 403, 404];
/**
 * Reads the alert when the run is to resolve it. A refusal (401, 403, 404) or an unknown repository fails the run
 * as invalid input, naming the permission, before any request to CertCentral; any other failure (GitHub down, a
 * timeout) is a warning, since an outage of GitHub must not hold back a revocation.
 */
async function readAlertBeforeRevoking(alert, warn) {
    if (!alert.resolve || alert.number === undefined)
        return undefined;
    let target;
    try {
        target = (0,alerts/* alertTarget */.gf)(alert.repository, alert.number);
    }
    catch (error) {
        if (!(error instanceof alerts/* AlertError */.PL))
            throw error;
        throw new errors/* InvalidInputs */.hS([`alert-repository: ${error.message}`]);
    }
    try {
        return await (0,alerts/* readAlert */.f5)(alert.token, target, alert.apiUrl, 'write');
    }
    catch (error) {
        if (!(error instanceof alerts/* AlertError */.PL))
            throw error;
        if (error.status !== undefined && REFUSALS.includes(error.status)) {
            throw new errors/* InvalidInputs */.hS([`${error.message} resolve-alert reads the alert before anything is revoked: nothing was revoked.`]);
        }
        warn(`${error.message} resolve-alert reads the alert before anything is revoked; the revocations go ahead, and the alert is resolved after them if GitHub answers then.`);
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/runner.ts
/**
 * How the action speaks to the runner: its inputs, its log lines and workflow commands (`::error::`,
 * `::warning::`, `::notice::`, `::add-mask::`) and its outputs. These are the seven functions of @actions/core that
 * the action used, written as @actions/core 3.0.1 writes them (a test compares the two). The reason they are here
 * and not imported: @actions/core's entry point also loads its OIDC client, and with it @actions/http-client and
 * undici, close to a megabyte that every start parsed and ran, which a dry run never uses (the README's "Stack";
 * `npm run bench -- cold` measures it). This module only writes: what it writes was made safe before, log lines
 * by report/log.ts, outputs by report/outputs.ts, masks by secrets.ts.
 *
 * Adapted from @actions/core (https://github.com/actions/toolkit/tree/main/packages/core), MIT License,
 * Copyright 2019 GitHub.
 */



/**
 * An input as the runner passes it (`INPUT_` and the name in capitals, spaces as `_`), trimmed, or '' when it is
 * not set.
 */
function getInput(name, env = process.env) {
    return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/** A workflow command's data: `%`, CR and LF escaped, so that the runner reads it as one line of text. */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function issueCommand(command, message) {
    process.stdout.write(`::${command}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
function info(message) {
    process.stdout.write(`${message}${external_node_os_namespaceObject.EOL}`);
}
function warning(message) {
    issueCommand('warning', message);
}
function notice(message) {
    issueCommand('notice', message);
}
/** An error annotation, and the step fails when the action exits. */
function setFailed(message) {
    process.exitCode = 1;
    issueCommand('error', message);
}
/** The runner masks `secret` in the log from now on. */
function setSecret(secret) {
    issueCommand('add-mask', secret);
}
/**
 * Appends `name` and `value` to the step's output file (GITHUB_OUTPUT), between a delimiter that neither holds.
 * Where the runner names no file (the action run by hand), the old `set-output` command shows them in the log, as
 * @actions/core does. `newDelimiterId` is for tests.
 */
function setOutput(name, value, env = process.env, newDelimiterId = external_node_crypto_.randomUUID) {
    const path = env.GITHUB_OUTPUT;
    if (!path) {
        process.stdout.write(`${external_node_os_namespaceObject.EOL}::set-output name=${escapeProperty(name)}::${escapeData(value)}${external_node_os_namespaceObject.EOL}`);
        return;
    }
    if (!(0,external_node_fs_.existsSync)(path))
        throw new Error(`Missing file at path: ${path}`);
    const delimiter = `ghadelimiter_${newDelimiterId()}`;
    // A random UUID: a name or value that holds it could only be an attack on the output file.
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`Unexpected input: the output ${name} holds the delimiter "${delimiter}"`);
    (0,external_node_fs_.appendFileSync)(path, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`);
}
/** A workflow command's property: its data's escapes, and `:` and `,`, which would end the property. */
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __nccwpck_require__(873);
;// CONCATENATED MODULE: ./src/secrets.ts
/**
 * The one place that registers a secret: it is masked in the runner's log (runner.setSecret) and removed from
 * everything the action reports (outputs, the job summary, messages built from a server's answer), which
 * masking alone does not cover.
 */



/**
 * Where the last run of PIECE_LENGTH characters of text starts (below 0 when there is none). Both the pieces of a
 * secret and the windows of a text looked up among them stop there: both are always PIECE_LENGTH long.
 */
const lastPieceAt = (text) => text.length - untrusted/* PIECE_LENGTH */.mZ;
/**
 * Removes registered secrets from text: every whole occurrence, whatever the secret's length, and every run of
 * PIECE_LENGTH or more characters that stands in a secret, so that a server quoting part of a key, or a message
 * cut in the middle of one, leaks no usable piece of it either.
 */
class Redactor {
    secrets = [];
    pieces = new Set();
    /**
     * Also adds the secret as a JSON string writes it (`"` and `\` escaped): a server that quotes it inside JSON
     * that cannot be parsed leaves it so, and a reader unescapes it at a glance.
     */
    add(secret) {
        for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)]))
            this.addForm(form);
    }
    addForm(secret) {
        if (secret === '' || this.secrets.includes(secret))
            return;
        this.secrets.push(secret);
        this.secrets.sort((a, b) => b.length - a.length);
        for (let at = 0; at <= lastPieceAt(secret); at++)
            this.pieces.add(secret.slice(at, at + untrusted/* PIECE_LENGTH */.mZ));
    }
    redact(text) {
        const whole = this.secrets.reduce((clean, secret) => clean.split(secret).join(untrusted/* REDACTED */.XF), text);
        return this.redactPieces(whole);
    }
    /** Marks every window that is a piece of a secret, then replaces each run of marked characters once. */
    redactPieces(text) {
        let result = '';
        let copiedUpTo = 0;
        let coveredUpTo = -1;
        let runStart = -1;
        for (let at = 0; at <= lastPieceAt(text); at++) {
            if (!this.pieces.has(text.slice(at, at + untrusted/* PIECE_LENGTH */.mZ)))
                continue;
            if (at > coveredUpTo) {
                if (runStart >= 0) {
                    result += text.slice(copiedUpTo, runStart) + untrusted/* REDACTED */.XF;
                    copiedUpTo = coveredUpTo;
                }
                runStart = at;
            }
            coveredUpTo = at + untrusted/* PIECE_LENGTH */.mZ;
        }
        if (runStart < 0)
            return text;
        return result + text.slice(copiedUpTo, runStart) + untrusted/* REDACTED */.XF + text.slice(coveredUpTo);
    }
}
class Secrets {
    redactor = new Redactor();
    /** Masks `secret` in the log and removes it from everything reported from now on. */
    register(secret) {
        setSecret(secret);
        this.redactor.add(secret);
    }
    /**
     * Registers every line of a PEM private key that carries secret material (see secretLines): the runner masks
     * one line at a time, so a multi-line key must be registered line by line.
     */
    registerPemLines(text) {
        for (const line of secretLines(text))
            this.register(line);
    }
    /** Bound, so it can be handed to the boundaries where outside text enters. */
    redact = (text) => this.redactor.redact(text);
    /** Bound: JSON text redacted in its strings, so that it stays JSON (see redactJson). */
    redactJson = (text) => (0,untrusted/* redactJson */.Kp)(text, this.redact);
}
const PRIVATE_KEY_BLOCK = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----$/;
/**
 * The lines of a PEM private key that carry secret material: the lines inside its key blocks, but not a header
 * (`Proc-Type: \u2026`, `DEK-Info: \u2026`), and not what `openssl pkcs12 -nodes` writes around them ("Bag Attributes",
 * "localKeyID: \u2026", "friendlyName: \u2026", "subject=\u2026") nor a certificate's lines, which are public. Text with no
 * key block (a key in a format the action does not know) gives all its lines but BEGIN and END lines. A line
 * shorter than PIECE_LENGTH is never given: registered alone, it would redact ordinary text.
 */
function secretLines(text) {
    const lines = text.split(/\r?\n/).map((line) => line.trim());
    const inKeys = [];
    let inKey = false;
    for (const line of lines) {
        if (PRIVATE_KEY_BLOCK.test(line))
            inKey = true;
        else if (line.startsWith('-----END '))
            inKey = false;
        else if (inKey && !line.includes(':'))
            inKeys.push(line);
    }
    const found = lines.some((line) => PRIVATE_KEY_BLOCK.test(line)) ? inKeys : lines.filter((line) => !line.startsWith('-----'));
    return found.filter((line) => line.length >= untrusted/* PIECE_LENGTH */.mZ);
}

// EXTERNAL MODULE: ./src/inputs/values.ts + 1 modules
var values = __nccwpck_require__(8657);
;// CONCATENATED MODULE: ./src/inputs/beyond-account.ts
/**
 * The inputs of "Beyond the account": whether Certificate Transparency is searched for the leaked key
 * (`ct-search`), where (`ct-search-url`), and whether certificates found there are revoked through their CA's
 * ACME server, signed by the leaked key (`acme-revoke`, `acme-directories`).
 */


const CT_SEARCH_MODES = ['off', 'report', 'require'];
const DEFAULT_CT_SEARCH_URL = 'https://crt.sh/';
/** Let's Encrypt's issuers name their organisation `Let's Encrypt`; its server revokes on a key-signed request (RFC 8555 \u00a77.6). */
const BUILT_IN_ACME_DIRECTORIES = [
    { issuer: "Let's Encrypt", url: 'https://acme-v02.api.letsencrypt.org/directory' }
];
function parseCtSearch(raw) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return 'report';
    if (CT_SEARCH_MODES.includes(value))
        return value;
    throw new errors/* InputProblem */.S7(`ct-search: ${(0,values/* quote */.hD)(raw)} is not one of ${CT_SEARCH_MODES.join(', ')}.`);
}
/** A crt.sh-compatible search service: https unless loopback, kept with its path (the query is added to it). */
function parseCtSearchUrl(raw) {
    const value = raw.trim() === '' ? DEFAULT_CT_SEARCH_URL : raw.trim();
    // parseServiceUrl drops every trailing slash; the query is added after one.
    return `${(0,values/* parseServiceUrl */.iO)('ct-search-url', value, DEFAULT_CT_SEARCH_URL, 'a certificate search must not be read or changed on the way')}/`;
}
/** `<issuer common name or organisation> = <ACME directory URL>`, one a line; blank lines and `#` comments are skipped. */
function parseAcmeDirectories(raw) {
    const directories = [];
    for (const [index, line] of raw.split(/\r?\n/).entries()) {
        const text = line.trim();
        if (text === '' || text.startsWith('#'))
            continue;
        // The last `=`: a directory URL carries no query (parseServiceUrl refuses one), an issuer's name may hold one.
        const at = text.lastIndexOf('=');
        // The line is trimmed: the issuer is missing only when there is no `=` or the line starts with it, the URL only
        // when the line ends with it.
        if (at <= 0 || text.endsWith('=')) {
            throw new errors/* InputProblem */.S7(`acme-directories: line ${index + 1} ${(0,values/* quote */.hD)(text)} is not "<issuer common name or organisation> = <ACME directory URL>".`);
        }
        const url = (0,values/* parseServiceUrl */.iO)(`acme-directories (line ${index + 1})`, text.slice(at + 1).trim(), 'https://acme.example.com/directory', 'the revocation is signed by the leaked key and must reach that CA unchanged');
        directories.push({ issuer: text.slice(0, at).trim(), url });
    }
    return directories;
}
/** All four inputs; `input` reads one by name (trimmed, as the runner gives them). */
function readBeyondAccount(input, check) {
    return {
        ctSearch: check(() => parseCtSearch(input('ct-search'))),
        ctSearchUrl: check(() => parseCtSearchUrl(input('ct-search-url'))),
        acmeRevoke: check(() => (0,values/* parseBoolean */.yG)('acme-revoke', input('acme-revoke'), false)),
        acmeDirectories: [...BUILT_IN_ACME_DIRECTORIES, ...(check(() => parseAcmeDirectories(input('acme-directories'))) ?? [])]
    };
}

// EXTERNAL MODULE: ./src/inputs/pem-or-file.ts
var pem_or_file = __nccwpck_require__(888);
;// CONCATENATED MODULE: ./src/inputs/certificate-pem.ts
/** Reads `certificate-pem`: PEM text or the path of a file, holding one or more certificates. */




const INPUT = 'certificate-pem';
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const ANY_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
/** A certificate bundle is a few kilobytes. */
const MAX_PEM_FILE_BYTES = 1024 * 1024;
function parseCertificatePem(raw) {
    const value = raw.trim();
    if (value === '')
        return [];
    const text = (0,pem_or_file/* readPemOrFile */.O$)(INPUT, value, { what: 'PEM text', maxBytes: MAX_PEM_FILE_BYTES, quotable: true });
    const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
    if (blocks.length === 0) {
        const other = ANY_BEGIN.exec(text)?.[1];
        throw new errors/* InputProblem */.S7(other
            ? `${INPUT}: found a ${(0,values/* quote */.hD)(other)} block but no CERTIFICATE block. Give the certificate itself (-----BEGIN CERTIFICATE-----).`
            : `${INPUT}: no -----BEGIN CERTIFICATE----- block found.`);
    }
    const certificates = blocks.map((block, index) => {
        try {
            return new external_node_crypto_.X509Certificate(block);
        }
        catch (error) {
            throw new errors/* InputProblem */.S7(`${INPUT}: certificate ${index + 1} of ${blocks.length} could not be read (${(0,errors/* errorMessage */.gJ)(error)}).`);
        }
    });
    // A certificate that issued another one of the input (a fullchain's intermediate) is not a target, and is never
    // trusted to judge anything: only end-entity certificates are revoked.
    const issuers = new Set(certificates.filter((candidate) => certificates.some((other) => other !== candidate && issuedBy(other, candidate))));
    if (issuers.size === certificates.length)
        throw new errors/* InputProblem */.S7(`${INPUT}: every certificate in it issued another one in it, so none is an end-entity certificate to revoke.`);
    return certificates.flatMap((certificate, index) => issuers.has(certificate)
        ? []
        : [
            {
                serialNumber: (0,values/* normalizeSerialNumber */.Ru)(certificate.serialNumber, INPUT),
                subject: commonName(certificate.subject),
                pem: blocks[index]
            }
        ]);
}
/** Whether `issuer` issued `certificate`: its name is the certificate's issuer, and its key verifies the signature. */
function issuedBy(certificate, issuer) {
    try {
        return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
        // Stryker disable next-line BlockStatement: an empty catch gives undefined, which some() reads as false all the same.
    }
    catch {
        return false;
    }
}
/** The CN of a subject as X509Certificate gives it (one `KEY=value` per line), or the whole subject on one line when it has none. */
function commonName(subject) {
    const cn = /^CN=(.*)/m.exec(subject)?.[1];
    return cn ?? subject.replace(/\n/g, ', ');
}

;// CONCATENATED MODULE: ./src/inputs/declared.ts
/**
 * The inputs the action declares: the one list in src/, identical to action.yml's (a test checks). The runner
 * passes each as `INPUT_` + its name upper-cased, spaces as `_` and hyphens kept; any other `INPUT_\u2026` variable is
 * an input the workflow gave that the action does not have (`dry_run` for `dry-run`), which the runner only
 * warns about. For an action that revokes, a misspelt `dry-run` must never mean a live run: it is invalid input.
 */
const DECLARED_INPUTS = [
    'api-key',
    'certificate-id',
    'serial-number',
    'certificate-pem',
    'order-id',
    'comments',
    'revocation-reason',
    'skip-approval',
    'dry-run',
    'region',
    'base-url',
    'max-revocations',
    'max-attempts',
    'request-timeout',
    'alert-number',
    'alert-repository',
    'resolve-alert',
    'github-token',
    'wait-for',
    'wait-timeout',
    'private-key',
    'key-from-alert',
    'certificate-index',
    'ct-search',
    'ct-search-url',
    'acme-revoke',
    'acme-directories'
];
/** The runner's environment variable for an input. */
function inputVariable(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
const DECLARED_VARIABLES = new Set(DECLARED_INPUTS.map(inputVariable));
/**
 * The inputs given that the action does not declare, each with the declared input closest to it: from the names
 * of the environment's variables (`INPUT_DRY_RUN` \u2192 `dry_run`, closest `dry-run`).
 */
function undeclaredInputs(variableNames) {
    return variableNames
        .filter((variable) => variable.startsWith('INPUT_') && !DECLARED_VARIABLES.has(variable))
        .map((variable) => {
        // Cut: a name is the workflow's to choose, and the distance is computed over every character of it.
        const name = variable.slice('INPUT_'.length, 'INPUT_'.length + 60).toLowerCase();
        return { name, closest: closestInput(name) };
    });
}
/**
 * The declared input fewest edits away from `name` (`_` and spaces read as `-`), among those that contain it when
 * some do (`token` \u2192 github-token, `alert_repo` \u2192 alert-repository); the first such in the list on a tie.
 */
function closestInput(name) {
    const wanted = name.toLowerCase().replace(/[_ ]/g, '-');
    const containing = wanted.length >= 3 ? DECLARED_INPUTS.filter((candidate) => candidate.includes(wanted)) : [];
    let best = DECLARED_INPUTS[0];
    let bestDistance = Infinity;
    for (const candidate of containing.length > 0 ? containing : DECLARED_INPUTS) {
        const distance = editDistance(wanted, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length];
}

// EXTERNAL MODULE: ./src/leaked-key/key-identity.ts
var key_identity = __nccwpck_require__(6350);
;// CONCATENATED MODULE: ./src/inputs/private-key.ts
/** Reads `private-key`: PEM text or the path of a file. The key is registered as a secret before it is parsed. */


const MAX_KEY_FILE_BYTES = 64 * 1024;
/** The PEM text of `private-key`: the value itself, or the file it names. */
function readPrivateKeyText(raw, input = 'private-key') {
    return (0,pem_or_file/* readPemOrFile */.O$)(input, raw, { what: 'a PEM private key', maxBytes: MAX_KEY_FILE_BYTES, quotable: false });
}
/**
 * Masks the leaked key line by line before anything could print it, then keeps only its identity: the key is
 * never stored, written or sent.
 */
function readPrivateKey(raw, secrets) {
    if (raw.trim() === '')
        return undefined;
    // Inline PEM comes back as it is, without a message that could quote it; a file's problems never quote it.
    const text = readPrivateKeyText(raw);
    secrets.registerPemLines(text);
    return (0,key_identity/* identifyPrivateKey */.tb)(text);
}

;// CONCATENATED MODULE: ./src/inputs/read-settings.ts
/**
 * Turns the action's inputs into one typed Settings object. Nothing else reads inputs. Every problem is
 * collected, so a user fixes them all in one go; InvalidInputs is thrown before any request is sent.
 */











/** The contract's defaults for the numeric inputs (action.yml says the same). */
const DEFAULTS = { maxRevocations: 100, maxAttempts: 5, requestTimeout: 30, waitTimeout: 30 };
/**
 * max-revocations' ceiling; the shortest API key, and github-token where the alert API is needed, accepted
 * (DigiCert's and GitHub's are far longer, and a short secret cannot be redacted safely).
 */
const CEILINGS = { maxRevocations: 5000, secretLength: 16, waitTimeout: 360 };
function readSettings(context, secrets) {
    const problems = [];
    /**
     * The value read, or, when the input has a problem, nothing: the problem is kept, and readSettings throws with
     * every problem before any setting is used (the checks below treat nothing as false or absent).
     */
    function check(read) {
        try {
            return read();
        }
        catch (error) {
            if (!(error instanceof errors/* InputProblem */.S7))
                throw error;
            problems.push(error.message);
            return undefined;
        }
    }
    // Trimmed, as the runner's own inputs are. Only a declared input is read (a test checks).
    const input = (name) => getInput(name);
    // Stryker disable next-line ArrayDeclaration: undeclaredInputs looks only at INPUT_ names, so any list without one is as empty.
    for (const { name, closest } of undeclaredInputs(context.inputVariables ?? [])) {
        problems.push(`'${(0,untrusted/* clean */.uH)(name, untrusted/* LIMITS */.b1.inputValue)}' is not an input of this action; did you mean ${closest}? The runner only warns about an unknown input, and a misspelt one must never change what a run does (dry_run: true would not be a dry run).`);
    }
    const apiKey = check(() => readApiKey(input('api-key'), secrets));
    const privateKey = check(() => readPrivateKey(input('private-key'), secrets));
    const alertNumber = check(() => (0,values/* parseAlertNumber */.xL)('alert-number', input('alert-number')) ?? alertNumberFromEvent(context));
    const token = input('github-token');
    readToken(token, secrets);
    const settings = {
        apiKey,
        certificateIds: check(() => (0,values/* parseCertificateIds */.F5)(input('certificate-id'))),
        serialNumbers: check(() => (0,values/* parseSerialNumbers */.gc)(input('serial-number'))),
        pemCertificates: check(() => parseCertificatePem(input('certificate-pem'))),
        orderIds: check(() => (0,values/* parseOrderIds */.Gx)(input('order-id'))),
        comments: input('comments') || defaultComments(context),
        revocationReason: check(() => (0,values/* parseRevocationReason */.eG)(input('revocation-reason'))),
        skipApproval: check(() => (0,values/* parseBoolean */.yG)('skip-approval', input('skip-approval'), false)),
        dryRun: check(() => (0,values/* parseBoolean */.yG)('dry-run', input('dry-run'), false)),
        baseUrl: check(() => (0,values/* resolveBaseUrl */.xj)(input('base-url'), (0,values/* parseRegion */.cf)(input('region')))),
        maxRevocations: check(() => (0,values/* parseInteger */.cG)('max-revocations', input('max-revocations'), DEFAULTS.maxRevocations, 1, CEILINGS.maxRevocations)),
        maxAttempts: check(() => (0,values/* parseInteger */.cG)('max-attempts', input('max-attempts'), DEFAULTS.maxAttempts, 1, 20)),
        waitFor: check(() => (0,values/* parseWaitFor */.AD)(input('wait-for'))),
        waitTimeoutMs: 60_000 * check(() => (0,values/* parseMinutes */.lA)('wait-timeout', input('wait-timeout'), DEFAULTS.waitTimeout, CEILINGS.waitTimeout)),
        requestTimeoutMs: 1000 * check(() => (0,values/* parseSeconds */.fL)('request-timeout', input('request-timeout'), DEFAULTS.requestTimeout, 1, 600)),
        alert: {
            number: alertNumber,
            repository: check(() => (0,values/* parseAlertRepository */.Oz)(input('alert-repository'))) ?? context.repository,
            resolve: check(() => (0,values/* parseBoolean */.yG)('resolve-alert', input('resolve-alert'), false)),
            token
        },
        keyScan: {
            key: privateKey,
            fromAlert: check(() => (0,values/* parseBoolean */.yG)('key-from-alert', input('key-from-alert'), false)),
            indexPath: check(() => readIndexPath(input('certificate-index')))
        },
        beyond: readBeyondAccount(input, check)
    };
    const targetInputs = ['certificate-id', 'serial-number', 'certificate-pem', 'order-id', 'private-key'];
    if (targetInputs.every((name) => input(name) === '') && !settings.keyScan.fromAlert) {
        problems.push(`No certificate to revoke: give at least one of ${targetInputs.join(', ')}, or key-from-alert.`);
    }
    if (settings.keyScan.fromAlert && input('private-key') !== '') {
        problems.push('key-from-alert: give either private-key or key-from-alert, not both.');
    }
    const alertInputs = [
        ['key-from-alert', settings.keyScan.fromAlert, 'read'],
        ['resolve-alert', settings.alert.resolve, 'write']
    ];
    const asked = alertInputs.filter(([, wanted]) => wanted);
    if (asked.length > 0 && context.githubApiUrl !== undefined) {
        settings.alert.apiUrl = check(() => (0,values/* parseServiceUrl */.iO)('GITHUB_API_URL', context.githubApiUrl, 'https://api.github.com', 'the GitHub token is sent with every request'));
    }
    for (const [name, , permission] of asked) {
        if (settings.alert.number === undefined) {
            problems.push(`${name}: no alert number is known. Set alert-number, or start the workflow with a repository_dispatch event whose client_payload has alert_number.`);
        }
        if (token === '') {
            problems.push(`github-token: empty, but ${name} needs a token with "Secret scanning alerts: ${permission}".`);
        }
        else if (token.length < CEILINGS.secretLength) {
            problems.push(`github-token: shorter than ${CEILINGS.secretLength} characters, so it is not a GitHub token, but ${name} needs one with "Secret scanning alerts: ${permission}".`);
        }
    }
    // Each cut, so that no value quoted whole (a file, a pasted blob) can swell the log or the summary.
    if (problems.length > 0)
        throw new errors/* InvalidInputs */.hS(problems.map((problem) => (0,untrusted/* cut */.Jj)(problem, untrusted/* LIMITS */.b1.problem)));
    return settings;
}
/** Masks the key before anything else can print it, and explains the usual reason for an empty one. */
function readApiKey(raw, secrets) {
    const apiKey = raw;
    if (apiKey === '') {
        throw new errors/* InputProblem */.S7("api-key: empty. If it comes from a secret, check the secret's name and the environment it lives in; secrets are not passed to workflows started from forks.");
    }
    // A key shorter than a piece of a secret is refused below, so never sent; redacting it would cut ordinary text.
    if (apiKey.length >= untrusted/* PIECE_LENGTH */.mZ)
        secrets.register(apiKey);
    if (/[\x00-\x1f\x7f]/.test(apiKey)) {
        throw new errors/* InputProblem */.S7('api-key: contains a line break or control character; copy the key again from CertCentral.');
    }
    if (apiKey.length < CEILINGS.secretLength) {
        throw new errors/* InputProblem */.S7(`api-key: shorter than ${CEILINGS.secretLength} characters, so it is not a CertCentral API key; copy the key again from CertCentral (Automation > API Keys).`);
    }
    return apiKey;
}
/** The certificate index's path: absent (a first run), or a regular file; a FIFO, a device or a folder is refused. */
function readIndexPath(raw) {
    const path = raw;
    if (path === '')
        return undefined;
    let stats;
    try {
        stats = (0,external_node_fs_.statSync)(path);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return path;
        throw new errors/* InputProblem */.S7(`certificate-index: ${(0,values/* quote */.hD)(path)} cannot be used (${(0,pem_or_file/* describeFileError */.SQ)(error)}).`);
    }
    if (!stats.isFile()) {
        throw new errors/* InputProblem */.S7(`certificate-index: ${(0,values/* quote */.hD)(path)} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}; give the path of a JSON file (it is created on the first run).`);
    }
    return path;
}
/**
 * The runner masks `github.token` and secrets already; a token pasted any other way is masked here too, unless it
 * is shorter than a piece of a secret: such a token is never sent (where the alert API is needed it is refused as
 * too short) and never printed, and redacting it would cut ordinary text (every `1` for `github-token: 1`).
 */
function readToken(token, secrets) {
    if (token.length >= untrusted/* PIECE_LENGTH */.mZ)
        secrets.register(token);
}
/** `Revoked from <repo> by <run URL>`, so the CertCentral request points back at the run that sent it. */
function defaultComments(context) {
    if (!context.repository)
        return 'Revoked by a GitHub Actions workflow.';
    return `Revoked from ${context.repository} by GitHub Actions: ${context.runUrl ?? context.repositoryUrl}`;
}
/** The alert number of a repository_dispatch event: `client_payload.alert_number` or `client_payload.alert.number`. */
function alertNumberFromEvent(context) {
    if (context.eventName !== 'repository_dispatch' || !context.eventPath)
        return undefined;
    let event;
    try {
        event = JSON.parse((0,pem_or_file/* readRegularFile */.XF)(context.eventPath, MAX_EVENT_BYTES));
    }
    catch (error) {
        const why = error instanceof SyntaxError ? 'it is not JSON' : (0,pem_or_file/* describeFileError */.SQ)(error);
        throw new errors/* InputProblem */.S7(`alert-number: the repository_dispatch event could not be read (${why}).`);
    }
    const payload = field(event, 'client_payload');
    const value = field(payload, 'alert_number') ?? field(field(payload, 'alert'), 'number');
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
        throw new errors/* InputProblem */.S7('client_payload.alert_number: not a secret scanning alert number (a positive whole number).');
    }
    return (0,values/* parseAlertNumber */.xL)('client_payload.alert_number', String(value));
}
/** GitHub's event payloads are at most 25 MB. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;
/** A field of a JSON object, or undefined when `value` is not an object. */
function field(value, name) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value[name] : undefined;
}

// EXTERNAL MODULE: ./src/certcentral/answers.ts
var answers = __nccwpck_require__(48);
;// CONCATENATED MODULE: ./src/report/words.ts
/** Small pieces of wording shared by the log, the failure message and the summary. */
/** `1 target`, `3 targets`; `plural(2, 'certificate')`. */
function plural(count, noun, nouns = `${noun}s`) {
    return `${count} ${count === 1 ? noun : nouns}`;
}
/** `the other was` / `the others were`, after some of a batch failed; empty when none is left. */
function theOthersWereSent(others) {
    if (others <= 0)
        return '';
    return others === 1 ? 'the other was sent' : 'the others were sent';
}

;// CONCATENATED MODULE: ./src/report/key-scan.ts
/** The key scan in words: its progress line and, when it is incomplete, why. */


/** Shown at most in a problem's list of certificates that could not be checked. */
const UNCHECKED_SHOWN = 5;
function keyScanLine(scan) {
    const carriers = scan.matches.length === 0 ? 'none of them' : `${scan.matches.length === 1 ? 'certificate' : 'certificates'} ${scan.matches.join(', ')}`;
    const expired = scan.expired.length > 0 ? ` Expired, so not revoked: ${scan.expired.join(', ')}.` : '';
    return `Key scan: ${scan.checked} checked, ${scan.downloaded} downloaded, ${scan.requests} CertCentral requests; the key is on ${carriers}.${expired}`;
}
/** Every problem of the scan in words: its own, then the safety cap's. */
function keyScanProblems(scan) {
    if (!scan)
        return [];
    return [scan.problem, scan.overCap].flatMap((problem) => (problem ? [describeKeyScanProblem(problem, scan)] : []));
}
function describeKeyScanProblem(problem, scan) {
    switch (problem.kind) {
        case 'no-key':
            return problem.message;
        case 'listing-failed':
            return `The account's orders could not be listed, so no certificate was checked for the key (${(0,answers/* describeApiError */.gg)(problem.error)}).`;
        case 'unchecked': {
            const { unchecked } = problem;
            const first = unchecked.slice(0, UNCHECKED_SHOWN).map(({ id, error }) => `${id} (${(0,answers/* describeApiError */.gg)(error)})`);
            const more = unchecked.length > UNCHECKED_SHOWN ? ` and ${unchecked.length - UNCHECKED_SHOWN} more` : '';
            // An entry is a certificate ID, or `order N` when that order's duplicate and reissue lists could not be read.
            const orders = unchecked.some(({ id }) => id.startsWith('order '));
            const what = orders
                ? plural(unchecked.length, 'certificate or order', 'certificates or orders')
                : plural(unchecked.length, 'certificate');
            return `${what} could not be checked for the key, so others may carry it: ${first.join(', ')}${more}. Run again to check them.`;
        }
        case 'no-match':
            return `No certificate among the ${scan.checked} issued in this CertCentral account carries the key from ${scan.from}. It may belong to another CA, another CertCentral account, or the other region (us or eu).`;
        case 'over-cap':
            return `The key is on ${plural(scan.matches.length, 'certificate')}, which makes ${plural(problem.targets, 'target')}: more than the safety cap of max-revocations (${problem.cap}), so nothing was revoked. The certificates are in matched-certificates; if they must all be revoked, raise max-revocations and run again.`;
    }
}

// EXTERNAL MODULE: ./src/revocation/revoke.ts
var revoke = __nccwpck_require__(2344);
;// CONCATENATED MODULE: ./src/report/outputs.ts
/** The step's outputs, in target order, the same in every outcome. */



function resultJson(result) {
    return {
        type: result.target.type,
        id: result.target.id,
        source: result.target.source,
        request_id: result.requestId,
        status: result.status,
        date: result.date,
        error: result.error,
        ...(result.target.source === 'private-key' ? { matched_by: 'private-key' } : {}),
        ...(result.reasonDropped ? { reason_dropped: true } : {})
    };
}
/**
 * `failed` whenever the step fails (`stepFailed`: the run ends with a failure message), else `dry-run` for a dry
 * run, `pending` when some target awaits approval, `done` when every target is revoked, submitted, approved or
 * expired.
 */
function runOutcome(results, dryRun, stepFailed) {
    if (stepFailed || results.some(revoke/* isFailure */.N6))
        return 'failed';
    if (dryRun)
        return 'dry-run';
    return results.some((result) => result.status === 'pending') ? 'pending' : 'done';
}
/** GitHub keeps outputs of up to 1 MiB; every output stays below this many bytes of UTF-8. */
const OUTPUT_LIMIT = 1000 * 1024;
/**
 * Ever smaller `results`, until the JSON fits under OUTPUT_LIMIT: messages shortened, then dropped; then dates
 * and codes cut. Every level keeps one object per target with its ID, source, status, request ID and HTTP status.
 */
const SHRINKING = [
    { message: Infinity, code: Infinity, date: Infinity },
    { message: 200, code: Infinity, date: Infinity },
    { message: 80, code: Infinity, date: Infinity },
    { message: 20, code: Infinity, date: Infinity },
    { message: 0, code: Infinity, date: Infinity },
    { message: 0, code: 20, date: 25 },
    { message: 0, code: 8, date: 0 },
    // The last resort, for thousands of targets with the longest IDs and codes in a script of four bytes a character.
    { message: 0, code: 0, date: 0 }
];
/**
 * `matchedCertificates`: the IDs the private key scan found, ascending; empty when no key was given. `redact`
 * removes every registered secret from each value before it is encoded. `outcome`: see runOutcome; a run that
 * stopped before it could say (invalid input, an unexpected error) failed.
 */
function buildOutputs(results, alertResolved, matchedCertificates = [], redact = (text) => text, outcome = 'failed') {
    return {
        'request-id': results.map((r) => (r.requestId === null ? '' : String(r.requestId))).join(','),
        status: results.map((r) => r.status).join(','),
        results: resultsJson(results, redact),
        'alert-resolved': String(alertResolved),
        'matched-certificates': fitList(matchedCertificates),
        outcome,
        // Set by the run report when CT was searched (report/elsewhere.ts); an empty array otherwise.
        elsewhere: '[]'
    };
}
/**
 * The results as JSON, every text from outside (error code and message, date) redacted before it is encoded (JSON
 * escapes a `"` or `\` in a secret, which a search of the encoded text would miss), and shrunk as far as needed
 * to stay under the limit in bytes (a message in a non-Latin script takes two to four bytes a character).
 */
function resultsJson(results, redact) {
    const json = results.map(resultJson).map((result) => ({
        ...result,
        date: result.date === null ? null : redact(result.date),
        error: result.error && {
            ...result.error,
            code: result.error.code === null ? null : redact(result.error.code),
            message: redact(result.error.message)
        }
    }));
    let text = '';
    for (const level of SHRINKING) {
        text = JSON.stringify(json.map((result) => shrunk(result, level)));
        if ((0,untrusted/* utf8Bytes */.dy)(text) < OUTPUT_LIMIT)
            return text;
    }
    // The last level fits within max-revocations' ceiling: 5000 targets of the longest IDs take under 1,000,000 bytes.
    return text;
}
function shrunk(result, level) {
    const date = result.date === null || level.date === 0 ? null : shorter(result.date, level.date);
    if (!result.error)
        return { ...result, date };
    const { code, message } = result.error;
    return {
        ...result,
        date,
        error: {
            ...result.error,
            code: code === null ? null : shorter(code, level.code),
            message: shorter(message, level.message)
        }
    };
}
/** At most `limit` characters, with `\u2026` when cut; 0 drops the text (Infinity keeps it as it is). */
function shorter(text, limit) {
    if (limit === 0)
        return '';
    return limit === Infinity ? text : (0,untrusted/* cut */.Jj)(text, limit);
}
/** A comma-separated list of IDs, cut at the last whole ID under the limit (a scan of a hostile account may list more). */
function fitList(ids) {
    const list = ids.join(',');
    // IDs are digits: one byte each.
    return (0,untrusted/* utf8Bytes */.dy)(list) < OUTPUT_LIMIT ? list : list.slice(0, list.lastIndexOf(',', OUTPUT_LIMIT - 1));
}
/** The outputs that hold JSON: redacted in their strings, so that they stay JSON. */
const JSON_OUTPUTS = new Set(['results', 'elsewhere']);
/** Every output goes through `redact` once more, so no secret reaches the step's outputs. */
function writeOutputs(outputs, redact) {
    for (const [name, value] of Object.entries(outputs)) {
        setOutput(name, JSON_OUTPUTS.has(name) ? (0,untrusted/* redactJson */.Kp)(value, redact) : redact(value));
    }
}

;// CONCATENATED MODULE: ./src/report/elsewhere.ts
/**
 * The key's certificates outside this account, in the `elsewhere` output and the summary's section "Outside this
 * account": issuer, serial, validity, CT ID, where it belongs, its status, and whom to ask for each one the run
 * could not revoke. Says so when CT was not searched, or the search failed.
 */





/** A `next` cut to this many characters when the whole array is over an output's size. */
const NEXT_SHORT = 120;
/**
 * The `elsewhere` output: a JSON array, every string redacted, made one line and cut before it is encoded. While
 * the array is over an output's size in UTF-8 bytes, each `next` is cut short, then left out (null); only then are
 * the last certificates left out, as few as fit.
 */
function elsewhereOutputOf(report, redact) {
    const items = (0,beyond_report/* elsewhereJson */.Fk)(report).map((item) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value === 'string' ? (0,untrusted/* clean */.uH)(redact(value), untrusted/* LIMITS */.b1.message) : value])));
    const fits = (text) => (0,untrusted/* utf8Bytes */.dy)(text) < OUTPUT_LIMIT;
    const whole = JSON.stringify(items);
    if (fits(whole))
        return { text: whole, omitted: 0, next: 'whole' };
    const short = items.map((item) => ({ ...item, next: typeof item.next === 'string' ? (0,untrusted/* clean */.uH)(item.next, NEXT_SHORT) : item.next }));
    const shortened = JSON.stringify(short);
    if (fits(shortened))
        return { text: shortened, omitted: 0, next: 'shortened' };
    const bare = items.map((item) => ({ ...item, next: null }));
    // The longest prefix that fits: "[", the objects joined by ",", "]".
    let size = 2;
    let kept = 0;
    for (const item of bare) {
        const more = (0,untrusted/* utf8Bytes */.dy)(JSON.stringify(item)) + (kept > 0 ? 1 : 0);
        if (size + more >= OUTPUT_LIMIT)
            break;
        size += more;
        kept++;
    }
    return { text: JSON.stringify(bare.slice(0, kept)), omitted: bare.length - kept, next: 'dropped' };
}
/** The `elsewhere` output's text (see elsewhereOutputOf). */
function elsewhereOutput(report, redact) {
    return elsewhereOutputOf(report, redact).text;
}
/** Live certificates of the account: the run revoked them or asked for it (not expired, not revoked before it). */
function accountLiveCount(results) {
    return results.filter((r) => r.status !== 'expired' && !(r.status === 'revoked' && r.note?.startsWith(revoke/* ALREADY_REVOKED */.EI))).length;
}
const SHOWN = 200;
/** The section's rows and list in UTF-8 bytes: with the results' table (summary.ts) the page stays under 1 MiB. */
const SECTION_BUDGET = 64 * 1024;
/** Serials the key scan missed, named in the summary (all of them are in the run's failure message and the log). */
const MISSED_SHOWN = 20;
/** The first lines that fit in the budget's UTF-8 bytes (each with its newline); the budget keeps what is left. */
function fitting(lines, budget) {
    const shown = [];
    for (const line of lines) {
        const size = (0,untrusted/* utf8Bytes */.dy)(line) + 1;
        if (size > budget.left)
            break;
        budget.left -= size;
        shown.push(line);
    }
    return shown;
}
/** Why (what the CA or ACME server said, a refused host), then what to do next. */
function nextCell(c) {
    const next = (0,beyond_report/* nextStep */.sk)(c);
    if (c.detail && next)
        return `${c.detail}; ${next}`;
    return next ?? c.detail ?? '';
}
/**
 * The summary section; `safe` redacts and escapes one piece of text. `output`: what the `elsewhere` output had to
 * leave out to fit, said here so that nobody takes the output for the whole list.
 */
function elsewhereSection(report, safe, output = { omitted: 0, next: 'whole' }) {
    const lines = ['### Outside this account', ''];
    if (!report.searched) {
        lines.push(report.mode === 'off'
            ? 'Certificate Transparency was not searched (`ct-search: off`): certificates of the key in other accounts or at other CAs are not known to this run.'
            : 'Certificate Transparency was not searched.');
        return lines;
    }
    if (report.failure) {
        lines.push(`**Certificate Transparency could not be searched:** ${safe(report.failure)}. Certificates of the key outside this account are not known to this run.`);
        if (report.mode === 'require')
            lines.push('', 'With `ct-search: require`, this fails the run and keeps the alert open.');
        return lines;
    }
    lines.push(`Certificate Transparency listed ${plural(report.listed, 'entry', 'entries')} for the key; ${plural(report.inAccount, 'certificate')} of them ${report.inAccount === 1 ? 'is' : 'are'} in this account, ${plural(report.certificates.length, 'certificate')} outside it. ${report.requests} CT requests in ${report.seconds.toFixed(1)} s.`);
    if (report.dropped > 0)
        lines.push('', `${plural(report.dropped, 'listed entry', 'listed entries')} carried another key when downloaded: dropped (the listing was wrong).`);
    if (report.missedByScan.length > 0)
        lines.push('', `This account holds serials the key scan did not find: ${safe(report.missedByScan.slice(0, MISSED_SHOWN).join(', '))}${report.missedByScan.length > MISSED_SHOWN ? ` and ${report.missedByScan.length - MISSED_SHOWN} more` : ''}.`);
    if (report.certificates.length === 0)
        return lines;
    if (output.omitted > 0)
        lines.push('', `**The \`elsewhere\` output left out the last ${plural(output.omitted, 'certificate')} of ${report.certificates.length}** (and every \`next\`) to stay under GitHub's output size: the table below shows as many as fit.`);
    else if (output.next !== 'whole')
        lines.push('', `The \`elsewhere\` output ${output.next === 'shortened' ? 'cuts each `next` short' : 'leaves out each `next`'} to stay under GitHub's output size: the Next column below has it.`);
    // Rows the output left out are in neither: only point to it when it has every certificate.
    const seeOutput = output.omitted > 0 ? '.' : ': see the elsewhere output.';
    const budget = { left: SECTION_BUDGET };
    const rows = fitting(report.certificates
        .slice(0, SHOWN)
        .map((c) => `<tr>${[c.issuer, c.serial, c.notAfter, c.ctId, c.where, c.status, nextCell(c)].map((cell) => `<td>${safe(cell)}</td>`).join('')}</tr>`), budget);
    const unshown = report.certificates.length - rows.length;
    lines.push('', '<table>', '<tr><th>Issuer</th><th>Serial</th><th>Not after</th><th>crt.sh ID</th><th>Where</th><th>Status</th><th>Next</th></tr>', ...rows, ...(unshown > 0 ? [`<tr><td colspan="7">\u2026 and ${unshown} more${seeOutput}</td></tr>`] : []), '</table>');
    const toReport = report.certificates.filter((c) => c.status === 'to-report' || c.status === 'unconfirmed');
    const asks = fitting(toReport
        .slice(0, SHOWN)
        .map((c) => `- serial ${safe(c.serial)} (${safe(c.issuer)}): ${safe((0,beyond_report/* nextStep */.sk)(c) ?? 'ask its CA to revoke it: key compromise')}`), budget);
    if (toReport.length > 0) {
        lines.push('', '**Whom to ask:**', '', ...asks);
        if (asks.length < toReport.length)
            lines.push(`- \u2026 and ${toReport.length - asks.length} more${seeOutput}`);
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/report/log.ts
/**
 * The only way the action prints to the workflow log. Every message is redacted of every registered secret,
 * loses its control characters, and cannot hold a workflow command: the runner reads a line that starts with
 * `::` as a command, and its older parser finds `##[name]` anywhere in a line, so a line that starts with `::`
 * is printed with its colons spaced apart, and every `##[` with its hashes spaced apart. The action's
 * own commands (`::error::`, `::warning::`, `::add-mask::`) are written by runner.ts, which escapes their
 * data. Methods are bound, so they can be handed around as plain functions.
 */


/**
 * A message for the log: redacted, each line without control characters, none of them a workflow command. It is
 * redacted again once the control characters are out, for a secret they split into parts too short to be found.
 */
function printable(message, redact) {
    return redact(message)
        .split(/\r\n|\r|\n/)
        .map((line) => {
        const indent = line.slice(0, line.search(/[^ ]|$/));
        // `##[` is a command anywhere in a line to the runner's legacy parser; `::` at its start, after spaces, to both.
        return `${indent}${redact((0,untrusted/* oneLine */.TN)(line))}`.replace(/##\[/g, '# #[').replace(/^(\s*)::/, '$1: :');
    })
        .join('\n');
}
class Log {
    secrets;
    constructor(secrets) {
        this.secrets = secrets;
    }
    safe = (message) => printable(message, this.secrets.redact);
    info = (message) => info(this.safe(message));
    warn = (message) => warning(this.safe(message));
    /** Something a person should act on that is not a failure (a request to approve). */
    notice = (message) => notice(this.safe(message));
    /** Marks the step failed with a message for the person reading the log. */
    fail = (message) => setFailed(this.safe(message));
}

// EXTERNAL MODULE: ./src/revocation/targets.ts
var revocation_targets = __nccwpck_require__(6126);
;// CONCATENATED MODULE: ./src/report/advice.ts
/** How the error of a target begins when the run was interrupted before CertCentral answered for it. */
const INTERRUPTED_BEFORE_ANSWER = 'no answer from CertCentral before the run was interrupted';
/** How it begins when the run was interrupted before anything was sent for the target. */
const INTERRUPTED_BEFORE_SENDING = 'the run was interrupted before a revoke request was sent for this target';
function adviceFor(result, context) {
    if (result.stillWaiting)
        return `Still waiting when wait-timeout ended: ${result.stillWaiting}.`;
    if (result.status === 'rejected') {
        return 'An administrator rejected this revoke request in CertCentral; ask why, then run again if it must be revoked.';
    }
    const error = result.error;
    if (!error)
        return '';
    // A missing code reads as "null", which no pattern below matches.
    const code = String(error.code);
    const status = error.http_status;
    const what = result.target.type === 'order' ? 'order' : 'certificate';
    if (/reissue/i.test(`${code} ${error.message}`)) {
        return "The certificate's order waits for a reissue, and CertCentral revokes nothing of it meanwhile: cancel the pending reissue in CertCentral (or let it complete), then run again.";
    }
    if (status === null && error.message.startsWith(INTERRUPTED_BEFORE_SENDING)) {
        return 'Nothing was sent to CertCentral for this target: run again.';
    }
    if (status === null && error.message.startsWith(INTERRUPTED_BEFORE_ANSWER)) {
        return 'Look in CertCentral (Certificates > Requests) for a revoke request of this target, then run again: a new run reuses an open request instead of filing a second one.';
    }
    if (status === null) {
        return "No answer from CertCentral: check the runner's network and proxy settings (https_proxy, no_proxy), then run again. A request that timed out may have arrived: check CertCentral's requests before you run again.";
    }
    if (status === 401 || /invalid_(api_)?key|unauthorized/i.test(code)) {
        return 'CertCentral did not accept the API key: check the api-key secret, that the key was not revoked (Automation > API Keys), and that region matches the account (us or eu).';
    }
    if (status === 403) {
        return context.skipApproval
            ? "The key's user lacks a permission. skip-approval needs the key of an administrator: use an admin's key, or drop skip-approval and have an administrator approve the request."
            : 'The key\'s user lacks a permission: a key restricted to "View Only" cannot revoke. Use a key of a user who may manage this certificate.';
    }
    if (status === 404) {
        const host = new URL(context.baseUrl).host;
        return `No such ${what} in the account of this key on ${host}: check the ${what === 'order' ? 'order ID' : 'certificate ID or serial number'}, and the region (us or eu).`;
    }
    if (status === 429) {
        return "CertCentral's rate limit was still exceeded after every attempt: another job may be using the same key. Run again in a few minutes, or raise max-attempts.";
    }
    if (status >= 500) {
        return "CertCentral or a proxy in front of it failed (often maintenance). Run again later; check CertCentral's requests first, as a 500 may have been carried out.";
    }
    return 'CertCentral refused the request: read its message above, fix the cause, and run again.';
}

;// CONCATENATED MODULE: ./src/report/messages.ts
/** What the log says: the plan, one line per result, and the failure message that ends a run that failed. */





function planLines(settings, targets) {
    if (targets.length === 0)
        return ['Nothing to revoke.'];
    const mode = settings.dryRun ? 'Dry run: nothing will be sent.' : `Revoking through ${new URL(settings.baseUrl).host}.`;
    return [
        `${mode} ${plural(targets.length, 'target')}:`,
        ...targets.map((target) => `  ${(0,revocation_targets/* describeTarget */.ff)(target)}${target.detail ? ` (${target.detail})` : ''}`)
    ];
}
function resultLine(result) {
    const id = result.requestId === null ? '' : `, request ${result.requestId}`;
    const dropped = result.reasonDropped
        ? ' (CertCentral did not accept revocation_reason: sent again without it, so no reason was recorded)'
        : '';
    const line = `${(0,revocation_targets/* describeTarget */.ff)(result.target)}: ${result.status}${id}${result.note ? ` (${result.note})` : ''}${dropped}`;
    return result.error || result.stillWaiting ? `${line}: ${failureText(result)}` : line;
}
/** Why a target failed, in one sentence: the rejection, or CertCentral's error. */
function failureText(result) {
    if (result.stillWaiting)
        return `${result.stillWaiting}.`;
    if (result.status === 'rejected')
        return `revoke request ${result.requestId} was rejected.`;
    return result.error ? `${(0,answers/* describeApiError */.gg)(result.error)}.`.replace(/\.\.$/, '.') : '';
}
/** One notice per target whose revoke request awaits approval: the request a person must approve. */
function pendingNotices(results) {
    return results
        .filter((r) => r.status === 'pending' && r.requestId !== null && !r.stillWaiting)
        .map((r) => `${(0,revocation_targets/* describeTarget */.ff)(r.target)}: revoke request ${r.requestId} awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved.`);
}
/** Why the alert stays open, or undefined when it was resolved. */
function alertProblem(alert) {
    if (alert.resolved)
        return undefined;
    if (alert.blocker === 'github')
        return alert.message;
    if (alert.blocker === 'pending') {
        const ids = alert.requestIds.join(', ');
        return `Secret scanning alert #${alert.number} stays open: revoke request${alert.requestIds.length === 1 ? '' : 's'} ${ids} await${alert.requestIds.length === 1 ? 's' : ''} an administrator's approval in CertCentral. A later run (for example the scheduled poll) finds the same request${alert.requestIds.length === 1 ? '' : 's'} and resolves the alert once approved.`;
    }
    if (alert.blocker === 'unconfirmed') {
        const ids = alert.requestIds.join(', ');
        return `Secret scanning alert #${alert.number} stays open: revoke request${alert.requestIds.length === 1 ? '' : 's'} ${ids} ${alert.requestIds.length === 1 ? 'was' : 'were'} filed by someone else and approved, but the certificate's CA (or the order's status) does not yet say it is revoked. A later run resolves the alert once it does.`;
    }
    if (alert.blocker === 'outside')
        return `Secret scanning alert #${alert.number} was left open because of certificates of the key outside this account: the run failed for them, or (with ct-search: require) Certificate Transparency could not be searched or live ones are not revoked (see "Outside this account").`;
    const because = {
        failures: 'a revocation failed',
        'incomplete-scan': 'the key scan did not find every certificate of the key',
        'over-cap': 'the key is on more certificates than max-revocations allows, so none was revoked'
    }[alert.blocker];
    return `Secret scanning alert #${alert.number} was left open because ${because}.`;
}
/**
 * The message that fails the step: each failed target with what went wrong and what to do next, then every
 * other problem. Undefined when there is nothing to fail for.
 */
function failureMessage(results, problems, context) {
    const failures = results.filter(revoke/* isFailure */.N6);
    const lines = [
        ...failures.map((r) => `- ${(0,revocation_targets/* describeTarget */.ff)(r.target)}: ${failureText(r)}\n  Next: ${adviceFor(r, context)}`),
        ...problems.map((problem) => `- ${problem}`)
    ];
    if (lines.length === 0)
        return undefined;
    return [failureHead(failures.length, results), ...lines].join('\n');
}
/** The first line of the failure message, by what happened: failed, sent, not sent in a dry run, or not needed. */
function failureHead(failures, results) {
    const total = results.length;
    if (failures > 0) {
        const others = theOthersWereSent(total - failures);
        return `${failures} of ${plural(total, 'revocation')} failed${others ? `; ${others}` : ''}.`;
    }
    if (total === 0)
        return 'Nothing was revoked:';
    // Only a dry run plans without sending; beside its planned targets are those the key scan settled (expired, revoked).
    if (results.some((r) => r.status === 'dry-run'))
        return 'Dry run: no revoke request was sent, but:';
    // A target settled before sending (already revoked, expired) or given an open request costs no request.
    const sent = results.filter((r) => r.attempts > 0).length;
    if (sent === total)
        return 'Every revocation was sent, but:';
    if (sent === 0)
        return `No revoke request was sent (${total === 1 ? 'the target was' : `all ${total} targets were`} already revoked, expired or requested), but:`;
    return `${sent} of ${plural(total, 'target')} needed a revoke request and ${sent === 1 ? 'it was' : 'each was'} sent (${total - sent === 1 ? 'the other was' : 'the others were'} already revoked, expired or requested), but:`;
}
function invalidInputsMessage(problems) {
    return `Invalid input; no revoke request was sent.\n${problems.map((p) => `- ${p}`).join('\n')}`;
}

// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary: what was asked, what CertCentral answered, what to do about failures. Every piece of text
 * is redacted in its raw form, then escaped, so it can never carry a secret or become HTML, Markdown or a link
 * on the page; and the whole stays under GitHub's 1 MiB limit, however many targets and however long the answers.
 */








/**
 * Splits what GitHub would turn into a link (a URL, `www.`, an e-mail address or @mention) with a zero-width space:
 * before every `://` and inside every `www.`, whatever comes before them (so `1https://` and `_www.` are not
 * linked either), and after every `@` before a word character.
 */
function unlinkable(text) {
    return text
        .replace(/:\/\//g, '\u200b://')
        .replace(/(www)\./gi, '$1\u200b.')
        .replace(/@(?=\w)/g, '@\u200b');
}
/**
 * Everything but letters, digits, space and a few harmless marks becomes a numeric character reference, and
 * bare URLs, `www.` and `@name` are split so that GitHub links none of them.
 */
function escapeText(text) {
    return unlinkable(text.replace(/\r\n|\r|\n/g, ' ')).replace(/[^A-Za-z0-9 .,:;/=+()-]/gu, (char) => `&#${char.codePointAt(0)};`);
}
const TITLE = '## DigiCert certificate revocation';
/** What the table and the advice may take, in UTF-8 bytes: the rest of the page is small, and GitHub drops a summary over 1 MiB. */
const SUMMARY_BUDGET = 900 * 1024;
/**
 * What the key scan's section may take, in UTF-8 bytes: with the table's budget and the section "Outside this
 * account" (elsewhere.ts), the page stays under 1 MiB. Its lines at their longest (five unchecked certificates whose
 * codes and messages are all 4-byte characters, each escaped to 10 bytes; 100 carriers, 100 expired) take less.
 */
const KEY_SCAN_BUDGET = 40 * 1024;
function renderSummary(results, context) {
    const safe = (text) => escapeText(context.redact(text));
    const host = new URL(context.baseUrl).host;
    const failed = results.filter(revoke/* isFailure */.N6);
    const budget = { left: SUMMARY_BUDGET };
    const lines = [
        TITLE,
        '',
        `**Mode:** ${context.dryRun ? 'dry run (no revoke request was sent)' : 'live'} &nbsp; **API host:** ${safe(host)}`,
        '',
        headline(results, failed.length, context.dryRun),
        '',
        ...(context.audit ? [auditLine(context.audit, results, context, safe), ''] : []),
        '<table>',
        '<tr><th>Type</th><th>Identifier</th><th>Status</th><th>Request ID</th><th>Date</th><th>Error</th></tr>',
        ...withinBudget(results.map((result) => () => row(result, safe)), budget, (more) => `<tr><td colspan="6">\u2026 and ${plural(more, 'more target')}: every target is in the results output.</td></tr>`),
        '</table>',
        ''
    ];
    if (results.some((r) => r.unreadable)) {
        lines.push('CertCentral accepted the requests marked *answer unreadable*, but its answer could not be read as a request object: check them in CertCentral.', '');
    }
    const noted = results.filter((result) => result.note || result.reasonDropped);
    if (noted.length > 0) {
        lines.push('### Notes', '');
        const notes = noted.map((result) => () => `- **${safe(`${result.target.type} ${identifierOf(result.target, false)}`)}:** ${safe(noteOf(result))}`);
        lines.push(...withinBudget(notes, budget, (more) => `- \u2026 and ${plural(more, 'more note')}: see the log.`), '');
    }
    if (failed.length > 0) {
        lines.push('### What to do next', '');
        const advice = failed.map((result) => () => `- **${safe(`${result.target.type} ${identifierOf(result.target, false)}`)}:** ${safe(adviceFor(result, context))}`);
        lines.push(...withinBudget(advice, budget, (more) => `- \u2026 and ${plural(more, 'more failed target')}: see the results output.`), '');
    }
    if (context.keyScan)
        lines.push(...keyScanSection(context.keyScan, safe), '');
    if (context.beyond)
        lines.push(...elsewhereSection(context.beyond, safe, context.elsewhereOutput), '');
    if (context.alert) {
        const why = alertProblem(context.alert);
        const outcome = context.alert.resolved ? 'resolved as revoked' : `not resolved${why ? `: ${safe(why)}` : ''}`;
        lines.push(`**Secret scanning alert #${context.alert.number}:** ${outcome}`, '');
    }
    return lines.join('\n');
}
/** The lines that fit in what is left of the budget, then one line that says how many more there are. */
function withinBudget(lines, budget, more) {
    const shown = [];
    for (const [index, render] of lines.entries()) {
        const line = render();
        const size = (0,untrusted/* utf8Bytes */.dy)(line) + 1;
        if (size > budget.left)
            return [...shown, more(lines.length - index)];
        budget.left -= size;
        shown.push(line);
    }
    return shown;
}
/**
 * What is true of the batch, never more: a pending request is not a revocation ("Nothing revoked yet: 2 requests
 * (1, 2) await approval in CertCentral."), and a target found already revoked was not "accepted".
 */
function headline(results, failures, dryRun) {
    const n = results.length;
    const targets = plural(n, 'target');
    if (n === 0)
        return 'Nothing to revoke.';
    if (dryRun)
        return `Would revoke ${targets}. Nothing was sent.`;
    const done = results.filter((r) => !(0,revoke/* isFailure */.N6)(r));
    const count = (wanted) => done.filter(wanted).length;
    const revoked = count((r) => r.status === 'revoked');
    const unconfirmed = count(revoke/* awaitsConfirmation */.Lg);
    const accepted = count((r) => (r.status === 'submitted' || r.status === 'approved') && !(0,revoke/* awaitsConfirmation */.Lg)(r));
    const expired = count((r) => r.status === 'expired');
    const pending = done.filter((r) => r.status === 'pending');
    const ids = pending.flatMap((r) => (r.requestId === null ? [] : [r.requestId]));
    const waiting = pending.length === 0
        ? ''
        : `${plural(pending.length, 'request')}${ids.length > 0 ? ` (${cut(ids.join(', '))})` : ''} await${pending.length === 1 ? 's' : ''} approval in CertCentral`;
    if (failures === 0 && accepted === n)
        return n === 1 ? 'The target was accepted by CertCentral.' : `All ${targets} accepted by CertCentral.`;
    if (failures === 0 && n === 1 && waiting === '') {
        if (revoked === 1)
            return 'The target was revoked.';
        if (expired === 1)
            return 'The target had expired before this run: nothing was sent.';
        return 'The target was approved on a request filed by someone else, but is not yet revoked according to its CA.';
    }
    const parts = [
        revoked > 0 ? `${revoked} revoked` : '',
        accepted > 0 ? `${accepted} accepted by CertCentral` : '',
        unconfirmed > 0 ? `${unconfirmed} approved on a request filed by someone else, not yet revoked according to its CA` : '',
        expired > 0 ? `${expired} expired before this run (nothing sent)` : ''
    ].filter((part) => part !== '');
    const sentence = parts.length === 0 ? `nothing revoked yet: ${waiting}` : `${parts.join(', ')}${waiting ? `; ${waiting}` : ''}`;
    if (failures === 0)
        return parts.length === 0 ? `Nothing revoked yet: ${waiting}.` : `Of ${targets}: ${sentence}.`;
    const others = n - failures;
    const rest = others === 0 ? '' : ` ${others === 1 ? 'The other' : 'Of the others'}: ${sentence}.`;
    return `**${failures} of ${targets} failed.**${rest}`;
}
function cut(list) {
    return list.length > 200 ? `${list.slice(0, 200)}\u2026` : list;
}
/** The note of a target, with what the log says of a reason CertCentral did not accept. */
function noteOf(result) {
    const dropped = result.reasonDropped
        ? 'CertCentral did not accept revocation_reason for this certificate, so the request was sent again without it: no reason was recorded'
        : '';
    return [result.note ?? '', dropped].filter((part) => part !== '').join('; ');
}
/** The audit line: the reason sent, whether approval was skipped, the comment, who started the run and how, the version. */
function auditLine(audit, results, context, safe) {
    const byKey = results.some((r) => r.target.source === 'private-key');
    const reason = audit.reason
        ? audit.reason
        : byKey
            ? "keyCompromise for the certificates that carry the leaked key; none for the others (CertCentral's default)"
            : "none (CertCentral's default)";
    const dropped = results.filter((r) => r.reasonDropped).length;
    return [
        `**Reason sent:** ${safe(reason)}${dropped > 0 ? ` (not accepted for ${plural(dropped, 'certificate')}: sent again without it)` : ''}`,
        `**Approval skipped:** ${context.skipApproval ? 'yes' : 'no'}`,
        // The comment is an input and the actor and event come from the runner: each cut, whatever its length.
        `**Comment:** ${safe((0,untrusted/* clean */.uH)(audit.comments, untrusted/* LIMITS */.b1.message))}`,
        `**Started by:** ${safe((0,untrusted/* clean */.uH)(audit.actor ?? 'unknown', untrusted/* LIMITS */.b1.code))} (event: ${safe((0,untrusted/* clean */.uH)(audit.eventName ?? 'unknown', untrusted/* LIMITS */.b1.code))})`,
        `**Action version:** ${safe(audit.version)}`
    ].join(' &nbsp; ');
}
function row(result, safe) {
    const { target } = result;
    const error = result.error
        ? (0,answers/* describeApiError */.gg)(result.error)
        : result.stillWaiting
            ? `still waiting: ${result.stillWaiting}`
            : result.unreadable
                ? 'answer unreadable'
                : '';
    const cells = [
        target.type,
        identifierOf(target),
        result.status,
        result.requestId === null ? '' : String(result.requestId),
        result.date ?? '',
        error
    ];
    return `<tr>${cells.map((cell) => `<td>${safe(cell)}</td>`).join('')}</tr>`;
}
/**
 * The key scan's lines within KEY_SCAN_BUDGET: its problems quote the API's messages, so the section is held to a
 * size of its own, whatever the account and the answers (everything it says is in the log too).
 */
function keyScanSection(scan, safe) {
    const lines = [];
    if (scan.key) {
        lines.push(`- **Key:** ${safe(scan.key.description)} from ${safe(scan.from)}, public key SHA-256 ${safe(scan.key.fingerprint)}`);
        lines.push(`- **Scanned:** ${scan.checked} certificates of the account's orders, duplicates and reissues (archived ones too) included (${scan.downloaded} downloaded, ${scan.checked - scan.downloaded} from the index; ${scan.requests} CertCentral requests)`);
        lines.push(`- **Carried by:** ${scan.matches.length === 0 ? 'no certificate found' : `certificates ${safe(listed(scan.matches))}`}`);
        if (scan.expired.length > 0)
            lines.push(`- **Expired, so not revoked:** ${safe(listed(scan.expired))}`);
    }
    for (const problem of keyScanProblems(scan))
        lines.push(`- **Problem:** ${safe(problem)}`);
    const more = (count) => `- \u2026 and ${plural(count, 'more line')} of the key scan, left out to fit the page: see the log.`;
    const shown = withinBudget(lines.map((line) => () => line), { left: KEY_SCAN_BUDGET }, more);
    return ['### Leaked private key', '', ...shown];
}
/** At most 100 IDs; the rest are in the matched-certificates output. */
function listed(ids) {
    return ids.length > 100 ? `${ids.slice(0, 100).join(', ')} and ${ids.length - 100} more (see matched-certificates)` : ids.join(', ');
}
/** `ID 123`, `serial 0A1B`, or with `detailed` what the table adds: `serial 0A1B (www.example.com, from PEM)`. */
function identifierOf(target, detailed = true) {
    const bare = target.source === 'serial-number' || target.source === 'certificate-pem' ? `serial ${target.id}` : `ID ${target.id}`;
    if (!detailed)
        return bare;
    if (target.source === 'private-key')
        return `${bare} (carries the leaked key)`;
    return target.detail ? `${bare} (${target.detail}, from PEM)` : bare;
}
function renderInvalidInputs(problems, redact) {
    const shown = problems.slice(0, 50);
    const more = problems.length - shown.length;
    return [
        TITLE,
        '',
        '**The inputs are invalid. No revoke request was sent.**',
        '',
        ...shown.map((problem) => `- ${escapeText(redact(problem))}`),
        ...(more > 0 ? [`- \u2026 and ${plural(more, 'more problem')} (see the log).`] : []),
        ''
    ].join('\n');
}
/** A run that ended in an error nobody planned for: what is known, and that nothing more can be said. */
function renderUnexpected(message, redact) {
    return [
        TITLE,
        '',
        '**The run ended with an unexpected error.** What was sent before it is in the log.',
        '',
        `- ${escapeText(redact(message))}`,
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/run-report.ts
/**
 * The end of every run, whatever its outcome: the outputs, the job summary, and the step's failure when there
 * is one. Everything written goes through the secrets' redaction.
 */











class RunReport {
    context;
    secrets;
    log;
    known = {};
    /** Set once the outputs and the summary are written: a run reports once, whatever happens after. */
    written = false;
    constructor(context, secrets, log) {
        this.context = context;
        this.secrets = secrets;
        this.log = log;
    }
    /** Adds to what the run knows so far. Bound, so it can be handed around. */
    know = (facts) => void Object.assign(this.known, facts);
    /** Adds one target's outcome to what is known. Bound. */
    knowResult = (result) => void (this.known.results ??= []).push(result);
    /**
     * The runner cancelled the job or it timed out (SIGINT, SIGTERM): the outputs and the summary of what is known
     * so far. A target without an answer is `failed` (its request may still have been filed, unless the run had not
     * yet begun revoking: it was reading the alert or scanning for the key), and so is an ACME
     * revocation without one; an interrupted key scan or CT search is incomplete; and the step fails.
     */
    interrupted(signal) {
        if (this.written)
            return;
        const { settings, targets = [], results = [], step, keyScan, beyond } = this.known;
        const when = step ? ` while ${step}` : '';
        const interruption = `The run was interrupted (${signal}: the job was cancelled or timed out)${when}; what it knew by then is reported.`;
        if (!settings) {
            this.endedEarly(interruption);
            return;
        }
        const byTarget = new Map(results.map((result) => [result.target, result]));
        const beforeRevoking = step === 'reading the alert' || step === 'scanning for the key';
        const reported = targets.map((target) => byTarget.get(target) ?? (settings.dryRun ? (0,revoke/* plannedOnly */.hT)(target) : unanswered(target, signal, beforeRevoking)));
        const scanNote = step === 'scanning for the key'
            ? ' The key scan did not end, so it is incomplete: other certificates of the account may carry the key; run again.'
            : '';
        const beyondKnown = beyond && (0,beyond_report/* interruptedBeyond */.u7)(beyond, signal);
        this.finished({ settings, results: reported, keyScan, beyond: beyondKnown }, `${interruption}${scanNote}`);
    }
    /** A run that got as far as revoking (or planning, in a dry run); `interruption` says why it ended early. */
    finished({ settings, results, keyScan, alert, beyond }, interruption) {
        if (this.written)
            return;
        const elsewhere = elsewhereOutputOf(beyond, this.secrets.redact);
        const summary = {
            elsewhereOutput: elsewhere,
            dryRun: settings.dryRun,
            baseUrl: settings.baseUrl,
            skipApproval: settings.skipApproval,
            alert,
            keyScan,
            beyond,
            redact: this.secrets.redact,
            audit: {
                ...(settings.revocationReason ? { reason: settings.revocationReason } : {}),
                comments: `${settings.comments} (each request's comment ends with its target's tag)`,
                actor: this.context.actor,
                eventName: this.context.eventName,
                version: version/* ACTION_VERSION */.Yt
            }
        };
        const interrupted = interruption ? `\n**Interrupted:** ${escapeText(this.secrets.redact(interruption))}\n` : '';
        this.writeSummary(renderSummary(results, summary) + interrupted);
        pendingNotices(results).forEach(this.log.notice);
        // An alert left open only because requests await approval is said, but is no failure: a later run resolves it.
        const waiting = alert && !alert.resolved && (alert.blocker === 'pending' || alert.blocker === 'unconfirmed');
        const alertStaysOpen = waiting ? alertProblem(alert) : undefined;
        if (alertStaysOpen)
            this.log.info(alertStaysOpen);
        const problems = [
            interruption,
            ...keyScanProblems(keyScan),
            ...(0,beyond_report/* beyondProblems */.Ic)(beyond, accountLiveCount(results), settings.dryRun, keyScan?.problem?.kind === 'no-match'),
            alert && !alertStaysOpen && alertProblem(alert)
        ].filter((problem) => !!problem);
        const failure = failureMessage(results, problems, summary);
        const outcome = runOutcome(results, settings.dryRun, failure !== undefined);
        writeOutputs({ ...buildOutputs(results, alert?.resolved ?? false, keyScan?.matches, this.secrets.redact, outcome), elsewhere: elsewhere.text }, this.secrets.redact);
        // Written once the outputs are: an outputs file that cannot be written still ends as an unexpected error.
        this.written = true;
        if (failure)
            this.log.fail(failure);
    }
    /** Invalid input: nothing was sent; the summary says what was wrong. */
    invalidInputs(problems) {
        if (this.written)
            return;
        this.written = true;
        this.attempt('The outputs', () => writeOutputs(buildOutputs([], false), this.secrets.redact));
        this.writeSummary(renderInvalidInputs(problems, this.secrets.redact));
        this.log.fail(invalidInputsMessage(problems));
    }
    /** An error nobody planned for: the outputs and the summary are still written, without a stack trace. */
    unexpected(error) {
        this.endedEarly(`Unexpected error: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    /** The outputs (empty) and a summary that says why the run ended before it knew its targets. */
    endedEarly(message) {
        if (this.written)
            return;
        this.written = true;
        this.attempt('The outputs', () => writeOutputs(buildOutputs([], false), this.secrets.redact));
        this.writeSummary(renderUnexpected(message, this.secrets.redact));
        this.log.fail(message);
    }
    /** Does what it can of the report: a file that cannot be written is said in the log, never a crash. */
    attempt(what, write) {
        try {
            write();
        }
        catch (error) {
            this.log.warn(`${what} could not be written (${(0,errors/* errorMessage */.gJ)(error)}).`);
        }
    }
    /**
     * Appends the job summary to the runner's file, as core.summary does, but synchronously: the run's only other
     * file work is synchronous too, and an asynchronous write would start libuv's thread pool for this alone.
     * Outside a runner (no GITHUB_STEP_SUMMARY) the log says so instead of failing the run.
     */
    writeSummary(markdown) {
        const path = this.context.summaryPath;
        if (!path) {
            this.log.warn('GITHUB_STEP_SUMMARY is not set, so no job summary was written (this is not a GitHub Actions runner).');
            return;
        }
        this.attempt('The job summary', () => (0,external_node_fs_.appendFileSync)(path, this.secrets.redact(markdown)));
    }
}
/**
 * A target the run had no answer for when it was interrupted: its request may have been filed all the same, unless
 * the run was interrupted before it began revoking.
 */
function unanswered(target, signal, beforeRevoking) {
    const message = beforeRevoking
        ? `${INTERRUPTED_BEFORE_SENDING} (${signal}): nothing was filed for it`
        : `${INTERRUPTED_BEFORE_ANSWER} (${signal}); a revoke request may have been filed all the same`;
    return { target, attempts: 0, status: 'failed', requestId: null, date: null, error: { code: null, message, http_status: null } };
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * One run of the action: read the inputs, find the certificates of a leaked key, plan the targets, revoke them,
 * follow them through (and beyond the account), resolve the alert, report. Every outcome writes the outputs and
 * the job summary, an interrupted run included.
 */













async function run(env = process.env, listenForInterruption) {
    const context = readRunContext(env);
    const secrets = new Secrets();
    const log = new Log(secrets);
    const report = new RunReport(context, secrets, log);
    // Interrupted, the run reports what it knows so far (report.know, as it goes).
    const stopListening = listenForInterruption?.((signal) => report.interrupted(signal));
    const { know } = report;
    let transport;
    try {
        const settings = readSettings(context, secrets);
        const scanning = settings.keyScan.key !== undefined || settings.keyScan.fromAlert;
        // The targets named in the inputs; a key scan adds those it finds.
        const named = (0,revocation_targets/* planTargets */.iS)(settings);
        know({ settings, targets: named, step: 'reading the alert' });
        (0,revocation_targets/* refuseOverSafetyCap */.jI)(named, settings.maxRevocations);
        const alertRead = await readAlertBeforeRevoking(settings.alert, log.warn);
        know({ step: scanning ? 'scanning for the key' : 'revoking' });
        if (settings.dryRun && !scanning) {
            // A dry run without a key to scan for asks nobody anything: the plan is the whole run, and the code that
            // would ask (steps.ts) is not even loaded.
            planLines(settings, named).forEach(log.info);
            const planned = named.map(revoke/* plannedOnly */.hT);
            planned.map(resultLine).forEach(log.info);
            report.finished({ settings, results: planned });
            return;
        }
        const { Authority, CertCentralApi, CertCentralTransport, RateLimiter, confirmReusedRequests, finishBeyondAccount, followThrough, openRequestsToReuse, realClock, resolveAlertIfTrue, revokeAll, scanForLeakedKey, settleKeyMatches, startCtSearch } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(942), __nccwpck_require__.e(676)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7676));
        const { baseUrl, apiKey, requestTimeoutMs: timeoutMs } = settings;
        transport = new CertCentralTransport({ baseUrl, apiKey, timeoutMs, redact: secrets.redact });
        // One limiter for the whole run: the scan's downloads and the revocations share the key's rate limit.
        const api = new CertCentralApi(transport, {
            limiter: new RateLimiter(),
            clock: realClock,
            maxAttempts: settings.maxAttempts,
            log: log.info
        });
        const keyScan = await scanForLeakedKey(settings, api, { context, secrets, log: log.info, warn: log.warn, alertRead });
        if (keyScan?.key)
            log.info(keyScanLine(keyScan));
        // What CT found and what was done about it, known as it goes: an interrupted run reports it too.
        const progress = (beyond) => know({ beyond });
        const beyondDeps = { clock: realClock, log: log.info, warn: log.warn, redact: secrets.redact, progress };
        const ctSearch = startCtSearch(settings, keyScan?.key, beyondDeps);
        let targets = (0,revocation_targets/* planTargets */.iS)(settings, keyScan?.matches);
        if (keyScan && targets.length > settings.maxRevocations) {
            // Beside any problem the scan had: a scan that was incomplete and over the cap is both.
            keyScan.overCap = { kind: 'over-cap', targets: targets.length, cap: settings.maxRevocations };
            targets = [];
        }
        planLines(settings, targets).forEach(log.info);
        know({ targets, keyScan, step: 'revoking' });
        // Only an order's status or a certificate's CA can say it is revoked: asked after a refusal, and by wait-for.
        // URLs from certificates reach no loopback or private address unless base-url is on one (a test, a mirror):
        // the run's one address rule (inputs/address-policies.ts), the same for CT, ACME and the CAs of what CT finds.
        const authority = new Authority(api, { settings, redact: secrets.redact });
        const settled = await settleKeyMatches(targets, keyScan, authority);
        const open = await openRequestsToReuse(targets.filter((target) => !settled.has(target)), settings, api, { warn: log.warn, notice: log.notice }, authority.locator);
        const sent = settings.dryRun
            ? targets.map((target) => settled.get(target) ?? (0,revoke/* plannedOnly */.hT)(target))
            : await revokeAll(targets, (target) => (0,revoke/* bodyFor */.kj)(settings, target), api, { settled, open, authority, onResult: report.knowResult });
        sent.map(resultLine).forEach(log.info);
        know({ results: sent, step: 'waiting' });
        const waitFor = settings.dryRun ? 'none' : settings.waitFor;
        // wait-timeout counts from here, the end of the revoke requests: for the account's wait and the ACME proof alike.
        const waitDeadline = realClock.now() + settings.waitTimeoutMs;
        const [followed, beyond] = await Promise.all([
            followThrough(sent, api, {
                waitFor,
                timeoutMs: settings.waitTimeoutMs,
                deadline: waitDeadline,
                authority,
                clock: realClock,
                log: log.info,
                progress: (results) => know({ results })
            }),
            finishBeyondAccount(ctSearch, { settings, keyScan, api, accountTargets: targets.length, locator: authority.locator }, { ...beyondDeps, waitDeadline })
        ]);
        // A request someone else filed counts once the target's authority says revoked.
        const results = await confirmReusedRequests(followed, authority);
        know({ results, step: 'resolving the alert' });
        if (waitFor !== 'none')
            results.map((result) => `After waiting: ${resultLine(result)}`).forEach(log.info);
        const facts = {
            dryRun: settings.dryRun,
            scanIncomplete: !!keyScan?.problem,
            overCap: !!keyScan?.overCap,
            ...(0,revoke/* batchFacts */.wy)(results),
            outside: (0,beyond_report/* beyondFacts */.Pf)(beyond, {
                accountLive: accountLiveCount(results),
                dryRun: settings.dryRun,
                // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: never counts here, only keeps `blocks` the report's own judgement (run-report.ts): the alert rule reads `outside` only after a complete key scan, and no-match is a scan problem (scanIncomplete).
                noMatch: keyScan?.problem?.kind === 'no-match'
            })
        };
        const alert = await resolveAlertIfTrue(settings.alert, facts, context);
        if (alert?.resolved)
            log.info(`Resolved secret scanning alert #${alert.number} as revoked.`);
        report.finished({ settings, results, keyScan, alert, beyond });
    }
    catch (error) {
        if (error instanceof errors/* InvalidInputs */.hS)
            report.invalidInputs(error.problems);
        else
            report.unexpected(error);
    }
    finally {
        stopListening?.();
        transport?.dispose();
    }
}

;// CONCATENATED MODULE: ./src/index.ts
/** The action's entry point, as the runner starts it: `node dist/index.js`. run() reports its own failures. */

/**
 * The runner cancels a job, or ends it at its timeout, with SIGINT then SIGTERM (then kills it). Node's default
 * would end the process at once, without outputs or summary: instead the run reports what it knows and the step
 * fails.
 */
const listenForInterruption = (handler) => {
    const signals = ['SIGINT', 'SIGTERM'];
    const listener = (signal) => {
        handler(signal);
        process.exit(1);
    };
    for (const signal of signals)
        process.on(signal, listener);
    return () => signals.forEach((signal) => process.off(signal, listener));
};
void run(process.env, listenForInterruption).finally(() => {
    // Every output and the summary are written by now. A socket that a proxy left half-open, or a question to a CA
    // that the wait abandoned at its deadline, must not keep the job running: if anything still holds the process,
    // it ends shortly; otherwise this timer never fires.
    setTimeout(() => process.exit(), 2000).unref();
});

