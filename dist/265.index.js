export const id = 265;
export const ids = [265];
export const modules = {

/***/ 5265:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  acmeDirectoryFor: () => (/* binding */ acmeDirectoryFor),
  isDigiCertIssuer: () => (/* binding */ isDigiCertIssuer),
  placeAndAct: () => (/* binding */ placeAndAct),
  searchCt: () => (/* binding */ searchCt),
  whomToAsk: () => (/* binding */ whomToAsk)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/alarm.ts
var src_alarm = __webpack_require__(390);
// EXTERNAL MODULE: ./src/ca/ask-ca.ts + 3 modules
var ask_ca = __webpack_require__(3654);
// EXTERNAL MODULE: ./node_modules/asn1js/build/index.js + 12 modules
var build = __webpack_require__(1603);
// EXTERNAL MODULE: ./node_modules/pkijs/build/index.js + 18 modules
var pkijs_build = __webpack_require__(6772);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/ca/fetch.ts + 1 modules
var fetch = __webpack_require__(3700);
// EXTERNAL MODULE: ./src/ca/pki.ts
var pki = __webpack_require__(3020);
;// CONCATENATED MODULE: ./src/ca/issuer-from-aia.ts
/**
 * A certificate's issuer fetched from where the certificate says it is published (Authority Information Access,
 * CA Issuers: DER, PEM, or a PKCS#7 "certs-only" bundle, RFC 5280 4.2.2.1), through the same guarded fetch as
 * OCSP and CRLs, and kept only when it signed the certificate. For certificates found outside the account (CT,
 * ACME), whose issuer CertCentral cannot give.
 *
 * Like ask-ca.ts, this module and PKI.js behind it are loaded only when needed: `await import(...)`.
 */





const DEFAULT_MAX_ISSUER_BYTES = 256 * 1024;
/** At most this many CA Issuers URLs are tried: each may take the whole timeout. */
const MAX_ISSUER_URLS = 3;
const ACCEPT = 'application/pkix-cert, application/x-x509-ca-cert, application/pkcs7-mime, */*';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;
/** The issuer of `certPem`, from its CA Issuers URLs, checked to have signed it. Never throws for outside input. */
async function fetchIssuerFromAia(certPem, options) {
    const log = options.log ?? (() => undefined);
    const redact = options.redact ?? ((text) => text);
    const outside = (text, limit = untrusted/* LIMITS */.b1.quote) => (0,untrusted/* clean */.uH)(redact(text), limit);
    const failed = (error) => ({ error: (0,untrusted/* clean */.uH)(error, untrusted/* LIMITS */.b1.message) });
    let certificate;
    try {
        certificate = (0,pki/* readCertificate */.w$)(certPem);
    }
    catch {
        return failed('the certificate could not be read');
    }
    const urls = (0,pki/* caIssuersUrls */.bH)(certificate).filter((url) => {
        try {
            (0,fetch/* webUrl */.qP)(url);
            return true;
        }
        catch {
            log(`ignoring the CA Issuers URL ${outside(url)}: only http and https are asked`);
            return false;
        }
    });
    if (urls.length === 0)
        return failed('the certificate names no CA Issuers URL over http or https');
    const whys = [];
    for (const url of urls.slice(0, MAX_ISSUER_URLS)) {
        log(`fetching the issuer's certificate from ${outside(url)}`);
        const found = await fromUrl(url, certificate, options, outside);
        if ('issuerPem' in found)
            return found;
        log(`no issuer from ${outside(url)}: ${found.error}`);
        whys.push(found.error);
    }
    return failed(`no issuer from its CA Issuers URLs: ${[...new Set(whys)].join(' / ')}`);
}
async function fromUrl(url, certificate, options, outside) {
    let fetched;
    try {
        fetched = await (0,fetch/* fetchBytes */.ci)({ method: 'GET', url, accept: ACCEPT }, {
            timeoutMs: options.timeoutMs,
            maxBytes: options.maxBytes ?? DEFAULT_MAX_ISSUER_BYTES,
            userAgent: options.userAgent ?? 'digicert-revoke-action',
            addresses: options.addresses
        });
    }
    catch (error) {
        if (!(error instanceof fetch/* FetchFailure */.f_))
            throw error;
        return { error: outside(error.message, 120) };
    }
    if (fetched.status !== 200)
        return { error: (0,fetch/* httpProblem */.SK)(fetched, outside) };
    const candidates = certificatesIn(fetched.body);
    if (candidates.length === 0)
        return { error: 'the answer holds no certificate' };
    for (const candidate of candidates) {
        if (await (0,pki/* issuedBy */.T1)(certificate, candidate.certificate))
            return { issuerPem: pem(candidate.der), url: fetched.url };
    }
    return { error: 'the certificate served there did not sign it' };
}
/** The certificates in a body: PEM blocks, else one DER certificate, else a PKCS#7 bundle's; none if unreadable. */
function certificatesIn(body) {
    const text = Buffer.from(body).toString('latin1');
    const blocks = [...text.matchAll(PEM_BLOCK)];
    if (blocks.length > 0)
        return blocks.flatMap(([, base64]) => attempt(() => readDer(Buffer.from(base64, 'base64'))));
    const single = attempt(() => readDer(body));
    if (single.length > 0)
        return single;
    return attempt(() => {
        const info = pkijs_build/* ContentInfo */._Fs.fromBER(body);
        if (info.contentType !== SIGNED_DATA)
            return [];
        // Read with SignedData's own schema, but by hand: a SignedData keeps its certificates, not their bytes. The
        // set gets a name of its own: CertificateSet's schema already names its items `certificates`.
        const signed = build/* compareSchema */.FL(info.content, info.content, pkijs_build/* SignedData */.dA6.schema({ names: { certificates: 'certificateSet' } }));
        if (!signed.verified)
            return [];
        const set = signed.result.certificateSet;
        // Any other kind of certificate in the set (attribute, other format) is no Certificate: dropped.
        // Stryker disable next-line OptionalChaining,ArrayDeclaration: with no set a throw gives none too, and a default's items are no Certificate
        return (set?.valueBlock.value ?? []).flatMap((block) => attempt(() => served(block)));
    }).flat();
}
/** The certificate that `bytes` begin with; throws if they begin with none. */
function readDer(bytes) {
    const { offset, result } = build/* fromBER */.mH(bytes);
    // A block asn1js could not read to its end may still match the schema with what it did read.
    if (offset === -1)
        throw new Error(result.error);
    return served(result);
}
/** A block read as a Certificate, with the bytes it was read from; throws if it is not a Certificate. */
function served(block) {
    return { certificate: new pkijs_build/* Certificate */.usT({ schema: block }), der: block.valueBeforeDecodeView };
}
function attempt(read) {
    try {
        return [read()];
    }
    catch {
        return [];
    }
}
function pem(der) {
    const base64 = Buffer.from(der).toString('base64');
    // Stryker disable next-line ArrayDeclaration: the base64 of a certificate is never empty, so match never gives null
    return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

// EXTERNAL MODULE: ./src/certcentral/retry-policy.ts
var retry_policy = __webpack_require__(8908);
;// CONCATENATED MODULE: ./src/ct/service.ts
/**
 * A crt.sh-compatible Certificate Transparency search service: the search by the SHA-256 of a key's
 * SubjectPublicKeyInfo, and the download of one logged certificate. Every request is paced at one a second and
 * retried as CertCentral's are (429, 502, 503, 504, connection errors and timeouts, up to max-attempts, after
 * Retry-After or an exponential backoff). Nothing it answers is trusted: the listing is checked for shape here,
 * and each certificate is compared with the key by confirm.ts.
 */



/** crt.sh allows 60 requests a minute per address: one a second keeps every run under it. */
const CT_INTERVAL_MS = 1000;
/** More entries than this is not a key's certificates but a listing gone wrong (or a key shared far too widely). */
const MAX_ENTRIES = 10_000;
const MAX_LISTING_BYTES = 32 * 1024 * 1024;
const MAX_CERTIFICATE_BYTES = 256 * 1024;
class CtService {
    options;
    /** Requests sent, retries included. */
    requests = 0;
    nextStartAt = -Infinity;
    constructor(options) {
        this.options = options;
    }
    /** `GET {ct-search-url}?spkisha256={hex}&exclude=expired&output=json`. */
    async search(spkiSha256) {
        const url = `${this.options.baseUrl}?spkisha256=${spkiSha256}&exclude=expired&output=json`;
        const answer = await this.get(url, 'application/json', MAX_LISTING_BYTES, 'CT search');
        if (typeof answer === 'string')
            return { failure: answer };
        if (answer.status !== 200)
            return { failure: `the CT search answered ${this.statusLine(answer)}` };
        return readListing(answer.body.toString('utf8'));
    }
    /** `GET {ct-search-url}?d={id}`: the logged certificate, PEM. */
    async download(id) {
        const answer = await this.get(`${this.options.baseUrl}?d=${encodeURIComponent(id)}`, 'application/x-pem-file, */*', MAX_CERTIFICATE_BYTES, `CT download ${id}`);
        if (typeof answer === 'string')
            return { failure: answer };
        if (answer.status !== 200)
            return { failure: `the download answered ${this.statusLine(answer)}` };
        return { pem: answer.body.toString('latin1') };
    }
    /** One paced, retried GET: the last answer, or why none came. */
    async get(url, accept, maxBytes, label) {
        const { maxAttempts, clock } = this.options;
        const log = this.options.log ?? (() => undefined);
        for (let attempt = 1;; attempt++) {
            await this.slot();
            this.requests++;
            let answer;
            try {
                // A redirect is an answer, not followed: the service's own URLs are the only ones CT is read from.
                answer = await (0,fetch/* fetchBytes */.ci)(
                // Stryker disable next-line StringLiteral: Node's http.request sends GET for an empty method too
                { method: 'GET', url, accept, followRedirects: false }, { timeoutMs: this.options.timeoutMs, maxBytes, userAgent: this.options.userAgent, addresses: this.options.addresses });
            }
            catch (error) {
                // Stryker disable next-line ConditionalExpression: fetchBytes turns every error into a FetchFailure; this narrows the type
                if (!(error instanceof fetch/* FetchFailure */.f_))
                    throw error;
                // Retried: connection errors and timeouts. Not: what would only come again (too large, a refused address).
                if (attempt >= maxAttempts || (error.final && !error.timedOut))
                    return `${error.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`;
                const delay = (0,retry_policy/* backoffDelay */.EY)(attempt, this.options.random);
                log(`${label}: ${error.message}; attempt ${attempt + 1} of ${maxAttempts} in ${(delay / 1000).toFixed(1)} s.`);
                await clock.sleep(delay);
                continue;
            }
            if (!(0,retry_policy/* isRetryableStatus */.PS)(answer.status) || attempt >= maxAttempts)
                return answer;
            const delay = (0,retry_policy/* parseRetryAfter */.mu)(answer.headers['retry-after'], Date.now()) ?? (0,retry_policy/* backoffDelay */.EY)(attempt, this.options.random);
            log(`${label}: HTTP ${answer.status}; attempt ${attempt + 1} of ${maxAttempts} in ${(delay / 1000).toFixed(1)} s.`);
            await clock.sleep(delay);
        }
    }
    /** `HTTP 503 (Service Unavailable)`: the service's words redacted, then made one line and cut. */
    statusLine(answer) {
        const redact = this.options.redact ?? ((text) => text);
        return (0,fetch/* httpProblem */.SK)(answer, (text, limit = 60) => (0,untrusted/* clean */.uH)(redact(text), limit));
    }
    /** Waits until one more request may start: at most one a second, in the order asked. */
    async slot() {
        const now = this.options.clock.now();
        const at = Math.max(now, this.nextStartAt);
        this.nextStartAt = at + CT_INTERVAL_MS;
        if (at > now)
            await this.options.clock.sleep(at - now);
    }
}
/** The listing, or a failure when it is not a JSON array of entries, or holds more than MAX_ENTRIES. */
function readListing(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return { failure: 'the CT search answer is not JSON' };
    }
    if (!Array.isArray(parsed))
        return { failure: 'the CT search answer is not a JSON array' };
    if (parsed.length > MAX_ENTRIES)
        return { failure: `the CT search listed ${parsed.length} entries, more than ${MAX_ENTRIES}` };
    const entries = [];
    for (const [index, item] of parsed.entries()) {
        const entry = readEntry(item);
        if (!entry)
            return { failure: `entry ${index + 1} of the CT search answer is not a certificate entry` };
        entries.push(entry);
    }
    return { entries };
}
function readEntry(item) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
        return undefined;
    const { id, issuer_name, serial_number, not_before, not_after } = item;
    const idText = typeof id === 'number' && Number.isSafeInteger(id) && id > 0
        ? String(id)
        : typeof id === 'string' && /^[1-9][0-9]{0,17}$/.test(id)
            ? id
            : undefined;
    if (idText === undefined)
        return undefined;
    if (typeof issuer_name !== 'string' || typeof serial_number !== 'string' || !/^[0-9a-fA-F]{1,80}$/.test(serial_number))
        return undefined;
    if (typeof not_before !== 'string' || typeof not_after !== 'string')
        return undefined;
    return { id: idText, issuerName: issuer_name, serialNumber: serial_number, notBefore: not_before, notAfter: not_after };
}
/** A serial number for comparing: upper-case hex without leading zeros. */
function normalSerial(hex) {
    return hex.toUpperCase().replace(/^0+(?=.)/, '');
}
/**
 * The listing's entries by certificate: a precertificate and its certificate share issuer and serial. Within a
 * group the highest ID first (the final certificate is logged after its precertificate).
 */
