import type {RoleCredentials} from '../cache/credentials-cache.js'

import {requireCredentialShape} from '../credential-shape.js'

export const EXPORT_FORMATS = ['env', 'env-no-export', 'fish', 'powershell', 'windows-cmd', 'dotenv', 'json', 'credentials-file'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

type Pairs = Array<[name: string, value: string]>

function variables(creds: RoleCredentials): Pairs {
  return [
    ['AWS_ACCESS_KEY_ID', creds.AccessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.SecretAccessKey],
    ['AWS_SESSION_TOKEN', creds.SessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', creds.Expiration],
  ]
}

/** POSIX single quotes, only when needed: `aws configure export-credentials` prints plain values. */
function posixQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", String.raw`'\''`)}'`
}

/** fish: inside single quotes only \ and ' are special. */
function fishQuote(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", String.raw`\'`)}'`
}

/** PowerShell double quotes, as the AWS CLI writes them; ` escapes ", $ and ` itself. */
function powershellQuote(value: string): string {
  return `"${value.replaceAll(/[`"$]/g, (c) => `\`${c}`)}"`
}

/** dotenv readers (docker compose, python-dotenv, Node's --env-file) agree on plain or double-quoted values. */
function dotenvQuote(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? value : `"${value.replaceAll('\\', '\\\\').replaceAll('"', String.raw`\"`)}"`
}

/**
 * The credentials for a shell or a file. env, env-no-export, powershell, windows-cmd and the json
 * (process) shape are what `aws configure export-credentials` prints for those formats.
 */
export function formatExport(creds: RoleCredentials, format: Exclude<ExportFormat, 'credentials-file'>): string {
  // windows-cmd has no quoting that cmd.exe honours for every character; with the values held to
  // AWS's alphabet, no format's quoting is ever needed for safety.
  requireCredentialShape(creds, `print them as ${format}`)
  const pairs = variables(creds)
  switch (format) {
    case 'env': {
      return pairs.map(([k, v]) => `export ${k}=${posixQuote(v)}\n`).join('')
    }

    case 'env-no-export': {
      return pairs.map(([k, v]) => `${k}=${posixQuote(v)}\n`).join('')
    }

    case 'fish': {
      return pairs.map(([k, v]) => `set -gx ${k} ${fishQuote(v)}\n`).join('')
    }

    case 'powershell': {
      return pairs.map(([k, v]) => `$Env:${k}=${powershellQuote(v)}\n`).join('')
    }

    case 'windows-cmd': {
      return pairs.map(([k, v]) => `set ${k}=${v}\n`).join('')
    }

    case 'dotenv': {
      return pairs.map(([k, v]) => `${k}=${dotenvQuote(v)}\n`).join('')
    }

    case 'json': {
      return (
        JSON.stringify({
          Version: 1,
          AccessKeyId: creds.AccessKeyId,
          SecretAccessKey: creds.SecretAccessKey,
          SessionToken: creds.SessionToken,
          Expiration: creds.Expiration,
        }) + '\n'
      )
    }
  }
}
