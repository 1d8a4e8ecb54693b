/**
 * Whether an environment flag such as CI or SPIKEGRAD_DEBUG is on: set to anything but the
 * empty string, '0' or 'false' (any case).
 * @example envFlag(process.env.CI) // true under CI=true or CI=1
 */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}
