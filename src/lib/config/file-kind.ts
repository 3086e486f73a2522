import type {Stats} from 'node:fs'

import {stat} from 'node:fs/promises'

import {ConfigError} from '../errors.js'

/** What a non-regular file is, in words a user recognises; undefined for a regular file. */
export function nonRegularKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined
  if (st.isDirectory()) return 'a directory'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isFIFO()) return 'a FIFO'
  if (st.isSocket()) return 'a socket'
  return 'not a file'
}

/**
 * configure replaces the config file by renaming a temp file over it, which would turn a device
 * (AWS_CONFIG_FILE=/dev/null in CI) into a regular file, and reading a FIFO would block for
 * ever. Only a regular file, or a link to one, or nothing yet, may be edited. stat() follows
 * links and never opens the file, so a FIFO cannot block here.
 */
export async function requireEditableConfigFile(path: string): Promise<void> {
  let st: Stats
  try {
    st = await stat(path)
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'ENOENT' || code === 'ENOTDIR') return
    throw error
  }

  const kind = nonRegularKind(st)
  if (kind) {
    throw new ConfigError(`The AWS config file ${path} is ${kind}, not a regular file; nothing was written. Point AWS_CONFIG_FILE at a regular file.`)
  }
}
