/**
 * Everything a run reads from the runner's environment, read once at the start. Inputs are read through
 * runner.ts (inputs/); nothing else in src/ touches process.env.
 */
export interface RunContext {
  /** `owner/repo`, when the runner says. */
  repository?: string
  /** The URL of this workflow run; undefined outside a run. */
  runUrl?: string
  /** The repository's page, for a default comment outside a run. */
  repositoryUrl?: string
  /** GitHub's REST API base URL (GITHUB_API_URL), when set; checked by the inputs. */
  githubApiUrl?: string
  /** The job summary file (GITHUB_STEP_SUMMARY). */
  summaryPath?: string
  /** The event that started the workflow, and the file that holds its payload. */
  eventName?: string
  eventPath?: string
  /** Who started the run (GITHUB_ACTOR), for the summary's audit record. */
  actor?: string
  /** The names of the `INPUT_…` variables the runner set: an input the action does not declare is refused. */
  inputVariables?: string[]
}

type Env = Record<string, string | undefined>

export function readRunContext(env: Env = process.env): RunContext {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = env.GITHUB_REPOSITORY || undefined
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
  }
}
