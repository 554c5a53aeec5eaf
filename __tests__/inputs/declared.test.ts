import { describe, expect, it } from '@jest/globals'
import yaml from 'js-yaml'
import { readFileSync } from 'node:fs'
import { inputVariable as runnerVariable } from '../../simulator/runner.js'
import { DECLARED_INPUTS, closestInput, editDistance, inputVariable, undeclaredInputs } from '../../src/inputs/declared.js'

const action = yaml.load(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, unknown> }

describe('the declared inputs', () => {
  it("are action.yml's inputs, in its order", () => {
    expect([...DECLARED_INPUTS]).toEqual(Object.keys(action.inputs))
  })

  it('are named as the runner names them: upper case, spaces to _, hyphens kept', () => {
    expect(inputVariable('dry-run')).toBe('INPUT_DRY-RUN')
    expect(inputVariable('a b c')).toBe('INPUT_A_B_C')
    for (const name of [...DECLARED_INPUTS, 'with space']) expect(inputVariable(name)).toBe(runnerVariable(name))
  })
})

describe('undeclaredInputs', () => {
  it('finds the INPUT_ variables of no declared input, with the closest declared one', () => {
    expect(undeclaredInputs(['INPUT_DRY_RUN', 'INPUT_DRY-RUN', 'INPUT_API-KEY', 'PATH', 'GITHUB_INPUT', 'INPUT_WAITFOR'])).toEqual([
      { name: 'dry_run', closest: 'dry-run' },
      { name: 'waitfor', closest: 'wait-for' }
    ])
  })

  it('finds nothing when every variable is declared, or none is an input', () => {
    expect(undeclaredInputs(DECLARED_INPUTS.map(inputVariable))).toEqual([])
    expect(undeclaredInputs([])).toEqual([])
    expect(undeclaredInputs(['HOME', 'input_dry_run'])).toEqual([])
  })

  it('names an empty or very long name too, cut to 60 characters', () => {
    expect(undeclaredInputs(['INPUT_'])).toEqual([{ name: '', closest: 'region' }])
    const [long] = undeclaredInputs([`INPUT_${'A'.repeat(10_000)}`])
    expect(long.name).toBe('a'.repeat(60))
  })
})

describe('closestInput', () => {
  it.each([
    ['dry_run', 'dry-run'],
    ['DRY RUN', 'dry-run'],
    ['dryrun', 'dry-run'],
    ['apikey', 'api-key'],
    ['certificate_ids', 'certificate-id'],
    ['serial', 'serial-number'],
    ['timeout', 'wait-timeout'],
    ['ct', 'comments'],
    ['ct_searches', 'ct-search'],
    ['key', 'api-key'],
    ['serial_numbers', 'serial-number'],
    ['order_ids', 'order-id'],
    ['skip_approvals', 'skip-approval'],
    ['alert_repo', 'alert-repository'],
    ['alert_repositry', 'alert-repository'],
    ['ct_search_url', 'ct-search-url'],
    ['acme_revoke', 'acme-revoke'],
    ['github_token', 'github-token'],
    ['token', 'github-token'],
    // Three characters are enough to be looked for inside names: api-key is fewer edits away, but does not hold pem.
    ['pem', 'certificate-pem']
  ])('%s → %s', (name, closest) => {
    expect(closestInput(name)).toBe(closest)
  })

  it('takes the fewest edits among the inputs that contain the name, else among all', () => {
    // 'wait' is in wait-for (4 edits) and wait-timeout (8); 'region' is 6 edits from the empty name, api-key 7.
    expect(closestInput('wait')).toBe('wait-for')
    expect(editDistance('', 'api-key')).toBe(7)
    expect(closestInput('')).toBe('region')
    // 'ke' is too short to be looked for inside names: api-key and region are both 5 edits away, and api-key comes first.
    expect(editDistance('ke', 'api-key')).toBe(5)
    expect(closestInput('ke')).toBe('api-key')
  })
})

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'ab', 1],
    ['ab', 'abc', 1],
    ['abc', 'xabc', 1],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['dry_run', 'dry-run', 1]
  ])('%j to %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
  })
})
