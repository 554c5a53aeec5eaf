export const id = 654;
export const ids = [654];
export const modules = {

/***/ 3654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  askCa: () => (/* binding */ askCa)
});

// UNUSED EXPORTS: DEFAULT_MAX_CRL_BYTES, DEFAULT_MAX_OCSP_BYTES, MAX_URLS

// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./node_modules/asn1js/build/index.js + 12 modules
var build = __webpack_require__(1603);
// EXTERNAL MODULE: ./node_modules/pkijs/build/index.js + 18 modules
var pkijs_build = __webpack_require__(6772);
;// CONCATENATED MODULE: ./src/ca/check.ts
const noAnswer = (why) => ({ answered: false, why });

// EXTERNAL MODULE: ./src/ca/fetch.ts + 1 modules
var fetch = __webpack_require__(3700);
// EXTERNAL MODULE: ./src/ca/pki.ts
var pki = __webpack_require__(3020);
;// CONCATENATED MODULE: ./src/ca/crl.ts
/**
 * CRLs (RFC 5280): fetched from a distribution point the certificate names, believed only when the issuer signed
 * them, they are current, and they are complete for this certificate: not a delta CRL, no critical extension the
 * action does not know, and an Issuing Distribution Point (if any) for the URL fetched and a scope that covers the
 * certificate. The certificate is revoked when its serial number is listed.
 */





/** Fetches one CRL and reads it. */
async function askCrl(url, leaf, issuer, context) {
    context.log(`reading the CRL ${context.outside(url)}`);
    try {
        const fetched = await (0,fetch/* fetchBytes */.ci)({ method: 'GET', url, accept: 'application/pkix-crl, */*' }, context);
        if (fetched.status !== 200)
            return noAnswer((0,fetch/* httpProblem */.SK)(fetched, context.outside));
        return await readCrl(fetched.body, leaf, issuer, context.now(), url);
    }
    catch (error) {
        if (!(error instanceof fetch/* FetchFailure */.f_))
            throw error;
        return noAnswer(context.outside(error.message, 120));
    }
}
/**
 * Reads and verifies a CRL (DER, or PEM) and looks for `leaf` in it, at `now`; `url` is the distribution point it
 * was fetched from (the certificate's), which an Issuing Distribution Point that names one must name.
 */
async function readCrl(body, leaf, issuer, now, url) {
    let crl;
    try {
        crl = pkijs_build/* CertificateRevocationList */.kNr.fromBER(der(body));
    }
    catch {
        return noAnswer('the answer is not a CRL');
    }
    if (!crl.issuer.isEqual(issuer.subject))
        return noAnswer('the CRL is from another issuer');
    // Verified here rather than by PKI.js's verify(), which says false for a critical extension it does not know
    // (and this module says why it does not use such a CRL).
    if (!(await (0,pki/* signedWith */.vH)(crl.tbsView, crl.signatureValue, issuer.subjectPublicKeyInfo, crl.signatureAlgorithm)))
        return noAnswer('signature does not verify');
    const stale = (0,pki/* freshness */.I9)(crl.thisUpdate.value, crl.nextUpdate?.value, now, pki/* MAX_AGE_MS */.ON.crl);
    if (stale)
        return noAnswer(`the CRL is not current: ${stale}`);
    const incomplete = extensionProblem(crl) ?? scopeProblem(crl, leaf, url);
    if (incomplete)
        return noAnswer(`the CRL is not used: ${incomplete}`);
    const at = (0,pki/* iso */.KH)(crl.thisUpdate.value);
    const entry = crl.revokedCertificates?.find((revoked) => revoked.userCertificate.isEqual(leaf.serialNumber));
    if (!entry)
        return { answered: true, state: 'good', at };
    const reason = entry.crlEntryExtensions?.extensions.find((extension) => extension.extnID === pki/* OID */.Vx.crlReason);
    const code = reason ? build/* fromBER */.mH(reason.extnValue.valueBlock.valueHexView).result : undefined;
    return (0,pki/* listed */.KE)(at, (0,pki/* iso */.KH)(entry.revocationDate.value), code instanceof build/* Enumerated */.ns ? code.valueBlock.valueDec : undefined);
}
/** CRL extensions understood here (RFC 5280, 5.2), whether marked critical or not. */
const KNOWN_CRL_EXTENSIONS = new Set([
    pki/* OID */.Vx.authorityKeyIdentifier,
    pki/* OID */.Vx.issuerAltName,
    pki/* OID */.Vx.crlNumber,
    pki/* OID */.Vx.issuingDistributionPoint,
    pki/* OID */.Vx.freshestCrl,
    pki/* OID */.Vx.authorityInfoAccess
]);
/** CRL entry extensions understood here (RFC 5280, 5.3); certificateIssuer belongs to indirect CRLs, not read. */
const KNOWN_ENTRY_EXTENSIONS = new Set([pki/* OID */.Vx.crlReason, pki/* OID */.Vx.invalidityDate, pki/* OID */.Vx.holdInstructionCode]);
/** Why the CRL cannot be used as a complete list: a delta CRL, or a critical extension not understood. */
function extensionProblem(crl) {
    const extensions = crl.crlExtensions?.extensions;
    if (extensions?.some((extension) => extension.extnID === pki/* OID */.Vx.deltaCrlIndicator))
        return 'it is a delta CRL (it lists only the changes since a full CRL)';
    const unknown = extensions?.find((extension) => extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.extnID));
    if (unknown)
        return `it has a critical extension the action does not know (${unknown.extnID})`;
    // Stryker disable next-line ArrayDeclaration: an element that is no entry has no crlEntryExtensions, so it is passed over as no element is
    for (const entry of crl.revokedCertificates ?? []) {
        const critical = entry.crlEntryExtensions?.extensions.find((e) => e.critical && !KNOWN_ENTRY_EXTENSIONS.has(e.extnID));
        if (critical)
            return `an entry has a critical extension the action does not know (${critical.extnID})`;
    }
    return undefined;
}
/**
 * Why the CRL does not cover `leaf` as fetched from `url`, by its Issuing Distribution Point (RFC 5280, 5.2.5 and
 * 6.3.3): a partitioned CRL is for the distribution point it names, and for the certificates and reasons it says.
 */
