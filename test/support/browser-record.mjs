#!/usr/bin/env node
// A stand-in for a browser: records each URL it is asked to open (one per line in $BROWSER_LOG, so a
// test can count tabs) and then visits it, following redirects, as a browser would on an
// auto-approving identity provider. That completes a PKCE login through the loopback listener.
import {appendFileSync} from 'node:fs'

const url = process.argv[2]
if (process.env.BROWSER_LOG) appendFileSync(process.env.BROWSER_LOG, `${url}\n`)
try {
  await fetch(url, {redirect: 'follow'})
} catch {}