function groupEntries(entries) {
    const groups = new Map();
    for (const entry of entries) {
        const key = `${entry.issuerName}\u0000${normalSerial(entry.serialNumber)}`;
        const group = groups.get(key) ?? [];
        if (!group.some((other) => other.id === entry.id))
            group.push(entry);
        groups.set(key, group);
    }
    return [...groups.values()].map((group) => group.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id))));
}

;// CONCATENATED MODULE: ./src/ct/confirm.ts
/**
 * Nothing from CT is trusted as told: each listed certificate is downloaded, and only one whose public key is
 * the leaked key's counts; its issuer, serial and validity are read from the certificate itself. Where CT has
 * both a precertificate and the certificate, the certificate is used.
 */




/** CT's poison extension (RFC 6962 3.1): present only in precertificates. */
const POISON_OID = '1.3.6.1.4.1.11129.2.4.3';
/** `redact` removes secrets from the names CT and the certificates give, before they are cut. */
async function confirmEntries(entries, fingerprint, ct, redact = (text) => text) {
    const result = { certificates: [], dropped: 0, downloads: 0 };
    // The listing groups by what it says; the certificates say otherwise when it lied (or named one issuer two ways):
    // one certificate per issuer and serial read from the certificates, the final certificate before its precertificate.
    const byIdentity = new Map();
    const keep = (found) => {
        const identity = `${found.issuer}\u0000${found.serial}`;
        const kept = byIdentity.get(identity);
        if (kept && !(kept.precertificate && !found.precertificate))
            return;
        if (kept)
            result.certificates.splice(result.certificates.indexOf(kept), 1, found);
        else
            result.certificates.push(found);
        byIdentity.set(identity, found);
    };
    for (const group of groupEntries(entries)) {
        let precertificate;
        let final;
        const failures = [];
        for (const entry of group) {
            result.downloads++;
            const download = await ct.download(entry.id);
            if ('failure' in download) {
                failures.push(download.failure);
                continue;
            }
            const read = readLogged(entry.id, download.pem, redact);
            if (typeof read === 'string') {
                failures.push(read);
                continue;
            }
            if (read.fingerprint !== fingerprint) {
                result.dropped++;
                continue;
            }
            if (!read.certificate.precertificate) {
                final = read.certificate;
                break;
            }
            precertificate ??= read.certificate;
        }
        const found = final ?? precertificate;
        if (found)
            keep(found);
        else if (failures.length > 0) {
            const [first] = group;
            result.certificates.push({
                kind: 'unconfirmed',
                ctId: first.id,
                issuer: (0,untrusted/* clean */.uH)(redact(first.issuerName), 200),
                serial: normalSerial(first.serialNumber),
                notAfter: (0,untrusted/* clean */.uH)(redact(first.notAfter), 40),
                why: failures[0]
            });
        }
    }
    return result;
}
/** A downloaded certificate and the SHA-256 of its key, or why it could not be read. */
function readLogged(ctId, pem, redact = (text) => text) {
    const block = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (!block)
        return 'the download holds no PEM certificate';
    // Whatever the download holds, a certificate that cannot be read wholly is a finding to report, never a crash.
    let x509;
    let precertificate;
    let fingerprint;
    let notAfter;
    try {
        x509 = new external_node_crypto_.X509Certificate(block);
        // Read as extensions, not searched for as bytes: a serial or a name may hold the OID's bytes. A version 1
        // certificate has none.
        precertificate = pkijs_build/* Certificate */.usT.fromBER(x509.raw).extensions?.some((extension) => extension.extnID === POISON_OID) ?? false;
        fingerprint = (0,external_node_crypto_.createHash)('sha256')
            .update(x509.publicKey.export({ type: 'spki', format: 'der' }))
            .digest('hex');
        notAfter = new Date(x509.validTo).toISOString();
    }
    catch {
        return 'the downloaded certificate could not be read';
    }
    // Node gives an empty name as undefined.
    const parts = nameParts(x509.issuer ?? '', redact);
    return {
        fingerprint,
        certificate: {
            kind: 'confirmed',
            ctId,
            pem: block,
            der: x509.raw,
            issuer: (0,untrusted/* cut */.Jj)(parts.map(([type, value]) => `${type}=${value}`).join(', '), 200),
            ...optional('issuerCommonName', parts.find(([type]) => type === 'CN')?.[1]),
            ...optional('issuerOrganisation', parts.find(([type]) => type === 'O')?.[1]),
            serial: normalSerial(x509.serialNumber),
            notAfter,
            precertificate
        }
    };
}
/** `C=US\nO=Let's Encrypt\nCN=R10` (Node's rendering) as [type, value] pairs, most specific first. */
function nameParts(name, redact) {
    return name
        .split('\n')
        .map((line) => {
        const at = line.indexOf('=');
        return [(0,untrusted/* clean */.uH)(line.slice(0, at), 40), (0,untrusted/* clean */.uH)(redact(line.slice(at + 1)), 100)];
    })
        .filter(([type]) => type !== '')
        .reverse();
}
function optional(key, value) {
    return value === undefined ? {} : { [key]: value };
}

