// The browser bundles, served by the API itself so `<script src="https://afflio.example.com/afflio.js">`
// works as documented and the script's own origin is the API's (its default data-api).
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { noneMatch, pickEncoding } from '../kernel/http/conditional.ts'
import { type Precompressed, precompress } from './precompress.ts'

const BUNDLES: Record<string, string> = {
  '/afflio.js': '../../../sdk/dist/afflio.js',
  '/afflio-portal.js': '../../../widget/dist/afflio-portal.js',
  '/afflio-console.js': '../../../widget/dist/afflio-console.js',
  '/afflio-apply.js': '../../../widget/dist/afflio-apply.js',
}

/** URL path to file on disk; tests pass their own files. */
export type BundleFiles = Record<string, string>

export const defaultBundleFiles = (): BundleFiles =>
  Object.fromEntries(Object.entries(BUNDLES).map(([path, rel]) => [path, fileURLToPath(new URL(rel, import.meta.url))]))

// `?v=<hash>` that matches the content: the URL names these exact bytes, so caches may keep it for good.
const IMMUTABLE = 'public, max-age=31536000, immutable'
// The plain script-tag URL (or a stale `?v=`): 5 minutes without a request, then a conditional one
// (a 304 when unchanged). A deploy reaches every page within 5 minutes, and a script on every page
// of a site does not cost a round trip per page view, as `no-cache` would.
const REVALIDATE = 'public, max-age=300, must-revalidate'

/**
 * Read and compressed once per process (the first request waits for it). A missing bundle is looked
 * for again, so `pnpm build` after start works.
 */
function loader(file: string) {
  let cached: Promise<Precompressed> | null = null
  return () => {
    if (!cached && existsSync(file)) cached = precompress(readFileSync(file))
    return cached
  }
}

export function assetRoutes(files: BundleFiles = defaultBundleFiles()) {
  const app = new Hono()
  for (const [path, file] of Object.entries(files)) {
    const load = loader(file)
    app.get(path, async (c) => {
      const asset = await load()
      if (!asset) return c.json({ error: { code: 'not_found', message: `${path.slice(1)} is not built: run pnpm build` } }, 404)
      const encoding = pickEncoding(c.req.header('accept-encoding'))
      const variant = asset.variants[encoding]
      const headers: Record<string, string> = {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': c.req.query('v') === asset.hash ? IMMUTABLE : REVALIDATE,
        etag: variant.etag,
        vary: 'Accept-Encoding',
        'access-control-allow-origin': '*',
      }
      if (encoding !== 'identity') headers['content-encoding'] = encoding
      if (!noneMatch(c.req.header('if-none-match'), variant.etag)) return c.body(null, 304, headers)
      return c.body(variant.body, 200, headers)
    })
  }
  return app
}
