// What both test browsers do before they act, so that TEST_BROWSER_LOG, TEST_BROWSER_ACTION and
// TEST_BROWSER_DELAY_MS mean the same to each.
import {appendFileSync} from 'node:fs'

/**
 * Records the URL the CLI handed over, exits at once for the `none` action, and waits as long as a
 * person reading the page would. Returns the URL and the action to take.
 */
export async function takeUrl() {
  const url = process.argv[2]
  if (process.env.TEST_BROWSER_LOG) appendFileSync(process.env.TEST_BROWSER_LOG, `${url}\n`)
  const action = process.env.TEST_BROWSER_ACTION ?? 'approve'
  if (action === 'none') process.exit(0)
  const delayMs = Number(process.env.TEST_BROWSER_DELAY_MS ?? 0)
  if (delayMs > 0)
    await new Promise((resolve) => {
      setTimeout(resolve, delayMs)
    })
  return {url, action}
}

/** Appends a line to TEST_BROWSER_RESULT when a test asked for it. */
export function recordResult(line) {
  if (process.env.TEST_BROWSER_RESULT) appendFileSync(process.env.TEST_BROWSER_RESULT, `${line}\n`)
}
