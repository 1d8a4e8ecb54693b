import test from 'ava'
import { codeBlocks, commentedOutput } from './codeBlocks.js'

const page = ['# Title', '', '```ts', 'const a = 1', '```', '', '```sh', 'npm test', '```', '```ts', 'console.log(a) // 1', '', '```', '    ```ts', '    indented, not a block', '    ```'].join('\n')

test('codeBlocks — finds the ts blocks in page order, with the page line where their code starts', (t) => {
  t.deepEqual(codeBlocks(page, 'page.md'), [
    { code: 'const a = 1\n', line: 4, page: 'page.md' },
    { code: 'console.log(a) // 1\n\n', line: 11, page: 'page.md' },
  ])
})

test('codeBlocks — another info string picks other blocks; an unclosed block runs to the end of the page', (t) => {
  t.deepEqual(
    codeBlocks(page, 'page.md', 'sh').map((b) => b.code),
    ['npm test\n'],
  )
  t.deepEqual(codeBlocks('```ts\nlet x = 1', 'p').map((b) => [b.code, b.line]), [['let x = 1\n', 2]])
})

test('commentedOutput — reads the comment after console.log(…), undefined without one', (t) => {
  t.is(commentedOutput('const x = 2\nconsole.log(x * 21) // 42\n'), '42')
  t.is(commentedOutput('console.log(x)\n'), undefined)
})
