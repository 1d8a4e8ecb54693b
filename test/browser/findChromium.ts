import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** How to get the browser the browser test drives, for the message of a machine without one. */
export const chromiumHint =
  "the browser test drives a real Chromium and found none: install Debian's chromium package (apt-get install chromium), " +
  'or set SPIKEGRAD_CHROMIUM to a Chromium or Chrome executable'

/**
 * The Chromium to drive: `SPIKEGRAD_CHROMIUM` if set, else `chromium` (Debian's package) or
 * `chromium-browser` on the PATH.
 * @throws Error with {@link chromiumHint} when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['SPIKEGRAD_CHROMIUM']
  if (given !== undefined && given !== '') {
    if (isExecutable(given)) return given
    throw new Error(`SPIKEGRAD_CHROMIUM=${given} is not an executable file; ${chromiumHint}`)
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const path = join(dir, name)
      if (dir !== '' && isExecutable(path)) return path
    }
  }
  throw new Error(chromiumHint)
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
