/**
 * The inputs the action declares: the one list in src/, identical to action.yml's (a test checks). The runner
 * passes each as `INPUT_` + its name upper-cased, spaces as `_` and hyphens kept; any other `INPUT_…` variable is
 * an input the workflow gave that the action does not have (`dry_run` for `dry-run`), which the runner only
 * warns about. For an action that revokes, a misspelt `dry-run` must never mean a live run: it is invalid input.
 */
export const DECLARED_INPUTS = [
  'api-key',
  'certificate-id',
  'serial-number',
  'certificate-pem',
  'order-id',
  'comments',
  'revocation-reason',
  'skip-approval',
  'dry-run',
  'region',
  'base-url',
  'max-revocations',
  'max-attempts',
  'request-timeout',
  'alert-number',
  'alert-repository',
  'resolve-alert',
  'github-token',
  'wait-for',
  'wait-timeout',
  'private-key',
  'key-from-alert',
  'certificate-index',
  'ct-search',
  'ct-search-url',
  'acme-revoke',
  'acme-directories'
] as const
export type DeclaredInput = (typeof DECLARED_INPUTS)[number]

/** The runner's environment variable for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

const DECLARED_VARIABLES = new Set<string>(DECLARED_INPUTS.map(inputVariable))

/**
 * The inputs given that the action does not declare, each with the declared input closest to it: from the names
 * of the environment's variables (`INPUT_DRY_RUN` → `dry_run`, closest `dry-run`).
 */
export function undeclaredInputs(variableNames: string[]): { name: string; closest: DeclaredInput }[] {
  return variableNames
    .filter((variable) => variable.startsWith('INPUT_') && !DECLARED_VARIABLES.has(variable))
    .map((variable) => {
      // Cut: a name is the workflow's to choose, and the distance is computed over every character of it.
      const name = variable.slice('INPUT_'.length, 'INPUT_'.length + 60).toLowerCase()
      return { name, closest: closestInput(name) }
    })
}

/**
 * The declared input fewest edits away from `name` (`_` and spaces read as `-`), among those that contain it when
 * some do (`token` → github-token, `alert_repo` → alert-repository); the first such in the list on a tie.
 */
export function closestInput(name: string): DeclaredInput {
  const wanted = name.toLowerCase().replace(/[_ ]/g, '-')
  const containing = wanted.length >= 3 ? DECLARED_INPUTS.filter((candidate) => candidate.includes(wanted)) : []
  let best: DeclaredInput = DECLARED_INPUTS[0]
  let bestDistance = Infinity
  for (const candidate of containing.length > 0 ? containing : DECLARED_INPUTS) {
    const distance = editDistance(wanted, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]
}
