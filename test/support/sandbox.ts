import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, dirname, join} from 'node:path'

import type {EmulatorOptions, ResetOptions} from '../emulator/server.js'

import {cliEnv, makeTempDir, repoRoot, runBin} from './cli.js'
import {type EmulatorContext, useEmulator, useScoped} from './fixtures.js'
import {run, type RunResult} from './run.js'
import {requireTools, type SystemTool} from './system-tools.js'

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

export interface SandboxOptions {
  shim?: boolean
  /** 'test' (the default): a new sandbox for every test; 'suite': one for the whole describe. */
  scope?: 'suite' | 'test'
}

/**
 * A sandbox for every test of the enclosing describe (or one for all of them), removed after it.
 * The returned object stands for the current one: use it inside hooks and tests only.
 */
export function useSandbox(options: SandboxOptions = {}): Sandbox {
  const box = useScoped(
    options.scope,
    'the sandbox',
    () => sandbox(options),
    (made) => made.remove(),
  )
  return {
    get home() {
      return box().home
    },
    get bin() {
      return box().bin
    },
    get configPath() {
      return box().configPath
    },
    env: (extra) => box().env(extra),
    readConfig: () => box().readConfig(),
    writeConfig: (text) => box().writeConfig(text),
    remove: () => box().remove(),
  }
}

export interface EmulatorSandboxOptions extends SandboxOptions {
  /** System tools every test needs: missing, the suite is skipped (a failure under CI=true). */
  tools?: readonly SystemTool[]
  emulator?: EmulatorOptions
  /** What emu.reset gets before every test; false: the emulator keeps its state from test to test. */
  reset?: false | ResetOptions
}

/** The configure suites' preamble: the tools checked, one emulator for the describe, and useSandbox. */
export function useEmulatorSandbox(options: EmulatorSandboxOptions = {}): EmulatorContext & {box: Sandbox} {
  const {tools, emulator, reset, ...box} = options
  if (tools) {
    before(function () {
      requireTools(this, tools)
    })
  }

  const e = useEmulator(emulator, reset)
  return {
    get emu() {
      return e.emu
    },
    box: useSandbox(box),
  }
}
