/**
 * What the action writes to the runner, byte for byte as the runner reads it (and as @actions/core 3 writes it):
 * workflow commands on stdout, outputs in GITHUB_OUTPUT.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { EOL, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
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

  it('shows the output in the log, as the old set-output command, where the runner names no file', () => {
    expect(stdoutOf(() => setOutput('status', 'a,b:c%\nd', {}))).toBe(`${EOL}::set-output name=status::a,b:c%25%0Ad${EOL}`)
    expect(stdoutOf(() => setOutput('x:y,z', '', { GITHUB_OUTPUT: '' }))).toBe(`${EOL}::set-output name=x%3Ay%2Cz::${EOL}`)
    expect(readFileSync(file, 'utf8')).toBe('earlier=1\n')
  })

  it('throws, and creates nothing, when the file the runner named is missing', () => {
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

describe('the same as @actions/core 3 writes', () => {
  // Text that tries every escape: %, CR, LF, colons, commas, a command of its own, and non-ASCII.
  const texts = ['', 'plain', '100% done', 'a\r\nb\nc\rd', '::error::x', 'k:v,w', '%0A%25', 'é ✓ \u202e', ' spaced ']
  const saved = { output: process.env.GITHUB_OUTPUT, exitCode: process.exitCode }
  afterEach(() => {
    if (saved.output === undefined) delete process.env.GITHUB_OUTPUT
    else process.env.GITHUB_OUTPUT = saved.output
    process.exitCode = saved.exitCode
  })

  it('writes each log line and workflow command byte for byte as core does', () => {
    for (const text of texts) {
      expect(stdoutOf(() => info(text))).toBe(stdoutOf(() => core.info(text)))
      expect(stdoutOf(() => warning(text))).toBe(stdoutOf(() => core.warning(text)))
      expect(stdoutOf(() => notice(text))).toBe(stdoutOf(() => core.notice(text)))
      expect(stdoutOf(() => setSecret(text))).toBe(stdoutOf(() => core.setSecret(text)))
      expect(stdoutOf(() => setFailed(text))).toBe(stdoutOf(() => core.setFailed(text)))
    }
  })

  it('reads each input as core does', () => {
    for (const text of texts) {
      process.env['INPUT_RUNNER_TEST_X'] = text
      try {
        expect(getInput('runner test_x')).toBe(core.getInput('runner test_x'))
        expect(getInput('Runner_Test_X')).toBe(core.getInput('Runner_Test_X'))
      } finally {
        delete process.env['INPUT_RUNNER_TEST_X']
      }
    }
  })

  it('writes each output as core does, but for the random delimiter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-core-'))
    const delimiterFree = (file: string): string => readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER')
    try {
      for (const text of texts) {
        const ours = join(dir, 'ours')
        const theirs = join(dir, 'theirs')
        writeFileSync(ours, '')
        writeFileSync(theirs, '')
        setOutput('name', text, { GITHUB_OUTPUT: ours })
        process.env.GITHUB_OUTPUT = theirs
        core.setOutput('name', text)
        expect(delimiterFree(ours)).toBe(delimiterFree(theirs))
        delete process.env.GITHUB_OUTPUT
        expect(stdoutOf(() => setOutput('a:b,c', text, {}))).toBe(stdoutOf(() => core.setOutput('a:b,c', text)))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