function scopeProblem(crl, leaf, url) {
    const extension = crl.crlExtensions?.extensions.find((e) => e.extnID === pki/* OID */.Vx.issuingDistributionPoint);
    if (!extension)
        return undefined;
    const point = extension.parsedValue;
    if (!(point instanceof pkijs_build/* IssuingDistributionPoint */.bRj) || 'parsingError' in point)
        return 'its Issuing Distribution Point cannot be read';
    if (point.indirectCRL)
        return 'it is an indirect CRL (it lists certificates of other issuers too), which the action does not read';
    if (point.onlyContainsAttributeCerts)
        return 'it lists only attribute certificates';
    if (point.onlySomeReasons !== undefined)
        return 'it lists only some revocation reasons';
    const ca = isCa(leaf);
    if (point.onlyContainsCACerts && !ca)
        return 'it lists only CA certificates';
    if (point.onlyContainsUserCerts && ca)
        return 'it lists only end-entity certificates';
    const names = point.distributionPoint;
    if (names === undefined)
        return undefined;
    // Stryker disable next-line ConditionalExpression: sameUrl(undefined) is undefined too (the URL parser throws on it), the test is for the type
    const fetched = url === undefined ? undefined : sameUrl(url);
    // No name is undefined: a CRL that names a distribution point is not used when the URL fetched is not known.
    if (!Array.isArray(names) || !(0,pki/* uris */.UW)(names).some((name) => sameUrl(name) === fetched))
        return 'its Issuing Distribution Point names another URL than the one it was fetched from';
    return undefined;
}
/** A URL as the URL parser writes it (host case, default port), for comparing; the text itself if it is no URL. */
function sameUrl(text) {
    try {
        return new URL(text).href;
    }
    catch {
        return text;
    }
}
function isCa(certificate) {
    const extension = certificate.extensions?.find((e) => e.extnID === pki/* OID */.Vx.basicConstraints);
    return extension?.parsedValue instanceof pkijs_build/* BasicConstraints */.N71 && extension.parsedValue.cA === true;
}
/** CRLs over HTTP are DER (RFC 5280, 4.2.1.13); a PEM one is taken too. */
function der(body) {
    const text = Buffer.from(body.subarray(0, 64)).toString('latin1');
    if (!text.startsWith('-----BEGIN X509 CRL-----'))
        return body;
    const match = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+?)-----END X509 CRL-----/.exec(Buffer.from(body).toString('latin1'));
    return match ? Buffer.from(match[1].replace(/\s/g, ''), 'base64') : body;
}

;// CONCATENATED MODULE: ./src/ca/ocsp.ts




const REQUEST_TYPE = 'application/ocsp-request';
const RESPONSE_TYPE = 'application/ocsp-response';
/** OCSPResponseStatus, for a responder that answers but not with a status. */
const RESPONSE_STATUS = {
    1: 'malformedRequest',
    2: 'internalError',
    3: 'tryLater',
    5: 'sigRequired',
    6: 'unauthorized'
};
/** The DER of an OCSPRequest for `leaf`: one Request, CertID with SHA-1 hashes of the issuer's name and key. */
async function ocspRequest(leaf, issuer) {
    const request = new pkijs_build/* OCSPRequest */.JEc();
    await request.createForCertificate(leaf, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer }, pki/* engine */.Hi);
    return new Uint8Array(request.toSchema(true).toBER(false));
}
/** Asks one responder: POST, or GET when POST got no usable HTTP answer; then reads and verifies the answer. */
async function askResponder(url, request, leaf, issuer, context) {
    context.log(`asking the OCSP responder ${context.outside(url)}`);
    const fetched = await exchange(url, request, context);
    if (typeof fetched === 'string')
        return noAnswer(fetched);
    return readAnswer(fetched.body, leaf, issuer, context.now());
}
async function exchange(url, request, context) {
    const post = await attempt({ method: 'POST', url, accept: RESPONSE_TYPE, body: request, contentType: REQUEST_TYPE }, context);
    if (!('why' in post))
        return post;
    if (post.final)
        return post.why;
    context.log(`the OCSP responder did not take a POST (${post.why}); asking by GET`);
    const get = await attempt({ method: 'GET', url: getUrl(url, request), accept: RESPONSE_TYPE }, context);
    if (!('why' in get))
        return get;
    return get.why === post.why ? post.why : `POST: ${post.why}; GET: ${get.why}`;
}
/** An HTTP 200 answer, or why there was none (`final`: asking again by GET would not help). */
async function attempt(exchange, context) {
    try {
        const fetched = await (0,fetch/* fetchBytes */.ci)(exchange, context);
        if (fetched.status === 200)
            return fetched;
        return { why: (0,fetch/* httpProblem */.SK)(fetched, context.outside), final: false };
    }
    catch (error) {
        if (!(error instanceof fetch/* FetchFailure */.f_))
            throw error;
        return { why: context.outside(error.message, 120), final: error.final };
    }
}
/** RFC 6960 appendix A.1: the URL-encoded base64 of the DER request, as a path segment of the responder's URL. */
function getUrl(url, request) {
    return `${url.endsWith('/') ? url : `${url}/`}${encodeURIComponent(Buffer.from(request).toString('base64'))}`;
}
/** Reads and verifies an OCSP answer about `leaf` at `now`. */
async function readAnswer(der, leaf, issuer, now) {
    let response;
    try {
        response = pkijs_build/* OCSPResponse */.ZHh.fromBER(der);
    }
    catch {
        return noAnswer('the answer is not an OCSP response');
    }
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0)
        return noAnswer(`the responder answered ${RESPONSE_STATUS[status] ?? `status ${status}`}`);
    if (response.responseBytes?.responseType !== pki/* OID */.Vx.basicOcspResponse)
        return noAnswer('the answer is not a basic OCSP response');
    let basic;
    try {
        basic = pkijs_build/* BasicOCSPResponse */.VB3.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    }
    catch {
        return noAnswer('the basic OCSP response could not be read');
    }
    const unsigned = await signatureProblem(basic, issuer, now);
    if (unsigned)
        return noAnswer(unsigned);
    const single = await singleResponseFor(basic, leaf, issuer);
    if (!single)
        return noAnswer('the OCSP answer is about another certificate (no matching CertID)');
    const stale = (0,pki/* freshness */.I9)(single.thisUpdate, single.nextUpdate, now, pki/* MAX_AGE_MS */.ON.ocsp);
    if (stale)
        return noAnswer(`the OCSP answer is not current: ${stale}`);
    return certStatus(single);
}
/**
 * Undefined when the answer's signature verifies with the issuer's key, or with a certificate in the answer
 * that the issuer signed, that has id-kp-OCSPSigning and that is valid at `now` (a delegated responder); else
 * what is wrong.
 */
