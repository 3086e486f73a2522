import type {Context} from 'mocha'

import {spawnSync} from 'node:child_process'
import {accessSync, constants, statSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {CHROMIUM_PATH} from './chromium.mjs'

/**
 * Tests that drive a system tool check for it first. Missing, the test is skipped with the reason
 * and the one command that installs every tool (the one CI runs); under CI (`CI=true`) a missing
 * tool is a failure, so a CI machine can never pass by skipping.
 */
export const INSTALL_COMMAND = 'sudo bash scripts/install-system-tools.sh'

/** Where Debian's golang-*-dev packages put their sources: the Go SDK tests build in GOPATH mode against it. */
export const GOPATH = '/usr/share/gocode'

export type SystemTool = 'awscli' | 'chromium' | 'fish' | 'git' | 'go-sdk-v2' | 'patch' | 'python3-boto3' | 'tmux' | 'zsh'

function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name)
    try {
      if (!statSync(file).isFile()) continue
      accessSync(file, constants.X_OK)
      return file
    } catch {}
  }

  return undefined
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

const probes: Record<SystemTool, () => string | undefined> = {
  awscli: () => (executable('/usr/bin/aws') ? undefined : 'AWS CLI v2 (/usr/bin/aws) is not installed'),
  chromium() {
    if (executable(CHROMIUM_PATH)) return
    return process.env.CHROMIUM_PATH ? `CHROMIUM_PATH ${CHROMIUM_PATH} is not an executable` : `chromium (${CHROMIUM_PATH}) is not installed`
  },
  fish: () => (onPath('fish') ? undefined : 'fish is not on PATH'),
  git: () => (onPath('git') ? undefined : 'git is not on PATH'),
  'go-sdk-v2'() {
    if (!onPath('go')) return 'go is not on PATH'
    return statSync(join(GOPATH, 'src', 'github.com', 'aws', 'aws-sdk-go-v2', 'config'), {throwIfNoEntry: false})?.isDirectory()
      ? undefined
      : `the AWS SDK for Go v2 is not in ${GOPATH}`
  },
  patch: () => (onPath('patch') ? undefined : 'GNU patch is not on PATH'),
  'python3-boto3'() {
    if (!onPath('python3')) return 'python3 is not on PATH'
    const r = spawnSync('python3', ['-c', 'import boto3'], {encoding: 'utf8', timeout: 30_000})
    return r.status === 0 ? undefined : 'python3 cannot import boto3'
  },
  tmux: () => (onPath('tmux') ? undefined : 'tmux is not on PATH'),
  zsh: () => (onPath('zsh') ? undefined : 'zsh is not on PATH'),
}

const known = new Map<SystemTool, string | undefined>()

/** Why the tool cannot be used here, or undefined when it can. Probed once per run. */
export function missingReason(tool: SystemTool): string | undefined {
  if (!known.has(tool)) known.set(tool, probes[tool]())
  return known.get(tool)
}

const skipped = new Map<string, string[]>()

/**
 * Call first in a `before` or `it` (`function`, not an arrow, so `this` is Mocha's context).
 * Skips the suite or test when a tool is missing; fails instead under CI=true.
 */
export function requireTools(ctx: Context, tools: readonly SystemTool[]): void {
  const reasons = tools.map((tool) => missingReason(tool)).filter((r): r is string => r !== undefined)
  if (reasons.length === 0) return
  const message = `${reasons.join('; ')}. Install the test tools with: ${INSTALL_COMMAND}`
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing tool is a failure, not a skip)`)
  // In a before hook the whole suite is skipped: name the suite; in a test, the test.
  const runnable = ctx.test
  const isHook = (runnable as undefined | {type?: string})?.type === 'hook'
  const title = (isHook ? runnable?.parent?.fullTitle() : runnable?.fullTitle()) ?? 'a test'
  skipped.set(title, reasons)
  ctx.skip()
}

// The reasons come again after Mocha's own summary, where a reader of the run looks.
process.on('exit', () => {
  if (skipped.size === 0) return
  const lines = ['', `Skipped for missing system tools (install them with: ${INSTALL_COMMAND}):`]
  for (const [title, reasons] of skipped) lines.push(`  - ${title}: ${reasons.join('; ')}`)
  process.stdout.write(`${lines.join('\n')}\n`)
})
