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
