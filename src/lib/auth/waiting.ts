import type {LoginUi} from './ui.js'

import {formatDuration} from './timing.js'

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

export interface Waiting {
  stop(): void
}

/**
 * Tells the user we are waiting on them. On a terminal a spinner counts down the time left;
 * elsewhere (logs, captured stderr) a single line, since redrawn lines would only add noise.
 */
export function showWaiting(ui: LoginUi, message: string, deadline: number): Waiting {
  if (!ui.isTTY || !ui.spinner) {
    ui.write(`${message} (up to ${formatDuration((deadline - Date.now()) / 1000)} min)…`)
    return {stop() {}}
  }

  const spinner = ui.spinner.bind(ui)
  let frame = 0
  const draw = () => {
    spinner(`${FRAMES[frame++ % FRAMES.length]} ${message} (${formatDuration((deadline - Date.now()) / 1000)} left)`)
  }

  draw()
  const timer = setInterval(draw, 100)
  // The login's own timers keep the process alive; the spinner must not keep it alive by itself.
  timer.unref()
  let stopped = false
  return {
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      spinner()
    },
  }
}
