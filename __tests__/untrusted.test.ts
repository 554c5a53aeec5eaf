/**
 * Property-based tests of the one path outside text takes (issue 11): whatever the text, printing it cannot start
 * a workflow command or carry a control character, cleaning makes one short line, redaction leaves no piece of a
 * secret, and escaping for the summary leaves nothing GitHub would read as HTML, Markdown, a link or a mention.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { printable } from '../src/report/log.js'
import { escapeText } from '../src/report/summary.js'
import { PIECE_LENGTH, Redactor } from '../src/secrets.js'
import { LIMITS, clean, cut, oneLine, redactJson, utf8Bytes } from '../src/untrusted.js'
import { anyCodePoint, runs } from './support/properties.js'

const RUNS = runs(500)

/** What a terminal or the runner reads specially: escape sequences, C0 and C1 controls, line breaks, commands. */
const SPECIAL = [
  '\u001b[31m',
  '\u001b[0m',
  '\u001b[2K',
  '\u001b]8;;https://evil.example/\u0007',
  '\u001b]0;title\u001b\\',
  '\u001b]',
  '\u001b[',
  '\u001b',
  '\u009b31m',
  '\u009b',
  '\u009d0;x\u009c',
  '\u0085',
  '\u0080',
  '\u009f',
  '\u007f',
  '\u0000',
  '\u0007',
  '\u0008',
  '\t',
  '\u000b',
  '\u000c',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u200b',
  '\ufeff',
  // Format characters (Unicode Cf): zero-width joiners, the soft hyphen, bidirectional controls, a tag.
  '\u00ad',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u2069',
  '\u061c',
  '\u{e0001}',
  '\u00a0',
  '\u3000',
  ' ',
  '  ',
  '::',
  ':',
  '##[',
  '#',
  '[',
  ']',
  '::add-mask::',
  '::stop-commands::',
  '::set-output name=a::',
  '::error::',
  '##[set-output name=a;]',
  '##[add-mask]'
]
const special = fc.constantFrom(...SPECIAL)
/** Text made mostly of what is special, with some ordinary characters between. */
const nasty = fc.array(fc.oneof(special, special, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''))
/** Any text: full Unicode (lone surrogates too), any UTF-16, and the nasty kind. */
const anyText = fc.oneof(
  fc.string({ unit: anyCodePoint, maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
  nasty
)

/**
 * Characters that must not be printed: C0 but the line feed, DEL, C1, the Unicode line and paragraph separators,
 * and every format character (Unicode Cf).
 */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/u
/** How the runner reads a line: after leading white space (as .NET's TrimStart, which JavaScript's covers), `::` starts a command. */
const startsCommand = (line: string): boolean => line.trimStart().startsWith('::') || line.trimStart().startsWith('##[')

describe('printable: what the log prints', () => {
  const redactor = new Redactor()
  redactor.add('secret-value-0123456789')
  const redact = (text: string) => redactor.redact(text)

  it('never starts a line with a workflow command, nor holds ##[ anywhere, whatever the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const line of printable(text, redact).split('\n')) {
          expect(startsCommand(line)).toBe(false)
          // The runner's legacy parser finds `##[name]` anywhere in a line.
          expect(line).not.toContain('##[')
        }
      }),
      RUNS
    )
  })

  it('prints no control character, escape sequence or Unicode line break', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(printable(text, redact)).not.toMatch(CONTROL)
      }),
      RUNS
    )
  })

  it('keeps the message: ordinary text is printed as it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^([A-Za-z0-9.,;()'-][A-Za-z0-9 .,;()'-]{0,80})?$/), (text) => {
        expect(printable(text, redact)).toBe(text.replace(/ {2,}/g, ' ').trim())
      }),
      RUNS
    )
  })

  it('prints no piece of a registered secret, even one that control characters split into short parts', () => {
    const secret = 'secret-value-0123456789'
    const removed = fc.constantFrom(
      '\u001b[31m',
      '\u001b]0;x\u0007',
      '\u009b1m',
      '\u0000',
      '\u0007',
      '\u007f',
      '\u0085',
      '\u2028',
      '\u200b',
      '\u00ad',
      '\u200d',
      '\u202e',
      '\u2066',
      '\ufeff',
      '\u001b[\u200b31m'
    )
    fc.assert(
      fc.property(
        anyText,
        anyText,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 23 }),
        removed,
        removed,
        (before, after, a, b, x, y) => {
          const [first, second] = [Math.min(a, b), Math.max(a, b)]
          const text = `${before} ${secret.slice(0, first)}${x}${secret.slice(first, second)}${y}${secret.slice(second)} ${after}`
          const printed = printable(text, redact)
          expect(windowsOf(secret).filter((piece) => printed.includes(piece))).toEqual([])
        }
      ),
      RUNS
    )
  })
})

