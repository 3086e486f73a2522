import type {Context} from 'mocha'

import {type Emulator} from '../emulator/server.js'
import {type CliResult, runCli} from '../support/cli.js'
import {run} from '../support/run.js'
import {emulatorEnv} from '../support/sso.js'

/** The compiled CLI in a temp HOME pointed at the emulator. */
export function everydayCli(emu: () => Emulator, home: () => string) {
  return (args: string[], options: {env?: Record<string, string | undefined>; input?: string; timeoutMs?: number} = {}): Promise<CliResult> =>
    runCli(args, {home: home(), env: {...emulatorEnv(emu()), ...options.env}, input: options.input, timeoutMs: options.timeoutMs ?? 120_000})
}

export function describeCli(result: CliResult): string {
  return `exit ${result.code ?? result.signal}\n--- stdout\n${result.stdout.slice(0, 4000)}\n--- stderr\n${result.stderr}`
}

/** Whether a system tool is there; under CI its absence is a failure, elsewhere a skip with the install hint. */
export async function haveTool(ctx: Context, file: string, args: string[], install: string): Promise<void> {
  let ok = false
  try {
    ok = (await run(file, args, {timeoutMs: 30_000})).code === 0
  } catch {}

  if (ok) return
  if (process.env.CI === 'true') throw new Error(`${file} is needed for this test: ${install}`)
  console.log(`      skipped: ${file} is not installed (${install})`)
  ctx.skip()
}
