/** A fenced code block of a Markdown page: its text and the page line where the code starts (1-based). */
export interface CodeBlock {
  readonly code: string
  readonly line: number
  /** The page's name, for messages (e.g. `docs/solver.md`). */
  readonly page: string
}

/**
 * The fenced blocks of `markdown` whose info string is exactly `lang` (default `ts`), in page
 * order. A block opens with a line "```ts" (no indentation) and closes at the next line "```".
 */
export function codeBlocks(markdown: string, page = 'page', lang = 'ts'): CodeBlock[] {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trimEnd() !== '```' + lang) continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end].trimEnd() !== '```') end++
    blocks.push({ code: lines.slice(start, end).join('\n') + '\n', line: start + 1, page })
    i = end
  }
  return blocks
}

/**
 * What a block says it prints: the comment after its `console.log(…)` line,
 * e.g. `console.log(total) // 42` → `42`; undefined when it has none.
 */
export function commentedOutput(code: string): string | undefined {
  return /console\.log\(.*\) \/\/ (.*)/.exec(code)?.[1]
}
