import {xmlEscape as esc} from './http.js'

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - IAM Identity Center emulator</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #16191f; }
.code { font-family: ui-monospace, monospace; font-size: 1.6rem; letter-spacing: .15em; padding: .4rem .8rem; border: 1px solid #aab7b8; display: inline-block; }
form.inline { display: inline-block; margin-right: .5rem; }
button { font-size: 1rem; padding: .4rem 1.2rem; }
#approve { background: #ec7211; color: #fff; border: 1px solid #ec7211; }
.muted { color: #5f6b7a; }
</style>
</head>
<body>
${body}
</body>
</html>
`
}

function decisionForms(action: string, field: string, value: string): string {
  const hidden = `<input type="hidden" name="${field}" value="${esc(value)}">`
  return (
    `<form class="inline" method="post" action="${action}/approve">${hidden}<button id="approve">Approve</button></form>\n` +
    `<form class="inline" method="post" action="${action}/deny">${hidden}<button id="deny">Deny</button></form>`
  )
}

export function deviceCodeEntryPage(message?: string): string {
  const note = message ? `<p class="muted" id="message">${esc(message)}</p>\n` : ''
  return layout(
    'Authorize request',
    `<h1>Authorize request</h1>
${note}<p>Enter the code shown by your application.</p>
<form method="get" action="/device">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" autocomplete="off" autofocus>
<button id="submit" type="submit">Next</button>
</form>`,
  )
}

export function deviceApprovalPage(userCode: string, clientName: string, startUrl: string): string {
  return layout(
    'Allow access',
    `<h1>Allow ${esc(clientName)} to access your data?</h1>
<p>Confirm that this code matches the one shown by the application:</p>
<p class="code" id="user-code">${esc(userCode)}</p>
<p class="muted">Application: <span id="client-name">${esc(clientName)}</span><br>Start URL: ${esc(startUrl)}</p>
${decisionForms('/device', 'user_code', userCode)}`,
  )
}

export function decisionResultPage(approved: boolean): string {
  const title = approved ? 'Request approved' : 'Request denied'
  const detail = approved ? 'You can close this window and return to the application.' : 'The application was not given access. You can close this window.'
  return layout(title, `<h1 id="result">${title}</h1>\n<p>${detail}</p>`)
}

export function authorizeApprovalPage(id: string, userCode: string, clientName: string, scopes: string[]): string {
  const scopeList = scopes.length > 0 ? scopes.map((s) => `<li>${esc(s)}</li>`).join('') : '<li>(none)</li>'
  return layout(
    'Allow access',
    `<h1>Allow ${esc(clientName)} to access your data?</h1>
<p>Request code:</p>
<p class="code" id="user-code">${esc(userCode)}</p>
<p class="muted">Application: <span id="client-name">${esc(clientName)}</span></p>
<p class="muted">Scopes:</p><ul id="scopes">${scopeList}</ul>
${decisionForms('/authorize', 'id', id)}
<p class="muted">Approved elsewhere? <a id="resume" href="/authorize/resume?id=${encodeURIComponent(id)}">Continue</a></p>`,
  )
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1 id="error">${esc(title)}</h1>\n<p id="message">${esc(message)}</p>`)
}

export function indexPage(url: string): string {
  return layout(
    'IAM Identity Center emulator',
    `<h1>IAM Identity Center emulator</h1>
<p>Point clients at this server with <code>AWS_ENDPOINT_URL_SSO=${esc(url)}</code>, <code>AWS_ENDPOINT_URL_SSO_OIDC=${esc(url)}</code> and <code>AWS_ENDPOINT_URL_STS=${esc(url)}</code>.</p>
<ul>
<li><a href="/device">Approve a device code</a></li>
<li><a href="/_emulator/pending">Pending requests (JSON)</a></li>
<li><a href="/_emulator/stats">Request counts (JSON)</a></li>
</ul>`,
  )
}
