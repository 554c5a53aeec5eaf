import { afterEach, describe, expect, it } from '@jest/globals'
import { readRunContext } from '../src/context.js'

const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
})

describe('readRunContext', () => {
  it("reads the runner's variables", () => {
    expect(
      readRunContext({
        GITHUB_SERVER_URL: 'https://ghe.example.invalid',
        GITHUB_REPOSITORY: 'octo-org/certs',
        GITHUB_RUN_ID: '42',
        GITHUB_API_URL: 'https://ghe.example.invalid/api/v3',
        GITHUB_STEP_SUMMARY: '/tmp/summary.md',
        GITHUB_EVENT_NAME: 'repository_dispatch',
        GITHUB_EVENT_PATH: '/tmp/event.json',
        GITHUB_ACTOR: 'octocat'
      })
    ).toEqual({
      repository: 'octo-org/certs',
      runUrl: 'https://ghe.example.invalid/octo-org/certs/actions/runs/42',
      repositoryUrl: 'https://ghe.example.invalid/octo-org/certs',
      githubApiUrl: 'https://ghe.example.invalid/api/v3',
      summaryPath: '/tmp/summary.md',
      eventName: 'repository_dispatch',
      eventPath: '/tmp/event.json',
      actor: 'octocat',
      inputVariables: []
    })
  })

  it("names the runner's INPUT_ variables, declared or not, and nothing else", () => {
    const context = readRunContext({ 'INPUT_DRY-RUN': 'true', INPUT_DRY_RUN: 'true', GITHUB_INPUT_X: '1', input_lower: '1', INPUT_: '' })
    expect(context.inputVariables).toEqual(['INPUT_DRY-RUN', 'INPUT_DRY_RUN', 'INPUT_'])
  })

  it('takes github.com when the server is not named', () => {
    expect(readRunContext({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9' })).toMatchObject({
      runUrl: 'https://github.com/o/r/actions/runs/9',
      repositoryUrl: 'https://github.com/o/r'
    })
    expect(readRunContext({ GITHUB_SERVER_URL: '', GITHUB_REPOSITORY: 'o/r' }).repositoryUrl).toBe('https://github.com/o/r')
  })

  it('has no run URL without a run ID, and no URL at all without a repository', () => {
    expect(readRunContext({ GITHUB_REPOSITORY: 'o/r' })).toEqual({
      repository: 'o/r',
      repositoryUrl: 'https://github.com/o/r',
      inputVariables: []
    })
    expect(readRunContext({ GITHUB_RUN_ID: '9', GITHUB_SERVER_URL: 'https://github.com' })).toEqual({ inputVariables: [] })
  })

  it('treats an empty variable as unset', () => {
    const empty = readRunContext({
      GITHUB_SERVER_URL: '',
      GITHUB_REPOSITORY: '',
      GITHUB_RUN_ID: '',
      GITHUB_API_URL: '',
      GITHUB_STEP_SUMMARY: '',
      GITHUB_EVENT_NAME: '',
      GITHUB_EVENT_PATH: '',
      GITHUB_ACTOR: ''
    })
    expect(empty).toEqual({ inputVariables: [] })
    for (const [name, value] of Object.entries(empty)) if (name !== 'inputVariables') expect(value).toBeUndefined()
  })

  it('reads the process environment by default', () => {
    process.env.GITHUB_REPOSITORY = 'env-org/env-repo'
    process.env.GITHUB_RUN_ID = '7'
    process.env.GITHUB_SERVER_URL = 'https://github.com'
    expect(readRunContext().runUrl).toBe('https://github.com/env-org/env-repo/actions/runs/7')
  })
})
