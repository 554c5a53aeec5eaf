/**
 * What the action writes to the runner, byte for byte as the runner reads it (and as @actions/core 3 writes it):
 * workflow commands on stdout, outputs in GITHUB_OUTPUT.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { EOL, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputFile } from '../simulator/runner.js'
import { escapeData, getInput, info, notice, setFailed, setOutput, setSecret, warning } from '../src/runner.js'

/** What the functions write to stdout while `write` runs. */
function stdoutOf(write: () => void): string {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
  try {
    write()
  } finally {
    spy.mockRestore()
  }
  return written.join('')
}

describe('getInput', () => {
  it('reads INPUT_ and the name in capitals, spaces as underscores, trimmed', () => {
    expect(getInput('certificate-id', { 'INPUT_CERTIFICATE-ID': '  12 \n' })).toBe('12')
    expect(getInput('two words', { INPUT_TWO_WORDS: 'x' })).toBe('x')
    expect(getInput('a b c', { INPUT_A_B_C: 'y' })).toBe('y')
  })

  it('is empty when the input is not set, and never reads another input', () => {
    expect(getInput('dry-run', {})).toBe('')
    expect(getInput('dry-run', { INPUT_DRY_RUN: 'true', 'input_dry-run': 'true' })).toBe('')
  })

  it('reads the process environment by default', () => {
    process.env['INPUT_RUNNER-TEST'] = ' from env '
    try {
      expect(getInput('runner-test')).toBe('from env')
    } finally {
      delete process.env['INPUT_RUNNER-TEST']
    }
  })
})

describe('workflow commands', () => {
  const exitCode = process.exitCode
  afterEach(() => {
    process.exitCode = exitCode
  })

  it("escapes a command's data so that it stays one line: %, CR and LF", () => {
    expect(escapeData('100%\r\nnext\rline\n')).toBe('100%25%0D%0Anext%0Dline%0A')
    expect(escapeData('%0A')).toBe('%250A')
  })

  it('writes each annotation as its command, the data escaped', () => {
    expect(stdoutOf(() => warning('careful\n::error::x'))).toBe(`::warning::careful%0A::error::x${EOL}`)
    expect(stdoutOf(() => notice('approve 1%'))).toBe(`::notice::approve 1%25${EOL}`)
    expect(stdoutOf(() => setSecret('s3cr3t\nline'))).toBe(`::add-mask::s3cr3t%0Aline${EOL}`)
  })

  it('fails the step with an error annotation', () => {
    process.exitCode = 0
    expect(stdoutOf(() => setFailed('it failed\r\n'))).toBe(`::error::it failed%0D%0A${EOL}`)
    expect(process.exitCode).toBe(1)
  })

  it('writes a log line as it is: report/log.ts has made it safe', () => {
    expect(stdoutOf(() => info('plain %0A text'))).toBe(`plain %0A text${EOL}`)
  })
})

describe('setOutput', () => {
  let dir: string
  let file: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'))
    file = join(dir, 'output')
    writeFileSync(file, 'earlier=1\n')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('appends the output between a delimiter of its own, so that a value can hold any line', () => {
    setOutput('results', '[1]\nname=evil\n', { GITHUB_OUTPUT: file }, () => 'fixed-id')
    expect(readFileSync(file, 'utf8')).toBe(
      `earlier=1\nresults<<ghadelimiter_fixed-id${EOL}[1]\nname=evil\n${EOL}ghadelimiter_fixed-id${EOL}`
    )
  })

  it('writes UTF-8, as the runner reads it', () => {
    setOutput('message', 'é ✓', { GITHUB_OUTPUT: file }, () => 'id')
    expect(readFileSync(file).subarray(-40).includes(Buffer.from('é ✓', 'utf8'))).toBe(true)
  })

  it('takes a new random delimiter for each output', () => {
    setOutput('a', 'x', { GITHUB_OUTPUT: file })
    setOutput('b', '', { GITHUB_OUTPUT: file })
    const text = readFileSync(file, 'utf8')
    const delimiters = [...text.matchAll(/<<(ghadelimiter_[0-9a-f-]{36})$/gm)].map((match) => match[1])
    expect(delimiters).toHaveLength(2)
    expect(delimiters[0]).not.toBe(delimiters[1])
    expect(parseOutputFile(text)).toEqual({ earlier: '1', a: 'x', b: '' })
  })

  it('refuses a name or a value that holds the delimiter, and writes nothing', () => {
    const env = { GITHUB_OUTPUT: file }
    expect(() => setOutput('a', 'x ghadelimiter_id y', env, () => 'id')).toThrow('holds the delimiter "ghadelimiter_id"')
    expect(() => setOutput('aghadelimiter_id', 'x', env, () => 'id')).toThrow('the output aghadelimiter_id holds')
    expect(readFileSync(file, 'utf8')).toBe('earlier=1\n')
  })

  it('throws, and creates nothing, when the runner named no file or a missing one', () => {
    expect(() => setOutput('a', 'x', {})).toThrow('GITHUB_OUTPUT is not set')
    expect(() => setOutput('a', 'x', { GITHUB_OUTPUT: '' })).toThrow('GITHUB_OUTPUT is not set')
    const missing = join(dir, 'missing')
    expect(() => setOutput('a', 'x', { GITHUB_OUTPUT: missing })).toThrow(`Missing file at path: ${missing}`)
    expect(() => readFileSync(missing)).toThrow()
  })

  it("writes to the process environment's file by default", () => {
    const saved = process.env.GITHUB_OUTPUT
    process.env.GITHUB_OUTPUT = file
    try {
      setOutput('status', 'revoked')
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT
      else process.env.GITHUB_OUTPUT = saved
    }
    expect(parseOutputFile(readFileSync(file, 'utf8')).status).toBe('revoked')
  })
})
