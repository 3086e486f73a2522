/**
 * One writer process for the concurrency test: adds `count` keys named `<prefix>_<i>` to
 * [profile race], each in its own updateConfigFile call, holding each change open for a while
 * so that writers overlap.
 */
import {editConfigText} from '../../../src/lib/config/edit.js'
import {updateConfigFile} from '../../../src/lib/config/write.js'

const [path, prefix, countText, holdText] = process.argv.slice(2)
const hold = Number(holdText)
for (let i = 0; i < Number(countText); i++) {
  await updateConfigFile(path, (text) => {
    const until = Date.now() + hold
    while (Date.now() < until) {
      // Busy-wait: the read-modify-write window another writer could slip into.
    }

    return editConfigText(text, [{section: {kind: 'profile', name: 'race'}, set: [[`${prefix}_${i}`, String(i)]]}])
  })
}
