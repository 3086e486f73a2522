/**
 * SDKs run credential_process with stderr captured, so a login prompt written there is seen by
 * nobody until the process ends. When the process still has a controlling terminal (the user ran
 * `aws …` in a shell), what we write also goes to that terminal. The terminal is opened on first
 * use only: the cached-credentials path writes nothing.
 */
import {closeSync, openSync, writeSync} from 'node:fs'

export interface StderrSink {
  readonly interactive: boolean
  write(text: string): void
}

export function stderrSink(stderr: NodeJS.WriteStream = process.stderr, platform = process.platform): StderrSink {
  if (stderr.isTTY) return {interactive: true, write: (text) => stderr.write(text)}
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
      return terminal() !== undefined
    },
    write(text) {
      stderr.write(text)
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
