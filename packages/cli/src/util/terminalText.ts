/**
 * Text from files and arguments, made safe to print: a task name holding `\x1b]0;…\x07\x1b[2J`
 * would otherwise retitle and clear the user's terminal. Every control character but the
 * newline — C0 (tab, carriage return and escape included), DEL, C1 — and the Unicode controls
 * that reorder or break lines (bidirectional embeddings, overrides and isolates, the line and
 * paragraph separators) are shown as escapes: `\x1b`, `\x07`, `\u202e`.
 */
export function terminalText(text: string): string {
  return text.replace(unsafe, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

// C0 but \n, DEL, C1, U+200E/F (marks), U+2028/9 (separators), U+202A–202E (embeddings, overrides), U+2066–2069 (isolates)
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** A writable stream whose chunks are shown as `terminalText`; `raw` is the stream itself (for a progress bar, which writes its own control sequences). */
export interface EscapingStream extends NodeJS.WritableStream {
  readonly raw: NodeJS.WritableStream & { readonly isTTY?: boolean }
  readonly isTTY?: boolean
}

/** `stream`, with every chunk written through `terminalText` (what the commands of the program write to). */
export function escapingStream(stream: NodeJS.WritableStream & { readonly isTTY?: boolean }): EscapingStream {
  if ((stream as Partial<EscapingStream>).raw !== undefined) return stream as EscapingStream
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (c: unknown, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? terminalText(chunk) : chunk instanceof Uint8Array ? terminalText(Buffer.from(chunk).toString('utf8')) : chunk, ...rest)
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return write
      if (key === 'raw') return target
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  }) as EscapingStream
}