const redactor = new Redactor()
redactor.add('secret-value-0123456789')
const redact = (text: string) => redactor.redact(text)

describe('oneLine, cut and clean', () => {
  it.each([
    ['an SGR colour', 'a\u001b[1;31mb', 'ab'],
    ['a CSI with an intermediate byte', 'a\u001b[1 qb', 'ab'],
    ['an OSC hyperlink ended by BEL', 'a\u001b]8;;https://x.invalid/\u0007b', 'ab'],
    ['an OSC title ended by ST', 'a\u001b]0;title\u001b\\b', 'ab'],
    ['an OSC never ended', 'a \u001b]0;title', 'a'],
    ['a two-character ESC sequence', 'a\u001bMb', 'ab'],
    ['a C1 CSI', 'a\u009b31mb', 'ab'],
    ['a C1 CSI with an intermediate byte', 'a\u009b1 qb', 'ab'],
    ['line breaks and tabs, folded with the spaces around them', ' a \r\n\t b\u2028c  d ', 'a bc d'],
    ['zero-width spaces, joiners and a byte order mark', 'k\u200be\u200cy\u200d-\u2060v\ufeffal', 'key-val'],
    ['soft hyphens', 'se\u00adcr\u00adet', 'secret'],
    ['bidirectional controls', 'a\u202eb\u202cc\u2066d\u2069e\u200ff\u061c', 'abcdef'],
    ['a tag character (two UTF-16 units)', 'a\u{e0001}b', 'ab'],
    ['an escape sequence with a format character inside it', 'a\u001b[\u200b31mb', 'ab']
  ])('removes %s whole', (_, text, expected) => {
    expect(oneLine(text)).toBe(expected)
  })

  it('keeps what only looks like a format character: a no-break space, an ideographic space, letters with marks', () => {
    expect(oneLine('a\u00a0b\u3000c e\u0301')).toBe('a\u00a0b\u3000c e\u0301')
  })

  it('counts sizes in UTF-8 bytes', () => {
    expect(utf8Bytes('')).toBe(0)
    expect(utf8Bytes('abc')).toBe(3)
    expect(utf8Bytes('é')).toBe(2)
    expect(utf8Bytes('€')).toBe(3)
    expect(utf8Bytes('\u{1d11e}')).toBe(4)
    expect(utf8Bytes('\ud800')).toBe(3)
  })

  it('a printed line is no bigger in bytes than the text it came from, plus nothing but what the runner adds', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Only `: :` for a `::` at the start of a line and `# #[` for a `##[` can add bytes: one each, at most one per `#` or line.
        const added = (text.match(/#/g)?.length ?? 0) + text.split(/\r\n|\r|\n/).length
        expect(utf8Bytes(printable(text, redact))).toBeLessThanOrEqual(utf8Bytes(text) + added)
      }),
      RUNS
    )
  })

  it('clean(x, n) is one line of at most n + 1 code points (the … of a cut), without control characters', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(0, 1, 5, LIMITS.date, LIMITS.code, LIMITS.message), (text, limit) => {
        const cleaned = clean(text, limit)
        expect(Array.from(cleaned).length).toBeLessThanOrEqual(limit + 1)
        expect(cleaned).not.toMatch(/[\n\r\u2028\u2029\u0085]/)
        expect(cleaned).not.toMatch(CONTROL)
      }),
      RUNS
    )
  })

  it('oneLine is idempotent and leaves no escape sequence behind', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const line = oneLine(text)
        expect(oneLine(line)).toBe(line)
        expect(line).not.toContain('\u001b')
        expect(line).not.toMatch(/^\s|\s$| {2}/)
      }),
      RUNS
    )
  })

  it('cut never splits a character made of two UTF-16 units, and keeps text within the limit as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyCodePoint, maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (text, limit) => {
        const result = cut(text, limit)
        if (Array.from(text).length <= limit) expect(result).toBe(text)
        else expect(result).toBe(`${Array.from(text).slice(0, limit).join('')}…`)
      }),
      RUNS
    )
  })
})

/** Every PIECE_LENGTH characters in a row of `secret`. */
function windowsOf(secret: string): string[] {
  return Array.from({ length: Math.max(0, secret.length - PIECE_LENGTH + 1) }, (_, at) => secret.slice(at, at + PIECE_LENGTH))
}

