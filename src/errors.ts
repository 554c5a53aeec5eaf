/** One problem with one input. Its message names the input and the bad value, never the API key. */
export class InputProblem extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputProblem'
  }
}

/** Every problem found in the inputs; thrown before any request is sent. */
export class InvalidInputs extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InvalidInputs'
  }
}

export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : String(error)
}
