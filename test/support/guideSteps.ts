import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './repositoryRoot.js'

/** docs/writing-a-plugin.md. */
export function pluginGuide(): string {
  return readFileSync(join(repositoryRoot(), 'docs', 'writing-a-plugin.md'), 'utf8')
}

/** The bodies of the guide's blocks fenced as ```sh step, in order: the commands a reader runs. */
export function guideSteps(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh step\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)
}

/** What a step writes with `cat > <path> <<'EOF' … EOF`, exactly as the guide prints it. */
export function guideFile(markdown: string, path: string): string {
  for (const step of guideSteps(markdown)) {
    const start = step.indexOf(`cat > ${path} <<'EOF'\n`)
    if (start < 0) continue
    const from = start + `cat > ${path} <<'EOF'\n`.length
    const end = step.indexOf('\nEOF\n', from - 1)
    if (end < 0) throw new Error(`the guide's heredoc for ${path} has no closing EOF`)
    return step.slice(from, end + 1)
  }
  throw new Error(`no step of the guide writes ${path}`)
}
