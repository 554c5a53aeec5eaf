/**
 * How the action speaks to the runner: its inputs, its log lines and workflow commands (`::error::`,
 * `::warning::`, `::notice::`, `::add-mask::`) and its outputs. These are the seven functions of @actions/core that
 * the action used, written as @actions/core 3.0.1 writes them (a test compares the two). The reason they are here
 * and not imported: @actions/core's entry point also loads its OIDC client, and with it @actions/http-client and
 * undici, close to a megabyte that every start parsed and ran, which a dry run never uses (the README's "Stack";
 * `npm run bench -- cold` measures it). This module only writes: what it writes was made safe before, log lines
 * by report/log.ts, outputs by report/outputs.ts, masks by secrets.ts.
 *
 * Adapted from @actions/core (https://github.com/actions/toolkit/tree/main/packages/core), MIT License,
 * Copyright 2019 GitHub.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'

type Env = Record<string, string | undefined>

/**
 * An input as the runner passes it (`INPUT_` and the name in capitals, spaces as `_`), trimmed, or '' when it is
 * not set.
 */
export function getInput(name: string, env: Env = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** A workflow command's data: `%`, CR and LF escaped, so that the runner reads it as one line of text. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function issueCommand(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`)
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`)
}

export function warning(message: string): void {
  issueCommand('warning', message)
}

export function notice(message: string): void {
  issueCommand('notice', message)
}

/** An error annotation, and the step fails when the action exits. */
export function setFailed(message: string): void {
  process.exitCode = 1
  issueCommand('error', message)
}

/** The runner masks `secret` in the log from now on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', secret)
}

/**
 * Appends `name` and `value` to the step's output file (GITHUB_OUTPUT), between a delimiter that neither holds.
 * Where the runner names no file (the action run by hand), the old `set-output` command shows them in the log, as
 * @actions/core does. `newDelimiterId` is for tests.
 */
export function setOutput(name: string, value: string, env: Env = process.env, newDelimiterId: () => string = randomUUID): void {
  const path = env.GITHUB_OUTPUT
  if (!path) {
    process.stdout.write(`${EOL}::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`)
    return
  }
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  const delimiter = `ghadelimiter_${newDelimiterId()}`
  // A random UUID: a name or value that holds it could only be an attack on the output file.
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`Unexpected input: the output ${name} holds the delimiter "${delimiter}"`)
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`)
}

/** A workflow command's property: its data's escapes, and `:` and `,`, which would end the property. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