async function signatureProblem(basic, issuer, now) {
    const data = basic.tbsResponseData.tbsView;
    if (await (0,pki/* signedWith */.vH)(data, basic.signature, issuer.subjectPublicKeyInfo, basic.signatureAlgorithm))
        return undefined;
    let problem = 'the OCSP answer was not signed by the issuer or a responder it delegated';
    // Stryker disable next-line ArrayDeclaration: whatever is not a certificate fails signedWith (which never throws) and is skipped
    for (const responder of basic.certs ?? []) {
        if (!(await (0,pki/* signedWith */.vH)(data, basic.signature, responder.subjectPublicKeyInfo, basic.signatureAlgorithm)))
            continue;
        if (!(await (0,pki/* issuedBy */.T1)(responder, issuer))) {
            problem = 'the OCSP answer was signed by a responder certificate that the issuer did not sign';
        }
        else if (!(0,pki/* canSignOcsp */.BA)(responder)) {
            problem = 'the OCSP answer was signed by a certificate of the issuer that is not delegated to sign OCSP (no id-kp-OCSPSigning)';
        }
        else if (!(0,pki/* validAt */.AN)(responder, now)) {
            problem = 'the OCSP answer was signed by a delegated responder certificate that is not valid now';
        }
        else {
            return undefined;
        }
    }
    return problem;
}
/** The SingleResponse whose CertID (hash algorithm, issuer name hash, issuer key hash, serial) is the leaf's. */
async function singleResponseFor(basic, leaf, issuer) {
    for (const single of basic.tbsResponseData.responses) {
        const certId = await certIdFor(leaf, issuer, single.certID.hashAlgorithm.algorithmId);
        if (certId && single.certID.isEqual(certId))
            return single;
    }
    return undefined;
}
/** The leaf's CertID with the hash algorithm `hashOid`; undefined when PKI.js and WebCrypto cannot hash with it. */
async function certIdFor(leaf, issuer, hashOid) {
    const certId = new pkijs_build/* CertID */.KXr();
    try {
        // Stryker disable next-line BooleanLiteral: without safety an unknown OID gives {}, and createForCertificate throws for its missing name into the same catch
        const { name } = pki/* engine */.Hi.getAlgorithmByOID(hashOid, true);
        await certId.createForCertificate(leaf, { hashAlgorithm: name, issuerCertificate: issuer }, pki/* engine */.Hi);
    }
    catch {
        return undefined; // an OID that names no hash, or one WebCrypto lacks: certId is half made, and must not match
    }
    return certId;
}
/**
 * CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
 * RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
 * PKI.js has read the answer against these definitions (any other certStatus makes the answer unreadable), so the
 * tag says which of the three it is, and the blocks are of the types they give.
 */
function certStatus(single) {
    const at = (0,pki/* iso */.KH)(single.thisUpdate);
    const status = single.certStatus;
    if (status.idBlock.tagNumber === 0)
        return { answered: true, state: 'good', at };
    if (status.idBlock.tagNumber === 2)
        return { answered: true, state: 'unknown', at };
    const [time, reason] = status.valueBlock.value;
    const code = reason?.valueBlock.value[0];
    return (0,pki/* listed */.KE)(at, (0,pki/* iso */.KH)(time.toDate()), code?.valueBlock.valueDec);
}

;// CONCATENATED MODULE: ./src/ca/ask-ca.ts
/**
 * Asks a certificate's CA whether it is revoked (SPEC, "Asking the CA"): the OCSP responders that the certificate
 * names (Authority Information Access) first, then the CRLs it names (CRL Distribution Points), http and https
 * only. An answer counts only once verified: its signature (the issuer's, or an OCSP responder the issuer
 * delegated), that it is about this certificate, and that it is current; anything else counts as no answer.
 *
 * This module and PKI.js behind it are loaded only by runs that ask a CA: import it with
 * `await import('./ca/ask-ca.js')`, never statically, so a run that asks no CA starts as fast as before.
 */





