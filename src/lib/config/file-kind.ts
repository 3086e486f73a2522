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

/** A file edited in place by the guarded writer (config/write.ts), as its messages name it. */
export interface EditableFile {
  /** "AWS config file", "shared credentials file". */
  name: string
  /** The variable that points elsewhere, for the fix a message suggests. */
  envVar: string
  /** Holds secrets: written 0600 whatever mode it had. */
  secret: boolean
}

export const CONFIG_FILE: EditableFile = {name: 'AWS config file', envVar: 'AWS_CONFIG_FILE', secret: false}
export const CREDENTIALS_FILE: EditableFile = {name: 'shared credentials file', envVar: 'AWS_SHARED_CREDENTIALS_FILE', secret: true}

export function notRegularFileError(path: string, kind: string, file: EditableFile): ConfigError {
  return new ConfigError(`The ${file.name} ${path} is ${kind}, not a regular file; nothing was written. Point ${file.envVar} at a regular file.`)
}

/**
 * The writer replaces the file by renaming a temp file over it, which would turn a device
 * (AWS_CONFIG_FILE=/dev/null in CI) into a regular file, and reading a FIFO would block for
 * ever. Only a regular file, or a link to one, or nothing yet, may be edited. stat() follows
 * links and never opens the file, so a FIFO cannot block here.
 */
export async function requireEditableFile(path: string, file: EditableFile): Promise<void> {
  let st: Stats
  try {
    st = await stat(path)
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'ENOENT' || code === 'ENOTDIR') return
    throw error
  }

  const kind = nonRegularKind(st)
  if (kind) throw notRegularFileError(path, kind, file)
}

export async function requireEditableConfigFile(path: string): Promise<void> {
  await requireEditableFile(path, CONFIG_FILE)
}
