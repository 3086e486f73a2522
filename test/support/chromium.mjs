// The one headless Chromium setup for the browser tests: the login clicker (a plain node script the
// CLI runs as BROWSER, so this file is JavaScript) and the console suite both launch it from here.

/** Debian's chromium unless CHROMIUM_PATH names another; the system-tool probe checks this same file. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

// No sandbox (CI runs as root), and none of the background traffic a first run would start.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