const DEFAULT_MAX_OCSP_BYTES = 1024 * 1024;
const DEFAULT_MAX_CRL_BYTES = 20 * 1024 * 1024;
const DEFAULT_USER_AGENT = 'digicert-revoke-action';
/** Of each kind (OCSP responders, CRLs), at most this many URLs are asked: each may take the whole timeout. */
const MAX_URLS = 3;
/** What the CA says about `leafPem`, issued by `issuerPem`. Never throws for anything from outside. */
async function askCa(leafPem, issuerPem, options) {
    const now = options.now ?? (() => new Date());
    const log = options.log ?? (() => undefined);
    const redact = options.redact ?? ((text) => text);
    const outside = (text, limit = untrusted/* LIMITS */.b1.quote) => (0,untrusted/* clean */.uH)(redact(text), limit);
    const verdict = (found) => ({
        ...found,
        checkedAt: (0,pki/* iso */.KH)(now()),
        detail: (0,untrusted/* clean */.uH)(found.detail, untrusted/* LIMITS */.b1.message)
    });
    let leaf, issuer;
    try {
        leaf = (0,pki/* readCertificate */.w$)(leafPem);
    }
    catch {
        return verdict({ state: 'not-checkable', detail: 'the certificate could not be read' });
    }
    try {
        issuer = (0,pki/* readCertificate */.w$)(issuerPem);
    }
    catch {
        return verdict({ state: 'not-checkable', detail: "the issuer's certificate could not be read" });
    }
    if (!(await (0,pki/* issuedBy */.T1)(leaf, issuer)))
        return verdict({ state: 'not-checkable', detail: 'the certificate given as its issuer did not sign it' });
    const ignored = [];
    const usable = (urls, what) => {
        const web = urls.filter((url) => {
            try {
                (0,fetch/* webUrl */.qP)(url);
                return true;
            }
            catch {
                log(`ignoring the ${what} ${outside(url)}: only http and https are asked`);
                ignored.push(outside(/^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'an invalid URL', 20));
                return false;
            }
        });
        if (web.length > MAX_URLS)
            log(`asking only the first ${MAX_URLS} of the ${web.length} ${what} URLs the certificate names`);
        return web.slice(0, MAX_URLS);
    };
    const responders = usable((0,pki/* ocspUrls */.cI)(leaf), 'OCSP responder');
    const crls = usable((0,pki/* crlUrls */.Ic)(leaf), 'CRL');
    if (responders.length === 0 && crls.length === 0) {
        const note = ignored.length > 0 ? ` (ignored: ${[...new Set(ignored)].join(', ')})` : '';
        return verdict({ state: 'not-checkable', detail: `the certificate names no OCSP responder and no CRL over http or https${note}` });
    }
    const context = {
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxOcspBytes ?? DEFAULT_MAX_OCSP_BYTES,
        userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
        addresses: options.addresses,
        now,
        log,
        outside
    };
    // OCSP first: the freshest answer, and the one browsers ask.
    let ocspWhy = 'the certificate names no responder';
    let unknown;
    if (responders.length > 0) {
        const request = await ocspRequest(leaf, issuer);
        const whys = [];
        for (const url of responders) {
            const check = await askResponder(url, request, leaf, issuer, context);
            if (check.answered && check.state !== 'unknown')
                return verdict(said(check, 'ocsp'));
            if (check.answered) {
                log(`the OCSP responder ${outside(url)} does not know this certificate; reading the CRL`);
                unknown = check;
                break;
            }
            log(`no usable answer from the OCSP responder ${outside(url)}: ${check.why}`);
            whys.push(check.why);
        }
        ocspWhy = distinct(whys);
    }
    // Then the CRL: when there is no responder, it does not answer, its answer cannot be verified, or it does not
    // know the certificate.
    const crlContext = { ...context, maxBytes: options.maxCrlBytes ?? DEFAULT_MAX_CRL_BYTES };
    const whys = [];
    for (const url of crls) {
        const check = await askCrl(url, leaf, issuer, crlContext);
        if (check.answered) {
            if (unknown && check.state === 'good') {
                return verdict({
                    state: 'unknown',
                    source: 'ocsp',
                    detail: `the OCSP responder does not know this certificate (at ${unknown.at}); not listed in the CRL at ${check.at}`
                });
            }
            const found = said(check, 'crl');
            return verdict(unknown || responders.length === 0 ? found : { ...found, detail: `${found.detail} (OCSP: ${ocspWhy})` });
        }
        log(`no usable CRL from ${outside(url)}: ${check.why}`);
        whys.push(check.why);
    }
    const crlWhy = crls.length > 0 ? distinct(whys) : 'the certificate names no CRL';
    if (unknown)
        return verdict({
            state: 'unknown',
            source: 'ocsp',
            detail: `the OCSP responder does not know this certificate (at ${unknown.at}); CRL: ${crlWhy}`
        });
    return verdict({ state: 'no-answer', detail: `OCSP: ${ocspWhy}; CRL: ${crlWhy}` });
}
/** A verified answer as a verdict, in words. */
function said(check, source) {
    const according = source === 'ocsp' ? `according to OCSP at ${check.at}` : `according to the CRL at ${check.at}`;
    if (check.state === 'revoked') {
        const reason = check.reason ? ` (${check.reason})` : '';
        const detail = `revoked at ${check.revokedAt}${reason} ${according}`;
        return { state: 'revoked', source, revokedAt: check.revokedAt, ...(check.reason ? { reason: check.reason } : {}), detail };
    }
    if (check.state === 'on-hold')
        return {
            state: 'on-hold',
            source,
            revokedAt: check.revokedAt,
            detail: `on hold since ${check.revokedAt} (certificateHold, not a revocation) ${according}`
        };
    // A responder's `unknown` never comes here (askCa reads the CRL instead), and a CRL never says it: the last line
    // is there for the type only.
    // Stryker disable next-line ConditionalExpression: `unknown` never comes here, so `good` is the only state left
    if (check.state === 'good')
        return { state: 'good', source, detail: `not yet revoked ${according}` };
    // Stryker disable next-line ObjectLiteral,StringLiteral: never reached (see above)
    return { state: 'unknown', source, detail: `the certificate is unknown ${according}` };
}
function distinct(whys) {
    return [...new Set(whys)].join(' / ');
}


/***/ }),

/***/ 3700:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f_: () => (/* binding */ FetchFailure),
  ci: () => (/* binding */ fetchBytes),
  SK: () => (/* binding */ httpProblem),
  qP: () => (/* binding */ webUrl)
});

// UNUSED EXPORTS: MAX_REDIRECTS, describeFetchError, seconds, size

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(610);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/ca/addresses.ts
/**
 * Which addresses a URL from outside (a certificate's OCSP, CRL or CA Issuers URL; a link from another service)
 * may reach: never a loopback, link-local (cloud metadata), private, shared (CGNAT), unspecified or multicast
 * one, in any of its spellings (the URL parser has already turned `2130706433` and `0x7f.1` into 127.0.0.1;
 * IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 forms are read as the IPv4 address they carry). The check is
 * made on the addresses a name resolves to, in the lookup the connection itself uses, so the address checked is
 * the address connected to. Two exceptions: the kinds of address `base-url` itself is on (a test on loopback, an
 * internal mirror), and hosts exempt by name (the CT service's, the ACME directories').
 */


