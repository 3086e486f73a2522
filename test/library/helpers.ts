import {join} from 'node:path'

import type {Emulator} from '../emulator/server.js'

import {cliEnv, repoRoot} from '../support/cli.js'
import {run, type RunResult} from '../support/run.js'
import {emulatorEnv} from '../support/sso.js'

export const sdkProgram = join(repoRoot, 'test', 'library', 'sdk-program.mjs')

export interface ProgramInput {
  profile: string
  clients?: number
  callsPerClient?: number
  noLogin?: boolean
  /** The emulator URL the program's onLogin hook approves through. */
  approve?: string
}

export interface ProgramOutput {
  ok: boolean
  calls?: number
  arns?: string[]
  prompts: Array<{flow: string; userCode?: string; url: string; expiresAt: string; instance: Record<string, string>}>
  error?: {name: string; message: string; exitCode: number; isAppError: boolean}
}

/** Runs the SDK program in a fresh process with HOME and every endpoint pointed at the test's. */
export async function runProgram(home: string, emu: Emulator, input: ProgramInput): Promise<{result: RunResult; output: ProgramOutput}> {
  const result = await run(process.execPath, [sdkProgram, JSON.stringify(input)], {
    cwd: repoRoot,
    env: cliEnv(home, {...emulatorEnv(emu), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'}),
    timeoutMs: 60_000,
    detached: true,
  })
  let output: ProgramOutput
  try {
    output = JSON.parse(result.stdout) as ProgramOutput
  } catch {
    throw new Error(`the program printed no JSON (exit ${result.code})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)
  }

  return {result, output}
}

/**
 * Runs a snippet of a Node program that has `lib` (the package imported by name) in scope and
 * prints one JSON value; returns it. Errors are printed as {error: {name, exitCode, message}}.
 */
export async function runSnippet(home: string, emu: Emulator, body: string): Promise<unknown> {
  const code = `const lib = await import('aws-sso-util')
const out = (value) => process.stdout.write(JSON.stringify(value))
try {
${body}
} catch (error) {
  out({error: {name: error.name, exitCode: error.exitCode, message: error.message, isAppError: error instanceof lib.AppError}})
}`
  const result = await run(process.execPath, ['--input-type=module', '-e', code], {
    cwd: repoRoot,
    env: cliEnv(home, {...emulatorEnv(emu), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'}),
    timeoutMs: 60_000,
    detached: true,
  })
  try {
    return JSON.parse(result.stdout)
  } catch {
    throw new Error(`the snippet printed no JSON (exit ${result.code})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)
  }
}