// EXTERNAL MODULE: ./src/inputs/address-policies.ts
var address_policies = __webpack_require__(2412);
// EXTERNAL MODULE: ./src/revocation/locate.ts
var locate = __webpack_require__(6588);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/beyond/elsewhere.ts
/**
 * Beyond the account (SPEC, "Beyond the account"): every certificate of the leaked key that Certificate
 * Transparency knows, confirmed by download; where each belongs (this account, another DigiCert account, an ACME
 * CA, another CA); whether it is live according to its CA; and, for an ACME CA with `acme-revoke`, its
 * revocation signed by the key, then proof of it from the CA.
 *
 * Loaded only by runs that search CT (see start.ts): it brings in the CT, ACME and CA code.
 */









async function searchCt(settings, key, deps) {
    const started = deps.clock.now();
    const ct = new CtService({
        baseUrl: settings.beyond.ctSearchUrl,
        timeoutMs: settings.requestTimeoutMs,
        maxAttempts: settings.maxAttempts,
        userAgent: version/* USER_AGENT */._O,
        clock: deps.clock,
        addresses: (0,address_policies/* addressPolicy */.V)(settings),
        log: deps.log,
        redact: deps.redact
    });
    const host = new URL(settings.beyond.ctSearchUrl).host;
    deps.log(`Searching Certificate Transparency at ${host} for certificates of the key (public key SHA-256 ${key.fingerprint}).`);
    const listing = await ct.search(key.fingerprint);
    if ('failure' in listing) {
        const failure = deps.redact(listing.failure);
        return { searched: true, failure, listed: 0, confirmed: [], dropped: 0, requests: ct.requests, ms: deps.clock.now() - started };
    }
    const confirmation = await confirmEntries(listing.entries, key.fingerprint, ct, deps.redact);
    const findings = {
        searched: true,
        listed: listing.entries.length,
        confirmed: confirmation.certificates,
        dropped: confirmation.dropped,
        requests: ct.requests,
        ms: deps.clock.now() - started
    };
    const unconfirmed = confirmation.certificates.filter((c) => c.kind === 'unconfirmed').length;
    deps.log(`CT: ${listing.entries.length} entries, ${confirmation.certificates.length - unconfirmed} certificates confirmed to carry the key, ${unconfirmed} unconfirmed, ${confirmation.dropped} dropped (another key); ${ct.requests} requests in ${(findings.ms / 1000).toFixed(1)} s.`);
    return findings;
}
/** Issuers whose organisation or name says DigiCert (its brands included). */
const DIGICERT_ORGANISATIONS = ['digicert inc', 'digicert, inc.'];
const DIGICERT_BRANDS = /digicert|geotrust|thawte|rapidssl|encryption everywhere/i;
function isDigiCertIssuer(certificate) {
    return (DIGICERT_ORGANISATIONS.some((name) => name === certificate.issuerOrganisation?.toLowerCase()) ||
        DIGICERT_BRANDS.test(certificate.issuer));
}
/** The ACME directory of the certificate's issuer, matched by its common name or organisation (case ignored). */
function acmeDirectoryFor(certificate, directories) {
    const names = [certificate.issuerCommonName, certificate.issuerOrganisation].filter((n) => !!n).map((n) => n.toLowerCase());
    return directories.find((directory) => names.includes(directory.issuer.toLowerCase()));
}
/** `issuer|serial` of the account's matches, to recognise them in CT. */
function accountIdentities(leaves) {
    const identities = new Set();
    for (const leaf of leaves) {
        try {
            const x509 = new external_node_crypto_.X509Certificate(leaf);
            identities.add(`${x509.issuer}\u0000${normalSerial(x509.serialNumber)}`);
        }
        catch {
            // A leaf the scan could read is readable here too; one that is not cannot be recognised.
        }
    }
    return identities;
}
async function placeAndAct(findings, context, deps) {
    const { settings } = context;
    const now = deps.now ?? (() => new Date());
    const report = {
        mode: settings.beyond.ctSearch,
        searched: true,
        ...(findings.failure ? { failure: findings.failure } : {}),
        listed: findings.listed,
        dropped: findings.dropped,
        inAccount: 0,
        missedByScan: [],
        certificates: [],
        requests: findings.requests,
        seconds: findings.ms / 1000
    };
    const inAccount = accountIdentities(context.accountLeaves);
    const acme = [];
    // The URLs a certificate from CT names are held to the run's rule: anyone can log a certificate.
    const caOptions = {
        timeoutMs: settings.requestTimeoutMs,
        redact: deps.redact,
        addresses: (0,address_policies/* addressPolicy */.V)(settings),
        userAgent: version/* USER_AGENT */._O
    };
    const locator = context.locator ?? new locate/* Locator */.hO(context.api);
    for (const found of findings.confirmed) {
        if (found.kind === 'unconfirmed') {
            // Only the listing's word for the issuer: enough to say where to look, not to act.
            const named = {
                issuerCommonName: /(?:^|,\s*)CN=([^,]+)/.exec(found.issuer)?.[1],
                issuerOrganisation: /(?:^|,\s*)O=([^,]+)/.exec(found.issuer)?.[1]
            };
            const acmeIssuer = settings.beyond.acmeRevoke && acmeDirectoryFor(named, settings.beyond.acmeDirectories);
            const where = isDigiCertIssuer({ issuer: found.issuer, ...named })
                ? 'digicert-other-account'
                : acmeIssuer
                    ? 'acme'
                    : 'other-ca';
            report.certificates.push({
                issuer: found.issuer,
                serial: found.serial,
                notAfter: found.notAfter,
                ctId: found.ctId,
                where,
                status: 'unconfirmed',
                next: `download it from CT (crt.sh ID ${found.ctId}) and check it by hand: ${found.why}`,
                live: true
            });
            continue;
        }
        const x509 = new external_node_crypto_.X509Certificate(found.pem);
        if (inAccount.has(`${x509.issuer}\u0000${found.serial}`)) {
            report.inAccount++;
            continue;
        }
        const directory = acmeDirectoryFor(found, settings.beyond.acmeDirectories);
        let where = 'other-ca';
        /** Why CertCentral could not say whether this account holds a DigiCert certificate. */
        let lookupFailed;
        if (isDigiCertIssuer(found)) {
            // Found among an order's certificates (not only its primary): this account's, and the scan missed it.
            const location = await locator.locate({ type: 'certificate', id: found.serial, source: 'serial-number' });
            if (typeof location !== 'string') {
                report.inAccount++;
                report.missedByScan.push(found.serial);
                deps.warn(`CT lists serial ${found.serial} of ${found.issuer}, which this account holds but the key scan did not find.`);
                continue;
            }
            // Only "no order holds it" means another account; a failed or unclear lookup says nothing either way.
            if (location !== locate/* NO_ORDER_HOLDS_IT */.eM)
                lookupFailed = location;
            where = 'digicert-other-account';
        }
        else if (directory && settings.beyond.acmeRevoke)
            where = 'acme';
        const entry = {
            issuer: found.issuer,
            serial: found.serial,
            notAfter: found.notAfter,
            ctId: found.ctId,
            where,
            status: 'to-report',
            next: null,
            live: true,
            leafPem: found.pem
        };
        report.certificates.push(entry);
        if (new Date(found.notAfter) <= now()) {
            entry.status = 'expired';
            entry.live = false;
            continue;
        }
        // CT keeps listing revoked certificates: only the CA can say this one is still live.
        const issuer = await fetchIssuerFromAia(found.pem, { ...caOptions, log: deps.log });
        if ('issuerPem' in issuer) {
            entry.issuerPem = issuer.issuerPem;
            const verdict = await (0,ask_ca.askCa)(found.pem, issuer.issuerPem, caOptions);
            if (verdict.state === 'revoked') {
                entry.status = 'revoked';
                entry.live = false;
                entry.detail = `already revoked (${verdict.detail})`;
                continue;
            }
            entry.detail = verdict.detail;
        }
        else
            entry.detail = entry.caUnreachable = `its CA cannot be asked: ${issuer.error}`;
        if (lookupFailed !== undefined) {
            entry.status = 'unconfirmed';
            entry.lookupFailed = lookupFailed;
            entry.next = `CertCentral could not tell whether this account holds it (${lookupFailed}): run again, or look serial ${found.serial} up in CertCentral; if no order holds it, report it to DigiCert (certificate problem report)`;
        }
        else if (where === 'acme' && directory)
            acme.push({ entry, certificate: found, directory });
        else
            entry.next = whomToAsk(entry, found, directory);
    }
    deps.progress?.(report);
    await revokeThroughAcme(acme, context, deps, report);
    return report;
}
/** What a person does about a live certificate the run cannot revoke. */
function whomToAsk(entry, certificate, directory) {
    if (entry.where === 'digicert-other-account')
        return "report it to DigiCert (certificate problem report), or run with that account's key";
    const issuer = certificate.issuerOrganisation ?? certificate.issuerCommonName ?? entry.issuer;
    if (directory)
        return `acme-revoke: true would revoke it through ${issuer}'s ACME server; or ask ${issuer} to revoke it: key compromise`;
    return `ask ${issuer} to revoke it: key compromise (crt.sh ID ${entry.ctId})`;
}
async function revokeThroughAcme(work, context, deps, report) {
    if (work.length === 0)
        return;
    const { settings } = context;
    if (settings.dryRun) {
        for (const { entry, directory } of work) {
            entry.status = 'dry-run';
            entry.next = `a live run revokes it through ${new URL(directory.url).host}, signed by the key`;
        }
        return deps.progress?.(report);
    }
    if (context.accountTargets + work.length > settings.maxRevocations) {
        for (const { entry } of work) {
            entry.status = 'failed';
            entry.next = `not sent: with the account's ${context.accountTargets} targets, more than max-revocations (${settings.maxRevocations}); raise it and run again`;
        }
        return deps.progress?.(report);
    }
    const signingKey = context.key.signingKey;
    const { revokeWithKey } = await __webpack_require__.e(/* import() */ 49).then(__webpack_require__.bind(__webpack_require__, 6049));
    for (const { entry, certificate, directory } of work) {
        if (!signingKey) {
            entry.status = 'failed';
            entry.next = 'the key is not at hand to sign the revocation';
            deps.progress?.(report);
            continue;
        }
        // Sent and not yet answered: interrupted now, it may or may not have been filed.
        entry.acmeUnanswered = true;
        deps.progress?.(report);
        const outcome = await revokeWithKey(directory.url, certificate.der, signingKey, {
            timeoutMs: settings.requestTimeoutMs,
            maxAttempts: settings.maxAttempts,
            userAgent: version/* USER_AGENT */._O,
            redact: deps.redact,
            addresses: (0,address_policies/* addressPolicy */.V)(settings)
        });
        report.acmeRequests = (report.acmeRequests ?? 0) + 1;
        delete entry.acmeUnanswered;
        entry.status = outcome.status;
        entry.detail = outcome.detail;
        if (outcome.status === 'failed') {
            entry.error = { type: outcome.type, detail: outcome.detail };
            entry.next = `ask ${certificate.issuerOrganisation ?? certificate.issuerCommonName ?? entry.issuer} to revoke it: key compromise`;
        }
        else if (outcome.status === 'revoked')
            entry.live = false;
        deps.progress?.(report);
        deps.log(`ACME ${new URL(directory.url).host}: serial ${entry.serial} ${entry.status} (${entry.detail}).`);
    }
    if (settings.waitFor === 'revocation')
        await waitForProof(work.map((w) => w.entry).filter((e) => e.status === 'submitted'), context, deps, report);
}
/**
 * wait-for: revocation: each certificate revoked through ACME is asked of its CA until it says revoked, or the
 * wait's deadline, the account's own (wait-timeout from the end of the revoke requests): at it, nothing in flight
 * is awaited any more, and what it still hears changes nothing.
 */