/** A connection the policy refused: which host, which address, and why, in our words. */
class AddressRefused extends Error {
    host;
    address;
    kind;
    code = 'EADDRESSREFUSED';
    constructor(host, address, kind) {
        super(refusal(host, address, kind));
        this.host = host;
        this.address = address;
        this.kind = kind;
        this.name = 'AddressRefused';
    }
}
function refusal(host, address, kind) {
    const where = bare(host) === address ? address : `${host}, at ${address}`;
    return `refused ${where}: ${article(kind)} ${KIND_WORDS[kind]} address, and only public ones are asked`;
}
const KIND_WORDS = {
    loopback: 'loopback',
    'link-local': 'link-local (cloud metadata)',
    private: 'private',
    shared: 'shared (carrier-grade NAT)',
    unspecified: 'unspecified',
    multicast: 'multicast or broadcast',
    reserved: 'reserved'
};
const article = (kind) => (kind === 'unspecified' ? 'an' : 'a');
/** The host of a URL without IPv6 brackets: `[::1]` \u2192 `::1`. */
const bare = (hostname) => hostname.replace(/^\[(.*)\]$/, '$1');
/** What kind of address `ip` is, or undefined for a public (global unicast) one; undefined for a non-IP too. */
function addressKind(ip) {
    const address = bare(ip).replace(/%.*/, ''); // a zone index (fe80::1%eth0) does not change the address
    if ((0,external_node_net_.isIPv4)(address))
        return ipv4Kind(address.split('.').map(Number));
    if ((0,external_node_net_.isIP)(address) !== 6)
        return undefined;
    return ipv6Kind(ipv6Bytes(address));
}
function ipv4Kind([a, b, c, d]) {
    if (a === 0)
        return 'unspecified'; // 0.0.0.0/8, "this network": 0.0.0.0 reaches the host itself
    if (a === 127)
        return 'loopback';
    if (a === 169 && b === 254)
        return 'link-local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
        return 'private';
    if (a === 100 && b >= 64 && b <= 127)
        return 'shared';
    if (a === 192 && b === 0 && c === 0)
        return 'reserved'; // IETF protocol assignments (192.0.0.0/24)
    if (a === 198 && (b === 18 || b === 19))
        return 'reserved'; // benchmarking, often routed inside networks
    if (a >= 224 && a <= 239)
        return 'multicast';
    if (a >= 240)
        return a === 255 && b === 255 && c === 255 && d === 255 ? 'multicast' : 'reserved';
    return undefined;
}
function ipv6Kind(bytes) {
    const zeros = (from, to) => bytes.slice(from, to).every((byte) => byte === 0);
    const v4 = (from) => ipv4Kind(bytes.slice(from, from + 4));
    if (zeros(0, 15) && bytes[15] === 1)
        return 'loopback';
    if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff)
        return v4(12); // ::ffff:a.b.c.d, IPv4-mapped
    if (zeros(0, 12))
        return v4(12) ?? 'reserved'; // ::a.b.c.d, IPv4-compatible (deprecated); :: is 0.0.0.0, unspecified
    if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
        if (zeros(4, 12))
            return v4(12); // 64:ff9b::a.b.c.d, NAT64 to an IPv4 address
        if (bytes[4] === 0 && bytes[5] === 1)
            return 'private'; // 64:ff9b:1::/48, local-use NAT64
    }
    if (bytes[0] === 0x20 && bytes[1] === 0x02)
        return v4(2); // 2002:aabb:ccdd::/48, 6to4
    if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80)
        return 'link-local'; // fe80::/10
    if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0xc0)
        return 'private'; // fec0::/10, site-local (deprecated)
    if ((bytes[0] & 0xfe) === 0xfc)
        return 'private'; // fc00::/7, unique local
    if (bytes[0] === 0xff)
        return 'multicast';
    return undefined;
}
/** The 16 bytes of a valid IPv6 address (net.isIP said so), a dotted IPv4 tail included. */
function ipv6Bytes(address) {
    const cut = address.lastIndexOf(':') + 1; // a dotted IPv4 tail can only be the last group
    const tail = address.slice(cut);
    let text = address;
    if ((0,external_node_net_.isIPv4)(tail)) {
        const [a, b, c, d] = tail.split('.').map(Number);
        text = `${address.slice(0, cut)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    const [head, rest] = text.split('::');
    const groups = (part) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
    const first = groups(head);
    const last = groups(rest); // none without a `::`, where `first` has all eight
    const words = [...first, ...new Array(8 - first.length - last.length).fill(0), ...last];
    return words.flatMap((word) => [word >> 8, word & 0xff]);
}
/** Host names as the URL parser writes them (lower case, IPv6 in brackets); entries may be hosts or URLs. */
function hostOf(entry) {
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `http://${entry}`;
    return URL.canParse(url) ? new URL(url).hostname : undefined;
}
const defaultResolve = (hostname) => new Promise((resolve, reject) => {
    (0,external_node_dns_.lookup)(hostname, { all: true, verbatim: true }, (error, addresses) => error ? reject(error) : resolve(addresses));
});
/** The policy made usable: which hosts are exempt, which kinds `base-url` allows (resolved once, when needed). */
class AddressGuard {
    policy;
    /** The exempt hosts; undefined for an entry that cannot be read, which no host name matches. */
    exempt;
    resolveName;
    /** The kinds of address `base-url` is on; undefined for a public one, which is allowed anyway. */
    baseKinds;
    constructor(policy = {}) {
        this.policy = policy;
        this.exempt = new Set(policy.exemptHosts?.map(hostOf));
        this.resolveName = policy.resolve ?? defaultResolve;
    }
    isExempt(hostname) {
        return this.exempt.has(hostname.toLowerCase());
    }
    /** The refusal for the first address of `host` that may not be reached, or undefined when all may. */
    async check(host, addresses) {
        if (this.isExempt(host))
            return undefined;
        for (const address of addresses) {
            const kind = addressKind(address);
            if (kind && !(await this.allowedByBaseUrl(kind)))
                return new AddressRefused(host, address, kind);
        }
        return undefined;
    }
    /** Before a request: an IP literal is checked here (Node connects to one without a lookup). */
    async checkLiteral(hostname) {
        const host = bare(hostname);
        return (0,external_node_net_.isIP)(host) ? this.check(hostname, [host]) : undefined;
    }
    /**
     * Through a proxy the proxy resolves the name, so the name is resolved here too and refused when it resolves to
     * an address that may not be reached; a name that does not resolve here is left to the proxy.
     */
    async checkName(hostname) {
        if ((0,external_node_net_.isIP)(bare(hostname)) || this.isExempt(hostname))
            return this.checkLiteral(hostname);
        let addresses;
        try {
            addresses = await this.resolveName(hostname);
        }
        catch {
            return undefined;
        }
        return this.check(hostname, addresses.map((a) => a.address));
    }
    /** A `lookup` for http.request: resolves, checks every address, and hands over only checked ones. */
    lookup = (hostname, options, callback) => {
        this.resolveName(hostname)
            .then(async (addresses) => {
            const refused = await this.check(hostname, addresses.map((a) => a.address));
            if (refused)
                throw refused;
            const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
            const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
            if (usable.length === 0)
                throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
            return usable;
        })
            .then((addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)), (error) => callback(error, ''));
    };
    allowedByBaseUrl(kind) {
        this.baseKinds ??= this.kindsOfBaseUrl();
        return this.baseKinds.then((kinds) => kinds.has(kind));
    }
    /** The kinds of address `base-url`'s host is on (undefined for a public one); none when it cannot be read or resolved. */
    async kindsOfBaseUrl() {
        const host = this.policy.baseUrl === undefined ? undefined : hostOf(this.policy.baseUrl);
        if (host === undefined)
            return new Set();
        const literal = bare(host);
        let addresses;
        try {
            addresses = (0,external_node_net_.isIP)(literal) ? [literal] : (await this.resolveName(host)).map((a) => a.address);
        }
        catch {
            return new Set();
        }
        return new Set(addresses.map(addressKind));
    }
}

