import {Flags} from '@oclif/core'
import {statSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {BaseCommand} from '../base-command.js'
import {writeFileAtomic} from '../lib/cache/secure-file.js'
import {profileOrEnv} from '../lib/env.js'
import {ConfigError} from '../lib/errors.js'
import {containerEnvLines, isLoopbackHost, validateListenHost} from '../lib/serve/container-env.js'
import {startCredentialServer} from '../lib/serve/credential-server.js'
import {RoleSource} from '../lib/serve/role-source.js'
import {credentialSettings as s} from '../lib/settings.js'
import {stderrSink} from '../lib/terminal.js'

export default class Serve extends BaseCommand {
  static description = `Serve role credentials to containers and long-running tools over the container credentials protocol.

Every AWS SDK and AWS CLI v2 read credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI, sending AWS_CONTAINER_AUTHORIZATION_TOKEN in the Authorization header. serve prints both on stdout as lines a shell takes pasted (\`export NAME=value\`) for the first --profile, and the URL of every other --profile as a comment; --write-env-file writes them instead to a file with mode 0600 in dotenv form (\`NAME=value\`), for \`docker run --network host --env-file F\` or a devcontainer. With --host 0.0.0.0 the URL names 127.0.0.1, the address SDKs accept for plain http.

Credentials come from the cache that credential-process and AWS CLI v2 share, and are fetched again, once for any number of requests, when less than 15 minutes remain. They are fetched once at start, so a login that is needed happens then, in this terminal. A request without the token gets 401, a wrong token 403. One access line per request goes to stderr (time, profile, status).

After a logout (this tool's or \`aws sso logout\`) it answers 503 naming the login command, until the next login. Binds 127.0.0.1 unless --host says otherwise: the token is then the only protection. Ctrl-C or SIGTERM stops accepting, lets requests in flight finish, and exits 130 or 143.`
  static examples = [
    '<%= config.bin %> <%= command.id %> --profile dev',
    '<%= config.bin %> <%= command.id %> --profile dev --port 9911 --write-env-file .devcontainer/aws.env',
    'docker run --rm --network host --env-file .devcontainer/aws.env amazon/aws-cli sts get-caller-identity',
  ]
  static flags = {
    profile: Flags.string({description: 'Profile to serve (repeat for more); each gets its own URL path. Default: AWS_PROFILE.', multiple: true}),
    port: Flags.integer({description: 'Port to listen on; 0 picks a free one.', default: 0, min: 0, max: 65_535}),
    host: Flags.string({description: 'Address to listen on. Anything but a loopback address exposes the server to the network.', default: '127.0.0.1'}),
    // Not --env-file: Node 20 takes that option from anywhere on its command line and exits before we run.
    'write-env-file': Flags.string({description: 'Write the AWS_CONTAINER_* lines to this file (mode 0600) instead of stdout.'}),
    [s.noLogin.flag]: Flags.boolean({env: s.noLogin.env, description: 'Never log in; answer 503 when the token has expired.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Serve)
    validateListenHost(flags.host)
    const profiles = [...new Set(flags.profile ?? [profileOrEnv(undefined, process.env)].filter((p) => p !== undefined))]
    if (profiles.length === 0) throw new ConfigError('Name the profile to serve: --profile NAME (or set AWS_PROFILE).')
    const sink = stderrSink()
    const sources = profiles.map((profile) => new RoleSource({inputs: {profile}, allowLogin: !flags[s.noLogin.flag], env: process.env}))
    // Fetch now: a login that is needed happens here, in front of the user, not inside some SDK's 1 s timeout.
    for (const source of sources) await source.get()

    // Serving has its own stop: finish the requests in flight, however long they take, then exit.
    this.interrupts.dispose()
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
    const server = await startCredentialServer({sources, host: flags.host, port: flags.port, log: (line) => sink.write(`${line}\n`)})
    if (flags['write-env-file']) {
      const lines = containerEnvLines(server, profiles, 'dotenv')
      try {
        // A mistyped directory is an error, not something to create.
        if (!statSync(dirname(resolve(flags['write-env-file']))).isDirectory()) throw Object.assign(new Error('not a directory'), {code: 'ENOTDIR'})
        await writeFileAtomic(flags['write-env-file'], lines)
      } catch (error) {
        await server.close(0)
        throw new ConfigError(`Cannot write --write-env-file ${flags['write-env-file']}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`)
      }
    } else {
      process.stdout.write(containerEnvLines(server, profiles, 'shell'))
    }

    if (!isLoopbackHost(flags.host)) {
      sink.write(`Warning: listening on ${flags.host}, not a loopback address; anyone who can reach it and has the token gets the credentials.\n`)
    }

    sink.write(`Serving ${profiles.join(', ')} at ${server.baseUrl}${flags['write-env-file'] ? `; wrote ${flags['write-env-file']}` : ''}. Ctrl-C stops.\n`)

    const signal = await stopped
    await server.close()
    sink.write('Stopped serving credentials.\n')
    process.exitCode = signal === 'SIGINT' ? 130 : 143
  }
}
