// The browser bundles, served by the API itself so `<script src="https://afflio.example.com/afflio.js">`
// works as documented and the script's own origin is the API's (its default data-api).
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { sha256 } from '../lib/hash.ts'

const BUNDLES: Record<string, string> = {
  '/afflio.js': '../../../sdk/dist/afflio.js',
  '/afflio-portal.js': '../../../widget/dist/afflio-portal.js',
  '/afflio-console.js': '../../../widget/dist/afflio-console.js',
  '/afflio-apply.js': '../../../widget/dist/afflio-apply.js',
}

/** Read once per process; a missing bundle is looked for again, so `pnpm build` after start works. */
function loader(relative: string) {
  const file = fileURLToPath(new URL(relative, import.meta.url))
  let cached: { body: Buffer; etag: string } | null = null
  return () => {
    if (!cached && existsSync(file)) {
      const body = readFileSync(file)
      cached = { body, etag: `"${sha256(body.toString('latin1')).slice(0, 16)}"` }
    }
    return cached
  }
}

export function assetRoutes() {
  const app = new Hono()
  for (const [path, relative] of Object.entries(BUNDLES)) {
    const load = loader(relative)
    app.get(path, (c) => {
      const asset = load()
      if (!asset) return c.json({ error: { code: 'not_found', message: `${path.slice(1)} is not built: run pnpm build` } }, 404)
      const headers = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', etag: asset.etag, 'access-control-allow-origin': '*' }
      if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers)
      return c.body(new Uint8Array(asset.body), 200, headers)
    })
  }
  return app
}