;// CONCATENATED MODULE: ./src/ca/fetch.ts
/**
 * HTTP for OCSP, CRLs, CA Issuers, and the services outside the account (CT search, ACME): one exchange through @actions/http-client (so https_proxy, HTTPS_PROXY and no_proxy
 * work as on every other action), under one deadline, with the body read up to a size cap, and redirects
 * followed here, at most MAX_REDIRECTS of them and only to the same scheme. These requests go to the CA, not to
 * CertCentral: they carry no key and cost nothing against DigiCert's API limits. Their URLs come from outside, so
 * every hop reaches only the addresses the run's AddressPolicy allows (see addresses.ts): the name is resolved and
 * checked in the connection's own lookup, an IP literal before the request, and, through a proxy (which resolves
 * the name itself), the name is resolved here and checked before the request.
 */




const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** No usable HTTP answer came: the reason is in our words, single-line; outside text in it is not yet redacted. */
class FetchFailure extends Error {
    final;
    timedOut;
    constructor(message, 
    /** Nothing came back in time: asking again (another method) would only double the wait. */
    final = false, 
    /** It was a timeout (the deadline, or a silent connection): a service retried on timeouts may ask again. */
    timedOut = false) {
        super(message);
        this.final = final;
        this.timedOut = timedOut;
        this.name = 'FetchFailure';
    }
}
/** One guard per policy, so `base-url` is resolved at most once a run. */
const guards = new WeakMap();
const STRICT = {};
function guardFor(policy = STRICT) {
    let guard = guards.get(policy);
    if (!guard)
        guards.set(policy, (guard = new AddressGuard(policy)));
    return guard;
}
/** Gives every request of the client the guard's lookup, so the address checked is the address connected to. */
function lookupThrough(guard) {
    return [
        {
            prepareRequest: (options) => {
                options.lookup = guard.lookup;
            },
            // Stryker disable next-line ArrowFunction: the client asks `if (canHandleAuthentication(\u2026))`, so undefined says no as false does
            canHandleAuthentication: () => false,
            // Stryker disable next-line all: never called, as canHandleAuthentication says no; the client's interface wants it
            handleAuthentication: () => Promise.reject(new Error('no authentication here'))
        }
    ];
}
/** One exchange, redirects included, within `timeoutMs`; any other scheme than http: and https: is refused. */
async function fetchBytes(exchange, limits) {
    const guard = guardFor(limits.addresses);
    const http = new lib/* HttpClient */.Qq(limits.userAgent, lookupThrough(guard), {
        allowRedirects: false, // followed below, to the same scheme only
        allowRetries: false,
        keepAlive: false,
        socketTimeout: limits.timeoutMs
    });
    let answer;
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => {
            reject(new FetchFailure(`no answer within ${seconds(limits.timeoutMs)}`, true, true));
            answer?.destroy();
        }, limits.timeoutMs);
    });
    const work = (async () => {
        let url = webUrl(exchange.url);
        for (let redirects = 0;; redirects++) {
            const refused = (0,lib/* getProxyUrl */.s_)(url.href) ? await guard.checkName(url.hostname) : await guard.checkLiteral(url.hostname);
            if (refused)
                throw refused;
            const headers = { Accept: exchange.accept };
            let body = null;
            if (exchange.body) {
                headers['Content-Type'] = exchange.contentType ?? 'application/octet-stream';
                const bytes = Buffer.from(exchange.body);
                headers['Content-Length'] = bytes.byteLength;
                body = external_node_stream_.Readable.from([bytes]);
            }
            const response = await http.request(exchange.method, url.href, body, headers);
            answer = response.message;
            const status = answer.statusCode ?? 0;
            const location = answer.headers.location;
            if (REDIRECT_STATUSES.has(status) && location && exchange.followRedirects !== false) {
                answer.destroy();
                if (redirects >= MAX_REDIRECTS)
                    throw new FetchFailure(`more than ${MAX_REDIRECTS} redirects`);
                const next = parseUrl(location, url);
                if (next.protocol !== url.protocol)
                    throw new FetchFailure(`a redirect from ${url.protocol} to ${next.protocol} was refused`, true);
                url = next;
                continue;
            }
            const contentType = String(answer.headers['content-type'] ?? '');
            const read = exchange.method === 'HEAD' ? Buffer.alloc(0) : await readCapped(answer, limits.maxBytes);
            return { status, url: url.href, contentType, headers: answer.headers, body: read };
        }
    })();
    try {
        return await Promise.race([work, deadline]);
    }
    catch (error) {
        if (error instanceof FetchFailure)
            throw error;
        if (error instanceof AddressRefused)
            throw new FetchFailure(error.message, true);
        const message = (0,errors/* errorMessage */.gJ)(error);
        const timedOut = /^Request timeout/.test(message);
        throw new FetchFailure(describeFetchError(error, message), timedOut, timedOut);
    }
    finally {
        // The loser of the race cannot become an unhandled rejection: Promise.race has handled both.
        clearTimeout(timer);
        answer?.destroy();
        http.dispose();
    }
}
/** An http: or https: URL, or a FetchFailure. */
function webUrl(text) {
    const url = parseUrl(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new FetchFailure(`only http and https are asked, not ${url.protocol}`, true);
    return url;
}
function parseUrl(text, base) {
    try {
        return new URL(text, base);
    }
    catch {
        throw new FetchFailure('an invalid URL', true);
    }
}
/** The body, or a FetchFailure as soon as it passes `maxBytes` (fetchBytes then destroys the stream, in `finally`). */
function readCapped(message, maxBytes) {
    return new Promise((resolve, reject) => {
        const tooLarge = () => new FetchFailure(`the answer is larger than ${size(maxBytes)}`, true);
        const declared = Number(message.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
            reject(tooLarge());
            return;
        }
        const chunks = [];
        let received = 0;
        message.on('data', (chunk) => {
            received += chunk.length;
            if (received > maxBytes) {
                reject(tooLarge());
                return;
            }
            chunks.push(chunk);
        });
        message.on('end', () => resolve(Buffer.concat(chunks)));
        message.on('error', reject);
        // Node rejects an answer cut short through 'error' (ECONNRESET, "aborted") before 'close', so no test can
        // reach this guard; it stays for a runtime that closes without that error.
        // Stryker disable next-line all: unreachable under Node, as said above
        message.on('close', () => {
            // Stryker disable next-line all: unreachable under Node, as said above
            if (!message.complete)
                reject(new FetchFailure('the connection closed before the answer was complete'));
        });
    });
}
/** A network error in words: the common ones by name, others with Node's code kept for searching. */
function describeFetchError(error, message) {
    const code = error.code;
    if (/^Request timeout/.test(message))
        return 'the connection went silent (socket timeout)';
    if (/^tunneling socket/.test(message))
        return 'the proxy could not be reached, or refused the tunnel';
    if (code === 'ECONNREFUSED')
        return 'connection refused (ECONNREFUSED)';
    if (code === 'ECONNRESET')
        return 'the connection was dropped (ECONNRESET)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return `host name not resolved (${code})`;
    if (code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS/.test(code))
        return `the server's TLS certificate could not be verified (${code})`;
    return code && !message.includes(code) ? `${code}: ${message}` : message;
}
/** `HTTP 503`, with a short excerpt when the server explained itself in text (`outside` makes it reportable). */
function httpProblem(fetched, outside) {
    const text = /^(text\/|application\/(problem\+)?json)/i.test(fetched.contentType)
        ? outside(fetched.body.subarray(0, 512).toString('utf8'), 60)
        : '';
    return text ? `HTTP ${fetched.status} (${text})` : `HTTP ${fetched.status}`;
}
function seconds(ms) {
    return `${Number((ms / 1000).toFixed(3))} s`;
}
const KiB = 1024;
const MiB = 1024 * KiB;
function size(bytes) {
    if (bytes >= MiB && bytes % MiB === 0)
        return `${bytes / MiB} MiB`;
    if (bytes >= KiB && bytes % KiB === 0)
        return `${bytes / KiB} KiB`;
    return `${bytes} bytes`;
}


/***/ }),

