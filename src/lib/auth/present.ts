import type {Env, LoginUi} from './ui.js'

import {writeToTerminal} from '../terminal.js'
import {type BrowserChoice, openBrowser} from './browser.js'

export interface PresentOptions {
  ui: LoginUi
  env: Env
  browser: BrowserChoice
  /** Device flow: the code the page must show, so the user can tell our request from a phished one. */
  userCode?: string
  /** PKCE: the page redirects to a listener here, so only a browser on this machine can finish. */
  thisMachineOnly?: boolean
  /** How long the login waits for approval. */
  expiresInSeconds: number
}

/**
 * The URL is printed whether or not a browser opens: the tab may open on another screen or not
 * at all, and a user who can see the terminal must always be able to finish by hand. Returns
 * whether a browser was started.
 */
export async function presentLoginUrl(url: string, options: PresentOptions): Promise<boolean> {
  const {ui, browser} = options
  if (ui.prompt) {
    await ui.prompt({url, userCode: options.userCode, thisMachineOnly: Boolean(options.thisMachineOnly), expiresInSeconds: options.expiresInSeconds})
    return false
  }

  const where = options.thisMachineOnly ? 'in a browser on this computer' : 'in a browser on any device'
  if (browser.canOpen) {
    ui.write(`Opening the sign-in page in your browser. If it does not open, open this URL ${where}:`)
  } else {
    ui.write(`Open this URL ${where} to sign in (not opening a browser: ${browser.reason}):`)
  }

  ui.write(`  ${url}`)
  if (options.userCode) ui.write(`Then check that the page shows the code ${options.userCode}.`)
  if (!browser.canOpen) return false
  // A browser command that started and then failed leaves the login waiting on a page nobody
  // opened: say so with the URL (and code) once, also on the terminal when stderr is captured
  // (an SDK running credential_process), and keep waiting within the login window.
  const onFailed = (reason: string) => {
    const code = options.userCode ? ` and check that the page shows the code ${options.userCode}` : ''
    const line = `The browser did not open the sign-in page (${reason}); open ${url} ${where}${code}.`
    ui.write(line)
    if (!ui.isTTY) writeToTerminal(`${line}\n`)
  }

  if (await openBrowser(url, options.env, onFailed)) return true
  ui.write('Could not start a browser; open the URL above by hand.')
  return false
}
