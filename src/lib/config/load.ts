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
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return failure(path, error)
  }

  return {path, ...parseConfigFile(path, text)}
}

export function loadConfigSync(path = configFilePath()): LoadedConfig {
  refuseBlockingFile(path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return failure(path, error)
  }

  return {path, ...parseConfigFile(path, text)}
}