/***/ 3020:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AN: () => (/* binding */ validAt),
/* harmony export */   BA: () => (/* binding */ canSignOcsp),
/* harmony export */   Hi: () => (/* binding */ engine),
/* harmony export */   I9: () => (/* binding */ freshness),
/* harmony export */   Ic: () => (/* binding */ crlUrls),
/* harmony export */   KE: () => (/* binding */ listed),
/* harmony export */   KH: () => (/* binding */ iso),
/* harmony export */   ON: () => (/* binding */ MAX_AGE_MS),
/* harmony export */   T1: () => (/* binding */ issuedBy),
/* harmony export */   UW: () => (/* binding */ uris),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   bH: () => (/* binding */ caIssuersUrls),
/* harmony export */   cI: () => (/* binding */ ocspUrls),
/* harmony export */   vH: () => (/* binding */ signedWith),
/* harmony export */   w$: () => (/* binding */ readCertificate)
/* harmony export */ });
/* unused harmony exports CLOCK_SKEW_MS, reasonName, serialHex */
/* harmony import */ var pkijs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6772);

/** PKI.js's engine over Node's WebCrypto (globalThis.crypto, Node 20 and later), passed to every call. */
const engine = new pkijs__WEBPACK_IMPORTED_MODULE_0__/* .CryptoEngine */ .SFi({ name: 'node-webcrypto', crypto: globalThis.crypto });
const OID = {
    authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
    ocsp: '1.3.6.1.5.5.7.48.1',
    caIssuers: '1.3.6.1.5.5.7.48.2',
    crlDistributionPoints: '2.5.29.31',
    extKeyUsage: '2.5.29.37',
    ocspSigning: '1.3.6.1.5.5.7.3.9',
    basicOcspResponse: '1.3.6.1.5.5.7.48.1.1',
    crlReason: '2.5.29.21',
    invalidityDate: '2.5.29.24',
    holdInstructionCode: '2.5.29.23',
    authorityKeyIdentifier: '2.5.29.35',
    issuerAltName: '2.5.29.18',
    crlNumber: '2.5.29.20',
    deltaCrlIndicator: '2.5.29.27',
    issuingDistributionPoint: '2.5.29.28',
    freshestCrl: '2.5.29.46',
    basicConstraints: '2.5.29.19'
};
/** GeneralName's uniformResourceIdentifier choice. */
const URI = 6;
/** How far a clock may be off: an answer dated this much in the future, or this much past its nextUpdate, passes. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** One certificate from PEM (the first one) or DER; throws when it cannot be read. */
function readCertificate(text) {
    const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/.exec(text);
    if (!match)
        throw new Error('no PEM certificate');
    return pkijs__WEBPACK_IMPORTED_MODULE_0__/* .Certificate */ .usT.fromBER(Buffer.from(match[1].replace(/\s/g, ''), 'base64'));
}
/** The URIs of the certificate's OCSP responders (Authority Information Access), in its order. */
function ocspUrls(certificate) {
    return accessUrls(certificate, OID.ocsp);
}
/** The URIs where the certificate's issuer is published (Authority Information Access, CA Issuers), in its order. */
function caIssuersUrls(certificate) {
    return accessUrls(certificate, OID.caIssuers);
}
function accessUrls(certificate, method) {
    const extension = certificate.extensions?.find((e) => e.extnID === OID.authorityInfoAccess);
    if (!(extension?.parsedValue instanceof pkijs__WEBPACK_IMPORTED_MODULE_0__/* .InfoAccess */ .vcq))
        return [];
    const access = extension.parsedValue.accessDescriptions;
    return access.filter((d) => d.accessMethod === method).flatMap((d) => uris([d.accessLocation]));
}
/** The URIs of the certificate's CRL Distribution Points, in its order (full names only). */
function crlUrls(certificate) {
    const extension = certificate.extensions?.find((e) => e.extnID === OID.crlDistributionPoints);
    if (!(extension?.parsedValue instanceof pkijs__WEBPACK_IMPORTED_MODULE_0__/* .CRLDistributionPoints */ .$1_))
        return [];
    const points = extension.parsedValue.distributionPoints;
    return points.flatMap((point) => (Array.isArray(point.distributionPoint) ? uris(point.distributionPoint) : []));
}
/** The URIs among general names (the uniformResourceIdentifier choice, as text). */
function uris(names) {
    return names.filter((name) => name.type === URI && typeof name.value === 'string').map((name) => name.value);
}
/** Whether the certificate's Extended Key Usage includes OCSP signing (id-kp-OCSPSigning). */
function canSignOcsp(certificate) {
    const extension = certificate.extensions?.find((e) => e.extnID === OID.extKeyUsage);
    return extension?.parsedValue instanceof pkijs__WEBPACK_IMPORTED_MODULE_0__/* .ExtKeyUsage */ .KdO && extension.parsedValue.keyPurposes.includes(OID.ocspSigning);
}
/** Whether `certificate` names `issuer` as its issuer and carries a signature that the issuer's key verifies. */
async function issuedBy(certificate, issuer) {
    if (!certificate.issuer.isEqual(issuer.subject))
        return false;
    try {
        return await certificate.verify(issuer, engine);
    }
    catch {
        return false; // an algorithm WebCrypto does not know, or a malformed key: not verified
    }
}
/** Whether `signature` over `data` verifies with the key; false (never a throw) when it cannot be checked. */
async function signedWith(data, signature, key, algorithm) {
    try {
        return await engine.verifyWithPublicKey(data, signature, key, algorithm);
    }
    catch {
        return false;
    }
}
/** Whether the certificate is within its validity period at `now`, with CLOCK_SKEW_MS either side. */
function validAt(certificate, now) {
    return (certificate.notBefore.value.getTime() - CLOCK_SKEW_MS <= now.getTime() &&
        now.getTime() <= certificate.notAfter.value.getTime() + CLOCK_SKEW_MS);
}
/** How old an answer without a nextUpdate may be: the Baseline Requirements' longest intervals (OCSP 4 days, CRL 10 days). */
const MAX_AGE_MS = { ocsp: 4 * 86_400_000, crl: 10 * 86_400_000 };
/**
 * Whether an answer dated `thisUpdate`, valid until `nextUpdate` (if given), is current at `now`: a problem in
 * words, or undefined when it is. Without a nextUpdate it is current for `maxAgeMs` after its thisUpdate; a
 * stale answer is no answer (an old `good` says nothing of a revocation since).
 */
