import { createReadStream, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** A static site served on the loopback interface under a sub-path, as a static host would. */
export interface StaticSite {
  /** The site's address, ending in '/'. */
  readonly url: string
  close(): Promise<void>
}

/**
 * Serves the files of `root` at http://127.0.0.1:<free port>/<prefix>/ — under a sub-path, so
 * that a page that asked for its assets at absolute paths would fail to load them.
 */
export async function serveStatic(root: string, prefix: string): Promise<StaticSite> {
  const base = `/${prefix}/`
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (!path.startsWith(base)) return notFound(response)
    const file = normalize(join(root, path.slice(base.length) || 'index.html'))
    if (file !== root && !file.startsWith(root + sep)) return notFound(response)
    try {
      if (!statSync(file).isFile()) return notFound(response)
    } catch {
      return notFound(response)
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}

function notFound(response: import('node:http').ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain' })
  response.end('not found')
}
