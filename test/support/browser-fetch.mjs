#!/usr/bin/env node
// A stand-in browser for tests that need an approval but not a real browser: it loads the URL,
// submits the page's Approve (or Deny) form as a click would, and follows redirects, including
// the one back to the CLI's loopback listener. Usage: BROWSER="browser-fetch.mjs" (URL appended).
//   TEST_BROWSER_LOG     file to append each URL it was given to (one line per tab)
//   TEST_BROWSER_ACTION  approve (default) | deny | none (only record the URL)
//   TEST_BROWSER_DELAY_MS  wait this long before acting, as a person reading the page would
import {recordResult, takeUrl} from './browser-start.mjs'

const {url, action} = await takeUrl()

async function follow(start, init) {
  let next = start
  let options = init
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(next, {...options, redirect: 'manual'})
    const location = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && location) {
      next = new URL(location, next).toString()
      options = undefined
      continue
    }

    return {url: next, status: res.status, html: await res.text()}
  }

  throw new Error(`too many redirects from ${start}`)
}

function submitForm(page, decision) {
  const forms = [...page.html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)]
  const form = forms.find((f) => f[1].endsWith(`/${decision}`))
  if (!form) return
  const fields = new URLSearchParams()
  for (const input of form[2].matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)) fields.append(input[1], input[2])
  return follow(new URL(form[1], page.url).toString(), {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: fields.toString(),
  })
}

try {
  const page = await follow(url)
  // The emulator's auto-approve mode redirects straight through; otherwise there is a form.
  const result = (await submitForm(page, action === 'deny' ? 'deny' : 'approve')) ?? page
  recordResult(`${result.status} ${result.url}`)
} catch (error) {
  recordResult(`error ${error}`)
  process.exit(1)
}