function freshness(thisUpdate, nextUpdate, now, maxAgeMs) {
    if (Number.isNaN(thisUpdate.getTime()))
        return 'it has no readable date';
    if (thisUpdate.getTime() > now.getTime() + CLOCK_SKEW_MS)
        return `it is dated in the future (thisUpdate ${iso(thisUpdate)})`;
    if (nextUpdate) {
        if (Number.isNaN(nextUpdate.getTime()))
            return 'its nextUpdate cannot be read';
        if (nextUpdate.getTime() < thisUpdate.getTime())
            return `its nextUpdate (${iso(nextUpdate)}) is before its thisUpdate (${iso(thisUpdate)})`;
        if (nextUpdate.getTime() + CLOCK_SKEW_MS < now.getTime())
            return `it is out of date (nextUpdate ${iso(nextUpdate)})`;
        return undefined;
    }
    if (thisUpdate.getTime() + maxAgeMs + CLOCK_SKEW_MS < now.getTime())
        return `it gives no nextUpdate and is more than ${maxAgeMs / 86_400_000} days old (thisUpdate ${iso(thisUpdate)})`;
    return undefined;
}
/** The reasons of RFC 5280's CRLReason, by code. */
const REASONS = {
    0: 'unspecified',
    1: 'keyCompromise',
    2: 'cACompromise',
    3: 'affiliationChanged',
    4: 'superseded',
    5: 'cessationOfOperation',
    6: 'certificateHold',
    8: 'removeFromCRL',
    9: 'privilegeWithdrawn',
    10: 'aACompromise'
};
function reasonName(code) {
    return REASONS[code] ?? `reason ${code}`;
}
/** CRLReason codes that do not make a listing a revocation (RFC 5280, 5.3.1). */
const HOLD = 6;
const REMOVE_FROM_CRL = 8;
/**
 * A listing with its CRLReason code as a check: certificateHold is `on-hold` (it may be lifted), removeFromCRL
 * means the certificate is not revoked (it was only on hold), anything else is `revoked`.
 */
function listed(at, revokedAt, code) {
    if (code === REMOVE_FROM_CRL)
        return { answered: true, state: 'good', at };
    const state = code === HOLD ? 'on-hold' : 'revoked';
    return { answered: true, state, at, revokedAt, ...(code === undefined ? {} : { reason: reasonName(code) }) };
}
/** ISO 8601 to the second, as the ASN.1 times are: 2026-12-02T10:00:00Z. */
function iso(date) {
    return date.toISOString().replace(/\.\d{3}Z/, 'Z');
}
/** The serial number in hex, upper case, as CertCentral and browsers show it. */
function serialHex(certificate) {
    return Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase();
}


/***/ })

};
