import {execFileSync} from 'node:child_process'

import {shellQuote} from '../../src/lib/shell-quote.js'
import {removeDir, repoRoot, runBin} from './cli.js'

/**
 * A real terminal for the interactive tests: a detached tmux session on a private socket, driven
 * with send-keys and read with capture-pane, exactly what a person at a 200×50 terminal sees.
 */
let sessions = 0

export class TmuxPane {
  private readonly socket = `configure-test-${process.pid}-${++sessions}`

  /** Runs `argv` with exactly `env`, then prints `EXIT=<code>` and keeps the pane open. */
  constructor(argv: string[], env: Record<string, string>, cwd: string) {
    const assignments = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`))
    const line = `cd ${shellQuote(cwd)} && env -i ${assignments.join(' ')} ${argv.map((a) => shellQuote(a)).join(' ')}; echo "EXIT=$?"; exec sleep 3600`
    this.tmux('new-session', '-d', '-x', '200', '-y', '50', '-s', 'main', line)
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'})
  }

  /** Literal text, as typed. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', text)
  }

  /**
   * Text and then a key in ONE send-keys, so they reach the program in one read, as a paste or a
   * fast typist delivers them (separate calls leave the program time to redraw in between).
   */
  burst(text: string, key = 'Enter'): void {
    // Without -l tmux sends an argument that is no key name as its characters; `--` keeps a
    // leading dash from reading as an option.
    this.tmux('send-keys', '-t', 'main', '--', text, key)
  }

  /** tmux key names: Enter, Down, Up, BSpace, C-c. */
  press(...keys: string[]): void {
    for (const key of keys) this.tmux('send-keys', '-t', 'main', key)
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'main')
  }

  /** Waits until the screen matches, and returns it; on timeout the error shows the screen. */
  async waitFor(pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const screen = this.screen()
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(pattern)}; the screen shows:\n${screen}`)
      await new Promise((r) => {
        setTimeout(r, 50)
      })
    }
  }

  /** Waits for each prompt in turn and presses Enter at it: its default, or the choice under the cursor. */
  async enterAt(...prompts: Array<RegExp | string>): Promise<void> {
    for (const prompt of prompts) {
      await this.waitFor(prompt)
      this.press('Enter')
    }
  }

  kill(): void {
    try {
      this.tmux('kill-server')
    } catch {}
  }
}

export interface Terminal {
  /** A pane running `argv` with exactly `env` in `cwd`. */
  open(argv: string[], env: Record<string, string>, cwd: string): TmuxPane
  /** A pane running the compiled CLI with `args` from the repository root. */
  openCli(args: string[], env: Record<string, string>): TmuxPane
  /** Removes `dir` after the test, once the panes are killed and their shells have written their history. */
  removeAfter(dir: string): void
}

/** Panes for the tests of the enclosing describe; those a test opened are killed after it. */
export function useTerminal(): Terminal {
  const panes: TmuxPane[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const pane of panes.splice(0)) pane.kill()
    if (dirs.length === 0) return
    // A shell writes its history as it dies.
    await new Promise((r) => {
      setTimeout(r, 300)
    })
    for (const dir of dirs.splice(0)) removeDir(dir)
  })
  const open = (argv: string[], env: Record<string, string>, cwd: string) => {
    const pane = new TmuxPane(argv, env, cwd)
    panes.push(pane)
    return pane
  }

  return {
    open,
    openCli: (args, env) => open([process.execPath, runBin, ...args], env, repoRoot),
    removeAfter: (dir) => dirs.push(dir),
  }
}
