import {expect} from 'chai'

import {type Emulator} from '../emulator/server.js'
import {type CliResult, cliEnv, runBin, runCli, snapshotTree} from '../support/cli.js'
import {start} from '../support/run.js'
import {emulatorEnv} from '../support/sso.js'

/** The compiled CLI in a temp HOME pointed at the emulator. */
export function everydayCli(emu: () => Emulator, home: () => string) {
  return (args: string[], options: {env?: Record<string, string | undefined>; input?: string; timeoutMs?: number} = {}): Promise<CliResult> =>
    runCli(args, {home: home(), env: {...emulatorEnv(emu()), ...options.env}, input: options.input, timeoutMs: options.timeoutMs ?? 120_000})
}

export function describeCli(result: CliResult): string {
  return `exit ${result.code ?? result.signal}\n--- stdout\n${result.stdout.slice(0, 4000)}\n--- stderr\n${result.stderr}`
}

/**
 * Bad input as every command treats it: exit 2, stderr as given (a pattern, or the exact text),
 * nothing on stdout, and nothing under `home` created, changed or removed.
 */
export async function expectRefused(home: string, stderr: RegExp | string, run: () => Promise<CliResult>): Promise<void> {
  const before = snapshotTree(home)
  const r = await run()
  expect(r.code, describeCli(r)).to.equal(2)
  expect(r.stdout).to.equal('')
  if (typeof stderr === 'string') expect(r.stderr).to.equal(stderr)
  else expect(r.stderr).to.match(stderr)
  expect(snapshotTree(home)).to.deep.equal(before)
}

/** What `serve` prints for a container or SDK: where its credentials endpoint is and the token it asks for. */
export interface ContainerEndpoint {
  uri: string
  token: string
}

/**
 * Starts `serve --profile NAME` as a user would, waits (at most 30 s) until it says it is serving,
 * hands the endpoint it printed to `use`, and kills it whatever `use` does.
 */
export async function whileServing(emu: Emulator, home: string, profile: string, use: (endpoint: ContainerEndpoint) => Promise<void>): Promise<void> {
  const serve = start(process.execPath, [runBin, 'serve', '--profile', profile], {env: cliEnv(home, emulatorEnv(emu))})
  try {
    const deadline = Date.now() + 30_000
    while (!/^Serving /m.test(serve.stderrSoFar())) {
      if (Date.now() > deadline || serve.child.exitCode !== null) throw new Error(`serve did not start:\n${serve.stderrSoFar()}`)
      await new Promise((r) => {
        setTimeout(r, 50)
      })
    }

    const stdout = serve.stdoutSoFar()
    await use({
      uri: /AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)/.exec(stdout)![1],
      token: /AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)/.exec(stdout)![1],
    })
  } finally {
    serve.child.kill('SIGKILL')
    await serve.result
  }
}
