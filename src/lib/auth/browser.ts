import {type ChildProcess, spawn} from 'node:child_process'
import {basename, delimiter} from 'node:path'

import type {Env} from './ui.js'

import {envFlag} from '../env.js'

export type BrowserChoice = {canOpen: false; reason: string} | {canOpen: true; via: 'BROWSER' | 'system'}

/**
 * Whether opening a browser can reach the user. An explicit BROWSER is always trusted (it may be
 * a script, or a browser the user set up for this session); otherwise a Unix desktop needs a
 * display, and an SSH session without forwarded display would open a tab on the wrong machine.
 */
export function chooseBrowser(env: Env, platform: NodeJS.Platform = process.platform): BrowserChoice {
  if (envFlag(env.AWS_SSO_DISABLE_BROWSER)) return {canOpen: false, reason: 'AWS_SSO_DISABLE_BROWSER is set'}
  if (env.BROWSER?.trim()) return {canOpen: true, via: 'BROWSER'}
  const hasDisplay = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
  if ((env.SSH_CONNECTION || env.SSH_TTY) && !hasDisplay) return {canOpen: false, reason: 'this is an SSH session without a display'}
  const isWsl = Boolean(env.WSL_DISTRO_NAME || env.WSL_INTEROP)
  if (platform !== 'darwin' && platform !== 'win32' && !hasDisplay && !isWsl) {
    return {canOpen: false, reason: 'there is no display: DISPLAY and WAYLAND_DISPLAY are unset'}
  }

  return {canOpen: true, via: 'system'}
}

/** Shell-like word splitting with quotes, without a shell: BROWSER must work where /bin/sh does not. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = []
  let current = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\'.includes(line[i + 1])) current += line[++i]
      else current += c
    } else if (c === '"' || c === "'") {
      quote = c
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += c
      inWord = true
    }
  }

  if (inWord) words.push(current)
  return words
}

/** Like Python's webbrowser: entries separated by the path delimiter, tried in order; `%s` is the URL. */
export function browserCommands(browserVar: string, url: string): string[][] {
  return browserVar
    .split(delimiter)
    .map((entry) => splitCommandLine(entry))
    .filter((words) => words.length > 0)
    .map((words) => (words.some((w) => w.includes('%s')) ? words.map((w) => w.replaceAll('%s', url)) : [...words, url]))
}

/** The started child, or null when it could not be started (not found, not executable). */
function spawnDetached(argv: string[], env: Env): Promise<ChildProcess | null> {
  return new Promise((resolve) => {
    let child: ChildProcess
    try {
      child = spawn(argv[0], argv.slice(1), {detached: true, stdio: 'ignore', env: env as NodeJS.ProcessEnv})
    } catch {
      resolve(null)
      return
    }

    child.once('error', () => resolve(null))
    child.once('spawn', () => {
      // The browser outlives us; we must neither wait for it nor be killed with it.
      child.unref()
      resolve(child)
    })
  })
}

function exitReason(command: string, code: null | number, signal: NodeJS.Signals | null): string {
  return signal ? `${command} was killed by ${signal}` : `${command} exited with status ${code}`
}

/**
 * Starts BROWSER entries from `index` on until one starts. A started one that later exits
 * non-zero (a launcher that found no browser, a script whose command is missing) counts as
 * failed, as Python's webbrowser counts it: the next entry is tried, and when none is left,
 * `onFailed` hears why. A browser that keeps running is never waited for.
 */
async function launch(commands: string[][], index: number, env: Env, onFailed?: (reason: string) => void): Promise<boolean> {
  for (let i = index; i < commands.length; i++) {
    const child = await spawnDetached(commands[i], env)
    if (!child) continue
    child.once('exit', (code, signal) => {
      if (code === 0) return
      const reason = exitReason(basename(commands[i][0]), code, signal)
      launch(commands, i + 1, env, onFailed).then(
        (started) => {
          if (!started) onFailed?.(reason)
        },
        () => onFailed?.(reason),
      )
    })
    return true
  }

  return false
}

/**
 * Returns whether a browser was started; never throws, since the URL is printed anyway.
 * `onFailed` is called at most once, if the started command later exits non-zero.
 */
export async function openBrowser(url: string, env: Env, onFailed?: (reason: string) => void): Promise<boolean> {
  const browserVar = env.BROWSER?.trim()
  if (browserVar) return launch(browserCommands(browserVar, url), 0, env, onFailed)

  try {
    const {default: open} = await import('open')
    const child = await open(url)
    child.on('error', () => {})
    // xdg-open and friends exit non-zero when they find no browser to hand the URL to.
    child.once('exit', (code, signal) => {
      if (code !== 0) onFailed?.(exitReason('the system browser opener', code, signal))
    })
    return true
  } catch {
    return false
  }
}
