/** Rules for every workflow we ship, CI's and the examples': least privilege, pinned actions, no script injection. */
import { describe, expect, it } from '@jest/globals'
import yaml from 'js-yaml'
import { readdirSync, readFileSync } from 'node:fs'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
  [key: string]: unknown
}
interface Job {
  permissions?: unknown
  steps?: Step[]
  uses?: string
  [key: string]: unknown
}
interface Workflow {
  permissions?: unknown
  jobs: Record<string, Job>
}

const root = new URL('..', import.meta.url)
const files = ['.github/workflows', 'examples'].flatMap((dir) =>
  readdirSync(new URL(dir, root))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${dir}/${name}`)
)
const load = (file: string): Workflow => yaml.load(readFileSync(new URL(file, root), 'utf8')) as Workflow

/** The scopes a job may write: CodeQL's results anywhere; the release's jobs, what each one publishes. */
function writable(file: string, job: string): string[] {
  if (file !== '.github/workflows/release.yml') return ['security-events']
  return ({ attest: ['id-token', 'attestations'], publish: ['contents'] } as Record<string, string[]>)[job] ?? []
}

describe.each(files)('%s', (file) => {
  const workflow = load(file)
  const jobs = Object.entries(workflow.jobs)
  const steps = jobs.flatMap(([, job]) => job.steps ?? [])

  it('sets least-privilege permissions for the workflow and every job', () => {
    expect(workflow.permissions).toBeDefined()
    expect(JSON.stringify(workflow.permissions)).not.toContain('write-all')
    for (const [name, job] of jobs) {
      const granted = Object.entries((job.permissions ?? workflow.permissions) as Record<string, string>)
      for (const [scope, level] of granted) {
        if (level === 'write') expect(writable(file, name)).toContain(scope)
      }
    }
  })

  it('pins every action by a full commit SHA', () => {
    for (const step of steps.filter((s) => s.uses && !s.uses.startsWith('./'))) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
    }
  })

  it('puts no ${{ }} expression inside a run: script', () => {
    for (const step of steps.filter((s) => s.run)) expect(step.run).not.toContain('${{')
  })

  it('passes secrets only through with: and env:', () => {
    for (const step of steps) {
      for (const [key, value] of Object.entries(step)) {
        if (key !== 'with' && key !== 'env') expect(JSON.stringify(value) ?? '').not.toContain('secrets.')
      }
    }
  })
})

const text = (file: string): string => readFileSync(new URL(file, root), 'utf8')
const stepsOf = (file: string, job: string): Step[] => load(file).jobs[job].steps ?? []
const actionStep = (file: string, job: string): Step => {
  const step = stepsOf(file, job).find((s) => s.uses?.startsWith('OWNER/digicert-revoke-action@'))
  if (!step) throw new Error(`${file} has no step using the action in job ${job}`)
  return step
}

describe('the release workflow', () => {
  const file = '.github/workflows/release.yml'
  const workflow = load(file) as Workflow & { on: { push: { tags: string[] } } }

  it('starts on a pushed version tag only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } })
  })

  it('verifies, then attests, then publishes', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['verify', 'attest', 'publish'])
    expect(workflow.jobs.attest.needs).toBe('verify')
    expect(workflow.jobs.publish.needs).toBe('attest')
  })

  it('checks the tag against package.json and CHANGELOG.md, runs the tests, and compares dist/ with a fresh bundle', () => {
    const runs = stepsOf(file, 'verify').map((s) => s.run ?? '')
    expect(runs.some((r) => r.includes('require("./package.json").version') && r.includes('scripts/changelog-section.js "$TAG"'))).toBe(
      true
    )
    expect(runs).toContain('npm test')
    expect(runs.some((r) => r.includes('git status --porcelain -- dist'))).toBe(true)
  })

  it("attests dist/ with GitHub's build provenance action", () => {
    const attest = stepsOf(file, 'attest').find((s) => s.uses?.startsWith('actions/attest-build-provenance@'))
    expect(attest?.with).toEqual({ 'subject-path': 'dist/*' })
    expect(workflow.jobs.attest.permissions).toEqual({ contents: 'read', 'id-token': 'write', attestations: 'write' })
  })

  it("publishes the tag's changelog section as the notes and moves the major tag", () => {
    const runs = stepsOf(file, 'publish').flatMap((s) => (s.run ? [s.run] : []))
    expect(runs[0]).toBe('node scripts/changelog-section.js "$TAG" > "$RUNNER_TEMP/notes.md"')
    expect(runs[1]).toContain('gh release create "$TAG"')
    expect(runs[1]).toContain('--notes-file "$RUNNER_TEMP/notes.md"')
    expect(runs[2]).toContain('major=${TAG%%.*}')
    expect(runs[2]).toContain('git/refs/tags/$major')
    expect(workflow.jobs.publish.permissions).toEqual({ contents: 'write' })
  })
})

describe('CI', () => {
  it("runs the README's two commands on Linux x64 and arm64, macOS and Windows", () => {
    const platforms = load('.github/workflows/ci.yml').jobs.platforms as Job & { strategy: { matrix: { os: string[] } } }
    expect(platforms.strategy.matrix.os).toEqual(['ubuntu-latest', 'ubuntu-24.04-arm', 'macos-latest', 'windows-latest'])
    expect((platforms.steps ?? []).map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npm run demo', 'npm test'])
  })
})

describe('the examples a security team adopts', () => {
  const pollers = ['examples/revoke-leaked-keys-scheduled.yml', 'examples/revoke-leaked-keys-organisation.yml']
  const examples = files.filter((f) => f.startsWith('examples/'))

  it('cover a manual run, a relay, a reusable workflow and a schedule', () => {
    const triggers = examples.map((f) => Object.keys((load(f) as unknown as { on: object }).on))
    expect(triggers.flat()).toEqual(expect.arrayContaining(['workflow_dispatch', 'repository_dispatch', 'workflow_call', 'schedule']))
  })

  it.each(examples)("%s says the action is not DigiCert's and names no DigiCert-looking owner", (file) => {
    expect(text(file)).toContain('not affiliated with DigiCert')
    expect(text(file)).not.toMatch(/digicert-revoke\/digicert-revoke-action/)
  })

  it.each(pollers)('%s: polls never overlap, one alert at a time', (file) => {
    const workflow = load(file) as Workflow & { concurrency: { group: string; 'cancel-in-progress': boolean } }
    expect(workflow.concurrency['cancel-in-progress']).toBe(false)
    expect(workflow.concurrency.group).not.toContain('${{')
    expect((workflow.jobs.revoke as Job & { strategy: { 'max-parallel': number } }).strategy['max-parallel']).toBe(1)
  })

  it.each(pollers)('%s: names the private-key secret types and reads every page', (file) => {
    const run = stepsOf(file, 'find').find((s) => s.run)?.run ?? ''
    expect(run).toContain('secret_type=rsa_private_key,ec_private_key,generic_private_key')
    expect(run).toContain('--paginate')
    expect(run).toContain('per_page=100')
  })

  it.each(pollers)('%s: restores the index, and saves it whatever the outcome under a key that does not grow per run', (file) => {
    const steps = stepsOf(file, 'revoke')
    const restore = steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@'))
    const action = steps.findIndex((s) => s.uses?.startsWith('OWNER/digicert-revoke-action@'))
    const save = steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@'))
    expect(restore).toBeGreaterThanOrEqual(0)
    expect(restore).toBeLessThan(action)
    expect(save).toBeGreaterThan(action)
    expect(steps[save].if).toMatch(/^always\(\)/)
    expect(steps[save].with?.key).toBe("certcentral-index-${{ hashFiles('.certificate-index.json') }}")
    expect(steps[restore].with?.['restore-keys']).toBe('certcentral-index-')
    expect(JSON.stringify(steps)).not.toContain('run_id')
    expect(actionStep(file, 'revoke').with?.['certificate-index']).toBe('.certificate-index.json')
  })

  it('the organisation poll lists the organisation and answers each alert in its own repository, with a GitHub App token', () => {
    const file = 'examples/revoke-leaked-keys-organisation.yml'
    expect(load(file).permissions).toEqual({})
    expect(stepsOf(file, 'find').find((s) => s.run)?.run).toContain('"orgs/$ORG/secret-scanning/alerts?state=open')
    expect(actionStep(file, 'revoke').with).toMatchObject({
      'alert-repository': '${{ matrix.alert.repository }}',
      'alert-number': '${{ matrix.alert.number }}',
      'key-from-alert': true,
      'resolve-alert': true,
      'github-token': '${{ steps.token.outputs.token }}'
    })
    expect(stepsOf(file, 'revoke')[0].with?.['permission-secret-scanning-alerts']).toBe('write')
  })

  it('the dispatch example takes the key from the alert the relay names', () => {
    const file = 'examples/revoke-on-dispatch.yml'
    const inputs = actionStep(file, 'revoke').with ?? {}
    expect(inputs).toMatchObject({
      'key-from-alert': true,
      'resolve-alert': true,
      'alert-repository': '${{ github.event.client_payload.repository }}'
    })
    expect(Object.keys(inputs)).not.toContain('certificate-id')
    expect(text(file)).toContain('examples/relay/relay.js')
  })

  it('the reusable example gates the live run with an Environment and takes no key from its callers', () => {
    const file = 'examples/revoke-reusable.yml'
    const workflow = load(file) as Workflow & { on: { workflow_call: Record<string, unknown> } }
    expect(workflow.on.workflow_call.secrets).toBeUndefined()
    expect(workflow.jobs.revoke.environment).toBe('certificate-revocation')
    expect(workflow.jobs.revoke.needs).toBe('plan')
    expect(actionStep(file, 'plan').with?.['dry-run']).toBe(true)
    expect(actionStep(file, 'revoke').with?.['api-key']).toBe('${{ secrets.DIGICERT_API_KEY }}')
  })

  it('the manual example keeps the results as an artifact whatever the outcome', () => {
    const steps = stepsOf('examples/revoke-manual.yml', 'revoke')
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
    expect(upload?.if).toBe('always()')
    expect(upload?.with?.path).toBe('record/')
    expect(steps.find((s) => s.run?.includes('record/results.json'))?.env?.RESULTS).toBe('${{ steps.revoke.outputs.results }}')
  })
})
