#!/usr/bin/env node
// A real browser for login tests: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core opens the URL it is given and clicks Approve or Deny on the emulator's page;
// for PKCE the browser then follows the redirect to the CLI's loopback listener by itself.
// Usage: BROWSER=".../browser-click.mjs" (the CLI appends the URL).
//   TEST_BROWSER_LOG     file to append each URL it was given to (one line per tab)
//   TEST_BROWSER_ACTION  approve (default) | deny | none (only record the URL)
//   TEST_BROWSER_DELAY_MS  wait this long before acting, as a person reading the page would
//   TEST_BROWSER_RESULT  file to append the final page URL and heading to
//   CHROMIUM_PATH        default /usr/bin/chromium
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {chromium} from 'playwright-core'

import {recordResult as record, takeUrl} from './browser-start.mjs'
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mjs'

const {url, action} = await takeUrl()

const userDataDir = mkdtempSync(join(tmpdir(), 'test-chromium-'))
let context
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: CHROMIUM_ARGS,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(20_000)
  await page.goto(url)
  const button = page.locator(action === 'deny' ? '#deny' : '#approve')
  const start = new URL(url)
  await Promise.all([
    // Either the emulator's result page (device flow) or our listener's page (PKCE redirect).
    page.waitForURL((u) => u.host !== start.host || u.pathname !== start.pathname, {waitUntil: 'load'}),
    button.click(),
  ])
  record(`${page.url()} ${await page.locator('h1').first().textContent()}`)
} catch (error) {
  record(`error ${error instanceof Error ? error.message.split('\n')[0] : error}`)
  process.exitCode = 1
} finally {
  await context?.close().catch(() => {})
  rmSync(userDataDir, {force: true, recursive: true})
}
