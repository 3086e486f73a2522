import type {Hook} from '@oclif/core'

/**
 * After the autocomplete plugin (re)writes its completion functions, teach them profile names.
 * `autocomplete [bash|zsh]` (the documented setup, and `--refresh-cache`) writes them through an
 * internal call that fires no hook of its own, so both ids are watched.
 */
const WRITERS = new Set(['autocomplete', 'autocomplete:create'])

const hook: Hook.Postrun = async function (options) {
  if (!WRITERS.has(options.Command?.id ?? '')) return
  const {addProfileCompletion} = await import('../lib/everyday/completion.js')
  await addProfileCompletion(options.config.cacheDir, options.config.bin)
}

export default hook
