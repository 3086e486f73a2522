import {readFileSync, statSync} from 'node:fs'
import {readFile} from 'node:fs/promises'

import {ConfigError} from '../errors.js'
import {configFilePath} from '../paths.js'
import {ConfigSyntaxError, type ParsedConfig, parseConfigText} from './parse.js'

export type LoadedConfig = ParsedConfig & {path: string}

function empty(path: string): LoadedConfig {
  return {path, profiles: Object.create(null), ssoSessions: Object.create(null), services: Object.create(null)}
}

// Like botocore, a config file that is not there is an empty config; one that is there but
// cannot be read is an error the user has to fix, not something to silently ignore.
function failure(path: string, error: unknown): LoadedConfig {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR') return empty(path)
  const why =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : ((error as Error)?.message ?? String(error))
  throw new ConfigError(`Cannot read the AWS config file ${path}: ${why}.`, {cause: error})
}

/**
 * Reading a FIFO or socket would block until someone writes to it; a device such as /dev/null
 * reads as an empty config, as it does for botocore. stat() never opens, so it cannot block.
 */
function refuseBlockingFile(path: string): void {
  let blocking = false
  try {
    const st = statSync(path)
    blocking = st.isFIFO() || st.isSocket()
  } catch {
    return // the read that follows reports what is wrong
  }

  if (blocking) throw new ConfigError(`The AWS config file ${path} is a FIFO or socket, not a regular file. Point AWS_CONFIG_FILE at a regular file.`)
}

/**
 * The file's text, or a ConfigError where it is not UTF-8 (CF-17): botocore refuses such a file, so
 * reading it anyway would give profiles that no other AWS client sees.
 */
function decodeConfig(path: string, bytes: Buffer): string {
  const text = bytes.toString('utf8')
  // U+FFFD stands in for bytes that are not UTF-8, unless the file itself holds one: compare to be sure.
  if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) {
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length
    throw new ConfigError(
      `Cannot read the AWS config file ${path}: line ${line} is not UTF-8 (the AWS CLI and SDKs refuse this file too); save it as UTF-8 (your editor's encoding setting).`,
    )
  }

  return text
}

/** parseConfigText with the file named in its error: a line botocore refuses is a ConfigError (exit 2). */
export function parseConfigFile(path: string, text: string): ParsedConfig {
  try {
    return parseConfigText(text)
  } catch (error) {
    if (error instanceof ConfigSyntaxError) throw new ConfigError(error.inFile(path), {cause: error})
    throw error
  }
}

export async function loadConfig(path = configFilePath()): Promise<LoadedConfig> {
  refuseBlockingFile(path)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    return failure(path, error)
  }

  return {path, ...parseConfigFile(path, decodeConfig(path, bytes))}
}

export function loadConfigSync(path = configFilePath()): LoadedConfig {
  refuseBlockingFile(path)
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return failure(path, error)
  }

  return {path, ...parseConfigFile(path, decodeConfig(path, bytes))}
}
