#!/usr/bin/env node
// A stand-in browser whose sign-in "fails" with hostile text: it sends the CLI's loopback listener
// an `error` (and `error_description`) full of terminal escape sequences, as a tampered or broken
// identity provider page could. Usage: BROWSER="browser-error.mjs" (URL appended).
const authorize = new URL(process.argv[2])
const redirect = new URL(authorize.searchParams.get('redirect_uri'))
redirect.searchParams.set('state', authorize.searchParams.get('state'))
redirect.searchParams.set('error', '\u001B[2J\u001B]0;pwned\u0007server_error\u001B[31m')
redirect.searchParams.set('error_description', 'bad\u001B[1A\rthing\u0007 happened')
await fetch(redirect).catch(() => {})
