import {chooseBrowser, openBrowser} from '../auth/browser.js'
import {type Env} from '../env.js'

/**
 * How long a started browser command has to fail before it counts as opened. Launchers such as
 * xdg-open, and BROWSER scripts, hand the URL on and exit within a fraction of a second; a real
 * browser may keep running for hours and is never waited for beyond this.
 */
export const BROWSER_GRACE_MS = 1500

export type OpenResult = {opened: false; reason: string; tried: boolean} | {opened: true}

/**
 * Opens the URL as login does (BROWSER honoured, no display no browser), and waits a bounded
 * moment for the command to fail, so that the caller never reports a console it did not open.
 * `tried` tells a browser that failed from one that could not be used at all.
 */
export async function openInBrowser(url: string, env: Env, graceMs = BROWSER_GRACE_MS): Promise<OpenResult> {
  const choice = chooseBrowser(env)
  if (!choice.canOpen) return {opened: false, reason: choice.reason, tried: false}
  let failed: ((reason: string) => void) | undefined
  const failure = new Promise<string>((resolve) => {
    failed = resolve
  })
  const started = await openBrowser(url, env, (reason) => failed?.(reason))
  if (!started) return {opened: false, reason: 'no browser command could be started', tried: true}
  let timer: NodeJS.Timeout | undefined
  const settled = await Promise.race([
    failure,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => resolve(), graceMs)
    }),
  ])
  clearTimeout(timer)
  return settled === undefined ? {opened: true} : {opened: false, reason: settled, tried: true}
}
