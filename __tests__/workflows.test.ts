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

describe.each(files)('%s', (file) => {
  const workflow = load(file)
  const jobs = Object.entries(workflow.jobs)
  const steps = jobs.flatMap(([, job]) => job.steps ?? [])

  it('sets least-privilege permissions for the workflow and every job', () => {
    expect(workflow.permissions).toBeDefined()
    expect(JSON.stringify(workflow.permissions)).not.toContain('write-all')
    for (const [, job] of jobs) {
      const granted = Object.entries((job.permissions ?? workflow.permissions) as Record<string, string>)
      for (const [scope, level] of granted) {
        if (level === 'write') expect(['security-events']).toContain(scope)
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

describe('the examples', () => {
  it('cover a manual run, a repository_dispatch relay and a reusable workflow', () => {
    const triggers = files.filter((f) => f.startsWith('examples/')).map((f) => Object.keys((load(f) as unknown as { on: object }).on))
    expect(triggers.flat()).toEqual(expect.arrayContaining(['workflow_dispatch', 'repository_dispatch', 'workflow_call']))
  })
})
