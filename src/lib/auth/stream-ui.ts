import type {LoginUi} from './ui.js'

const CLEAR_LINE = '\r\u001B[2K'

/** A LoginUi on a stream (the command's stderr): plain lines, plus a redrawn spinner line on a terminal. */
export function streamUi(stream: NodeJS.WriteStream): LoginUi {
  const isTTY = Boolean(stream.isTTY)
  let spinnerShown = false
  const clear = () => {
    if (spinnerShown) stream.write(CLEAR_LINE)
    spinnerShown = false
  }

  return {
    isTTY,
    write(line) {
      clear()
      stream.write(`${line}\n`)
    },
    spinner: isTTY
      ? (text) => {
          if (text === undefined) {
            clear()
            return
          }

          // Never wider than the terminal: a wrapped line cannot be redrawn in place.
          const width = stream.columns > 1 ? stream.columns - 1 : 79
          stream.write(`${CLEAR_LINE}${text.slice(0, width)}`)
          spinnerShown = true
        }
      : undefined,
  }
}