async function waitForProof(entries, context, deps, report) {
    const { settings } = context;
    const deadline = deps.waitDeadline ?? deps.clock.now() + settings.waitTimeoutMs;
    let pause = 2000;
    let waiting = entries.filter((entry) => entry.issuerPem);
    for (const entry of entries.filter((e) => !e.issuerPem))
        entry.stillWaiting = entry.caUnreachable ?? 'its CA cannot be asked: no issuer';
    if (waiting.length === 0)
        return;
    const alarm = (deps.alarm ?? src_alarm/* realAlarm */.i)(Math.max(0, deadline - deps.clock.now()));
    const deadlinePassed = alarm.rings.then(() => 'deadline');
    let over = false;
    const askEach = async () => {
        for (const entry of waiting) {
            const verdict = await (0,ask_ca.askCa)(entry.leafPem, entry.issuerPem, {
                timeoutMs: settings.requestTimeoutMs,
                redact: deps.redact,
                addresses: (0,address_policies/* addressPolicy */.V)(settings),
                userAgent: version/* USER_AGENT */._O
            });
            if (over)
                break;
            if (verdict.state === 'revoked') {
                entry.status = 'revoked';
                entry.live = false;
                entry.detail = `revoked through ACME (${verdict.detail})`;
                delete entry.stillWaiting;
            }
            else
                entry.stillWaiting = verdict.detail;
            deps.progress?.(report);
        }
    };
    try {
        // Past the deadline already (CT and ACME took longer), no CA is asked: the run ends as the wait's deadline says.
        while (deps.clock.now() < deadline) {
            const asked = askEach();
            if ((await Promise.race([asked, deadlinePassed])) === 'deadline') {
                // Stryker disable next-line CallExpression: askCa answers every failure as a verdict and never rejects; kept so that one that did could not end the run as an unhandled rejection
                asked.catch(() => undefined);
                return;
            }
            waiting = waiting.filter((entry) => entry.status !== 'revoked');
            if (waiting.length === 0 || deps.clock.now() + pause > deadline)
                return;
            if ((await Promise.race([deps.clock.sleep(pause), deadlinePassed])) === 'deadline')
                return;
            pause = Math.min(pause * 2, 60_000);
        }
    }
    finally {
        over = true;
        alarm.cancel();
        // Said only once the wait is over: interrupted before, the run reports what the CA said last, if anything.
        for (const entry of waiting)
            if (entry.status !== 'revoked')
                entry.stillWaiting ??= 'its CA gave no answer before wait-timeout ended';
    }
}


/***/ })

};
