/**
 * SDKs run credential_process with stderr captured, so a login prompt written there is seen by
 * nobody until the process ends. When the process still has a controlling terminal (the user ran
 * `aws …` in a shell), what we write also goes to that terminal. The terminal is opened on first
 * use only: the cached-credentials path writes nothing.
 */
import {closeSync, constants, openSync, writeSync} from 'node:fs'

export interface StderrSink {
  readonly interactive: boolean
  write(text: string): void
}

export function stderrSink(stream?: NodeJS.WriteStream, platform = process.platform): StderrSink {
  // process.stderr is built on first access (the stream machinery, milliseconds of every SDK
  // client start); the warm credential-process path writes nothing, so it never pays for it.
  const stderr = () => stream ?? process.stderr
  let tty: number | undefined
  let opened = false
  const terminal = (): number | undefined => {
    if (!opened) {
      opened = true
      if (platform !== 'win32') {
        try {
          tty = openSync('/dev/tty', 'w')
        } catch {}
      }
    }

    return tty
  }

  return {
    get interactive() {
      return Boolean(stderr().isTTY) || terminal() !== undefined
    },
    write(text) {
      stderr().write(text)
      if (stderr().isTTY) return
      const fd = terminal()
      if (fd === undefined) return
      try {
        writeSync(fd, text)
      } catch {
        closeSync(fd)
        tty = undefined
      }
    },
  }
}

/**
 * Writes `text` to the controlling terminal, if the process has one; returns whether it did.
 * Non-blocking: a terminal that does not take the text now (stopped output) must not hold up a
 * login that is counting down its window.
 */
export function writeToTerminal(text: string, platform = process.platform): boolean {
  if (platform === 'win32') return false
  let fd: number | undefined
  try {
    // eslint-disable-next-line no-bitwise
    fd = openSync('/dev/tty', constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK)
    writeSync(fd, text)
    return true
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
