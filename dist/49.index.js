export const id = 49;
export const ids = [49];
export const modules = {

/***/ 6049:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   revokeWithKey: () => (/* binding */ revokeWithKey)
/* harmony export */ });
/* unused harmony exports algorithmFor, readDirectory, readProblem */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _ca_fetch_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3700);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(873);
/**
 * Revocation at an ACME server, authorised by the certificate's own key (RFC 8555 \u00a77.6): the directory, a fresh
 * nonce (`HEAD newNonce`), then `POST revokeCert` with a flattened JWS whose protected header carries the key's
 * public `jwk` (not a `kid`), the nonce and the URL, and whose payload is the certificate and reason 1
 * (keyCompromise). The private key signs; only its public half leaves the process.
 *
 * JOSE is the `jose` library, loaded here only when a run revokes through ACME: import this module with
 * `await import('./acme/revoke-cert.js')`, never statically.
 */



const PROBLEM = 'urn:ietf:params:acme:error:';
const MAX_ANSWER_BYTES = 64 * 1024;
/** RFC 8555 \u00a76.2 and RFC 7518: the signature algorithm of each key type the action reads. */
const EC_ALGORITHMS = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
/** The JWS algorithm for the key, or undefined for a key ACME cannot sign with. */
function algorithmFor(key) {
    if (key.asymmetricKeyType === 'rsa')
        return 'RS256';
    // Only an EC key names a curve (a secret key has no details at all).
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve && EC_ALGORITHMS[curve];
}
async function revokeWithKey(directoryUrl, certificateDer, key, options) {
    const outside = (text) => (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .clean */ .uH)((options.redact ?? ((t) => t))(text), 300);
    const alg = algorithmFor(key);
    if (!alg)
        return { status: 'failed', type: null, detail: 'the key cannot sign an ACME request (RSA, or EC P-256, P-384 or P-521)' };
    const { addresses } = options;
    // Redirects are answers, not followed: a signed request must reach the URL it names and no other.
    const send = (method, url, body) => (0,_ca_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .fetchBytes */ .ci)(
    // fetchBytes sends the content type with a body only.
    { method, url, accept: 'application/json', followRedirects: false, body, contentType: 'application/jose+json' }, { timeoutMs: options.timeoutMs, maxBytes: MAX_ANSWER_BYTES, userAgent: options.userAgent, addresses });
    try {
        // Stryker disable next-line StringLiteral: Node's http.request sends an empty method as GET, so '' asks the same
        const directory = await send('GET', directoryUrl);
        if (directory.status !== 200)
            return failed(directory, 'the ACME directory', outside);
        const urls = readDirectory(directory.body, directoryUrl);
        if (typeof urls === 'string')
            return { status: 'failed', type: null, detail: urls };
        const nonceAnswer = await send('HEAD', urls.newNonce);
        let nonce = replayNonce(nonceAnswer);
        if (!nonce)
            return { status: 'failed', type: null, detail: `the ACME server gave no nonce (HEAD newNonce answered HTTP ${nonceAnswer.status})` };
        const { FlattenedSign, exportJWK } = await __webpack_require__.e(/* import() */ 786).then(__webpack_require__.bind(__webpack_require__, 3786));
        const jwk = await exportJWK((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key));
        const payload = new TextEncoder().encode(JSON.stringify({ certificate: certificateDer.toString('base64url'), reason: 1 }));
        for (let attempt = 1;; attempt++) {
            const jws = await new FlattenedSign(payload).setProtectedHeader({ alg, jwk, nonce, url: urls.revokeCert }).sign(key);
            const answer = await send('POST', urls.revokeCert, JSON.stringify(jws));
            if (answer.status === 200)
                return { status: 'submitted', detail: 'the ACME server accepted the revocation' };
            const problem = readProblem(answer);
            if (problem.type === `${PROBLEM}alreadyRevoked`)
                return {
                    status: 'revoked',
                    detail: `already revoked, according to the ACME server (${outside(problem.detail ?? 'alreadyRevoked')})`
                };
            const fresh = replayNonce(answer);
            if (problem.type === `${PROBLEM}badNonce` && fresh && attempt < options.maxAttempts) {
                nonce = fresh;
                continue;
            }
            return failed(answer, 'the revocation', outside, problem);
        }
    }
    catch (error) {
        if (!(error instanceof _ca_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .FetchFailure */ .f_))
            throw error;
        // The address rule's refusal names the host and why (refused 169.254.169.254: a link-local \u2026 address).
        const why = /^refused /.test(error.message) ? 'an ACME URL was not asked' : 'the ACME server could not be reached';
        return { status: 'failed', type: null, detail: `${why}: ${outside(error.message)}` };
    }
}
/** The `revokeCert` and `newNonce` URLs of a directory: absolute, and https unless the directory itself is on http. */
function readDirectory(body, directoryUrl) {
    let parsed;
    try {
        parsed = JSON.parse(body.toString('utf8'));
    }
    catch {
        return 'the ACME directory is not JSON';
    }
    // JSON but not an object (null, a string, a number) names no URL.
    const fields = (parsed instanceof Object ? parsed : {});
    const urls = {};
    for (const name of ['revokeCert', 'newNonce']) {
        const value = fields[name];
        const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
        if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && new URL(directoryUrl).protocol === 'http:')))
            return `the ACME directory names no usable ${name} URL`;
        urls[name] = url.href;
    }
    return { revokeCert: urls.revokeCert, newNonce: urls.newNonce };
}
function replayNonce(answer) {
    const value = answer.headers['replay-nonce'];
    const nonce = Array.isArray(value) ? value[0] : value;
    // RFC 8555 \u00a76.5.1: base64url.
    return nonce && /^[A-Za-z0-9_-]{1,512}$/.test(nonce) ? nonce : undefined;
}
/** An RFC 7807 problem document's type and detail, when the answer is one. */
function readProblem(answer) {
    try {
        const parsed = JSON.parse(answer.body.toString('utf8'));
        return {
            ...(typeof parsed.type === 'string' ? { type: parsed.type } : {}),
            ...(typeof parsed.detail === 'string' ? { detail: parsed.detail } : {})
        };
    }
    catch {
        return {};
    }
}
function failed(answer, what, outside, problem = readProblem(answer)) {
    const type = problem.type ? outside(problem.type) : null;
    const detail = problem.detail ? outside(problem.detail) : 'no problem document';
    return { status: 'failed', type, detail: `${what} was refused with HTTP ${answer.status}${type ? ` (${type})` : ''}: ${detail}` };
}


/***/ })

};
