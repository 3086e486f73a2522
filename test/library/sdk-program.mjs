// A Node program as a user writes one: SDK v3 STS clients with credentials from the library,
// imported by the package's own name (through package.json `exports`, i.e. the built dist/).
// Input: one JSON argument; output: one JSON line on stdout describing what happened.
//   {profile, clients, callsPerClient, noLogin, approve: emulator URL for the onLogin hook}
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {AppError, fromAwsSsoUtil} from 'aws-sso-util'

const input = JSON.parse(process.argv[2])
const prompts = []

async function onLogin(prompt) {
  prompts.push({
    flow: prompt.flow,
    userCode: prompt.userCode,
    url: prompt.verificationUri,
    expiresAt: prompt.expiresAt.toISOString(),
    instance: prompt.instance,
  })
  // The user approves in a browser; here, the emulator's admin API approves the same code.
  const response = await fetch(`${input.approve}/_emulator/approve`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({userCode: prompt.userCode}),
  })
  if (!response.ok) throw new Error(`approve: ${response.status} ${await response.text()}`)
}

const options = {profile: input.profile, noLogin: input.noLogin}
if (input.approve) options.onLogin = onLogin
const clients = Array.from({length: input.clients ?? 1}, () => new STSClient({region: 'us-east-1', credentials: fromAwsSsoUtil(options)}))
try {
  const calls = clients.flatMap((client) => Array.from({length: input.callsPerClient ?? 1}, () => client.send(new GetCallerIdentityCommand({}))))
  const identities = await Promise.all(calls)
  const arns = [...new Set(identities.map((i) => i.Arn))]
  process.stdout.write(JSON.stringify({ok: true, calls: identities.length, arns, prompts}) + '\n')
} catch (error) {
  process.stdout.write(
    JSON.stringify({
      ok: false,
      prompts,
      error: {name: error.name, message: error.message, exitCode: error.exitCode, isAppError: error instanceof AppError},
    }) + '\n',
  )
} finally {
  for (const client of clients) client.destroy()
}
