import {type Emulator} from '../emulator/server.js'
import {type CliResult, runCli} from '../support/cli.js'
import {emulatorEnv} from '../support/sso.js'

/** The compiled CLI in a temp HOME pointed at the emulator. */
export function everydayCli(emu: () => Emulator, home: () => string) {
  return (args: string[], options: {env?: Record<string, string | undefined>; input?: string; timeoutMs?: number} = {}): Promise<CliResult> =>
    runCli(args, {home: home(), env: {...emulatorEnv(emu()), ...options.env}, input: options.input, timeoutMs: options.timeoutMs ?? 120_000})
}

export function describeCli(result: CliResult): string {
  return `exit ${result.code ?? result.signal}\n--- stdout\n${result.stdout.slice(0, 4000)}\n--- stderr\n${result.stderr}`
}