describe('Redactor', () => {
  const secretText = fc.oneof(
    fc.string({ unit: anyCodePoint, minLength: PIECE_LENGTH, maxLength: 60 }),
    fc.string({ unit: fc.constantFrom('a', 'b', '_', '"', '\\', '*', '-'), minLength: PIECE_LENGTH, maxLength: 40 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/)
  )

  it('leaves no piece of 8 characters of a secret of 8 or more, wherever it stands and however often', () => {
    fc.assert(
      fc.property(
        secretText,
        anyText,
        anyText,
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        fc.nat(),
        (secret, before, after, times, from, to) => {
          const redactor = new Redactor()
          redactor.add(secret)
          // The whole secret, repeated, and a slice of it that is at least 8 characters long.
          const start = from % (secret.length - PIECE_LENGTH + 1)
          const end = start + PIECE_LENGTH + (to % (secret.length - start - PIECE_LENGTH + 1))
          const text = `${before}${secret.repeat(times)}${after}${secret.slice(start, end)}${before}`
          const redacted = redactor.redact(text)
          for (const piece of windowsOf(secret)) expect(redacted).not.toContain(piece)
        }
      ),
      RUNS
    )
  })

  it('leaves no piece of any of several secrets, however they overlap', () => {
    fc.assert(
      fc.property(fc.array(secretText, { minLength: 1, maxLength: 4 }), anyText, (secrets, filler) => {
        const redactor = new Redactor()
        secrets.forEach((secret) => redactor.add(secret))
        const redacted = redactor.redact([filler, ...secrets, filler, secrets.join('')].join(filler))
        for (const secret of secrets) for (const piece of windowsOf(secret)) expect(redacted).not.toContain(piece)
      }),
      RUNS
    )
  })

  it('removes a short secret whole, and changes no text without a secret', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,7}$/), fc.stringMatching(/^[^#]{0,80}$/), (secret, text) => {
        const redactor = new Redactor()
        redactor.add(`#${secret}`)
        expect(redactor.redact(text)).toBe(text)
        expect(redactor.redact(`${text}#${secret}${text}`)).not.toContain(`#${secret}`)
      }),
      RUNS
    )
  })
})

describe('redactJson: a JSON answer redacted in its strings', () => {
  const secret = 'secret-value-0123456789'
  const withSecret = fc.oneof(
    anyText,
    anyText.map((text) => `${text}${secret}${text}`),
    fc.constantFrom(secret, `"${secret}"`, secret.slice(3, 14))
  )
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      withSecret,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      tie('array'),
      tie('object')
    ),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(withSecret, tie('value'), { maxKeys: 4 })
  })).value

  it('stays JSON of the same shape, with no piece of a secret in any string, whatever the value', () => {
    fc.assert(
      fc.property(json, (value) => {
        const redacted = redactJson(JSON.stringify(value), redact)
        const parsed: unknown = JSON.parse(redacted)
        expect(Array.isArray(parsed)).toBe(Array.isArray(value))
        expect(typeof parsed).toBe(typeof value === 'string' || typeof value === 'number' ? typeof parsed : typeof value)
        for (const piece of windowsOf(secret)) expect(redacted).not.toContain(piece)
      }),
      RUNS
    )
  })

  it('keeps JSON without a secret as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        expect(redactJson(text, redact)).toBe(text)
      }),
      RUNS
    )
  })
})

describe('escapeText: outside text in the job summary', () => {
  it('leaves no character that HTML or Markdown reads, no line break and no control character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = escapeText(text)
        expect(escaped).not.toMatch(/[<>[\]|*`_\\!~"'\n\r]/)
        // & and # appear only in character references.
        expect(escaped.replace(/&#\d+;/g, '')).not.toMatch(/[&#]/)
        expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
      }),
      RUNS
    )
  })

  it('reads back as the text it was given, but for line breaks and zero-width spaces', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const shown = escapeText(text).replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
        expect(shown.replace(/\u200b/g, '')).toBe(text.replace(/\r\n|\r|\n/g, ' ').replace(/\u200b/g, ''))
      }),
      RUNS
    )
  })

  it('links nothing: no scheme right before ://, no www., no @ before a word character', () => {
    const linky = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'https://',
            'HTTP://',
            'ftp://',
            'www.',
            'WWW.',
            '@',
            'evil.example',
            'user',
            '1',
            '_',
            '(',
            '*',
            ' ',
            ':',
            '/',
            'mailto:',
            'xmpp:'
          ),
          fc.string({ maxLength: 2 })
        ),
        { maxLength: 20 }
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.oneof(linky, anyText), (text) => {
        // As GitHub reads it: character references resolved (the zero-width spaces stay, and keep it from linking).
        const shown = escapeText(text).replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
        // Every :// follows a zero-width space, so no scheme (http, HTTPS, 1https, _ftp, …) is right before it.
        expect(shown.replace(/\u200b:\/\//g, '')).not.toContain('://')
        expect(shown).not.toMatch(/www\./i)
        expect(shown).not.toMatch(/@\w/)
      }),
      RUNS
    )
  })
})
