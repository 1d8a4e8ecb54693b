/**
 * Why a queue could not be used, as a value. Each message names the Redis URL (its password
 * hidden) and says what to do.
 */
export type QueueError =
  | { readonly _tag: 'InvalidUrl'; readonly message: string }
  | { readonly _tag: 'RedisUnreachable'; readonly url: string; readonly message: string }
  | { readonly _tag: 'InvalidOptions'; readonly message: string }
