import type { Issue } from '@spikegrad/core'

/**
 * Why reading or writing a file failed, as a value. Every variant names the file and carries
 * a `message` that says what went wrong and, where there is one, how to fix it.
 */
export type IoError =
  | { readonly _tag: 'NotFound'; readonly path: string; readonly message: string }
  | {
      readonly _tag: 'NotJson'
      readonly path: string
      /** 1-based line and column of the first syntax error. */
      readonly line: number
      readonly column: number
      readonly message: string
    }
  | { readonly _tag: 'ReadFailed'; readonly path: string; readonly reason: string; readonly message: string }
  | { readonly _tag: 'WriteFailed'; readonly path: string; readonly reason: string; readonly message: string }

// constructors

export const notFound = (path: string): IoError => ({
  _tag: 'NotFound',
  path,
  message: `${path}: file not found. Check the path (relative paths are taken from the current directory).`,
})

export const notJson = (path: string, line: number, column: number, problem: string): IoError => ({
  _tag: 'NotJson',
  path,
  line,
  column,
  message: `${path}:${line}:${column}: not valid JSON: ${problem}`,
})

export const readFailed = (path: string, reason: string): IoError => ({
  _tag: 'ReadFailed',
  path,
  reason,
  message: `${path}: could not be read: ${reason}`,
})

export const writeFailed = (path: string, reason: string): IoError => ({
  _tag: 'WriteFailed',
  path,
  reason,
  message: `${path}: could not be written (${reason}); the previous contents, if any, are unchanged.`,
})

// utils

/** A short reason from a Node system error (code and text), e.g. 'EACCES: permission denied'. */
export const systemReason = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code
    const text = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')
    return code !== undefined && !text.startsWith(code) ? `${code}: ${text}` : text
  }
  return String(error)
}

/** The error as an issue at the file (and, for JSON syntax, its line and column). */
export const ioIssue = (e: IoError): Issue => {
  const at = e._tag === 'NotJson' ? `${e.path}:${e.line}:${e.column}` : e.path
  return { at, problem: e.message.startsWith(at) ? e.message.slice(at.length).replace(/^:\s*/, '') : e.message }
}
