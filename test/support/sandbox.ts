import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, dirname, join} from 'node:path'

import {cliEnv, makeTempDir, repoRoot, runBin} from './cli.js'
import {run, type RunResult} from './run.js'

/**
 * The configure suites' home: a temp HOME with the config file they edit, and a bin directory
 * whose `aws-sso-util` runs this checkout's CLI, so the credential_process line they write runs.
 */
export interface Sandbox {
  home: string
  bin: string
  configPath: string
  /** cliEnv for this HOME with the bin directory first on PATH; `undefined` removes a variable. */
  env(extra?: Record<string, string | undefined>): Record<string, string>
  readConfig(): string
  writeConfig(text: string): void
  remove(): void
}

export function sandbox(options: {shim?: boolean} = {}): Sandbox {
  const home = makeTempDir('configure-e2e-')
  const bin = join(home, 'bin')
  mkdirSync(bin)
  if (options.shim !== false) {
    const shim = join(bin, 'aws-sso-util')
    writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(runBin)} "$@"\n`)
    chmodSync(shim, 0o755)
  }

  const configPath = join(home, '.aws', 'config')
  return {
    home,
    bin,
    configPath,
    env(extra = {}) {
      const base = cliEnv(home, {
        PATH: [bin, process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...extra,
      })
      const env: Record<string, string> = {}
      for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v
      return env
    },
    readConfig: () => (existsSync(configPath) ? readFileSync(configPath, 'utf8') : ''),
    writeConfig(text) {
      mkdirSync(dirname(configPath), {recursive: true})
      writeFileSync(configPath, text)
    },
    remove: () => rmSync(home, {recursive: true, force: true}),
  }
}

/** The compiled CLI from the repository root with the sandbox's env; `ms` is how long it ran. */
export async function cli(args: string[], env: Record<string, string>, options: {input?: string; timeoutMs?: number} = {}): Promise<RunResult & {ms: number}> {
  const started = Date.now()
  const result = await run(process.execPath, [runBin, ...args], {env, cwd: repoRoot, input: options.input, timeoutMs: options.timeoutMs ?? 120_000})
  return {...result, ms: Date.now() - started}
}
