/** In-memory stand-ins for the configure flows' dependencies, shared by their unit specs. */
import type {ConfigStore} from '../../src/lib/configure/profile-flow.js'

/** A config file in memory; `writes` counts the updates that changed it. */
export function memoryStore(initial: string): ConfigStore & {text: string; writes: number} {
  const store = {
    path: '/home/u/.aws/config',
    text: initial,
    writes: 0,
    async read() {
      return store.text
    },
    async update(change: (text: string) => string) {
      const next = change(store.text)
      const changed = next !== store.text
      if (changed) store.writes++
      store.text = next
      return {changed}
    },
  }
  return store
}
