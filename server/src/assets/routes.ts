// The browser bundles, served by the API itself so `<script src="https://afflio.example.com/afflio.js">`
// works as documented and the script's own origin is the API's (its default data-api).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Context, Hono } from 'hono'
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

/** Where the widgets' chunks are: next to their entry scripts, which load them by relative URL. */
export const defaultChunkDir = (): string => dirname(defaultBundleFiles()['/afflio-console.js']!)

// A chunk of the portal or the console (widget/vite.base.ts): its name ends in a hash of its content.
const CHUNK = '/:chunk{afflio-(?:portal|console)-[A-Za-z0-9_-]+\\.js}'

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

export function assetRoutes(files: BundleFiles = defaultBundleFiles(), chunkDir: string = defaultChunkDir()) {
  const app = new Hono()
  for (const [path, file] of Object.entries(files)) {
    const load = loader(file)
    app.get(path, async (c) => serve(c, path.slice(1), await load(), (asset) => c.req.query('v') === asset.hash))
  }
  // The name says which bytes (a new build writes new names), so a chunk may be cached for good.
  const chunks = new Map<string, () => Promise<Precompressed> | null>()
  app.get(CHUNK, async (c) => {
    const name = c.req.param('chunk')
    let load = chunks.get(name)
    if (!load) chunks.set(name, (load = loader(join(chunkDir, name))))
    const asset = await load()
    // An unknown name is not remembered: a client must not grow this map.
    if (!asset) chunks.delete(name)
    return serve(c, name, asset, () => true)
  })
  return app
}

function serve(c: Context, name: string, asset: Precompressed | null | undefined, immutable: (asset: Precompressed) => boolean) {
  if (!asset) return c.json({ error: { code: 'not_found', message: `${name} is not built: run pnpm build` } }, 404)
  const encoding = pickEncoding(c.req.header('accept-encoding'))
  const variant = asset.variants[encoding]
  const headers: Record<string, string> = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': immutable(asset) ? IMMUTABLE : REVALIDATE,
    etag: variant.etag,
    vary: 'Accept-Encoding',
    'access-control-allow-origin': '*',
    // A plain <script src> is a no-cors load: a cross-origin isolated host page (COEP require-corp)
    // refuses it unless the response allows being embedded from any origin.
    'cross-origin-resource-policy': 'cross-origin',
  }
  if (encoding !== 'identity') headers['content-encoding'] = encoding
  if (!noneMatch(c.req.header('if-none-match'), variant.etag)) return c.body(null, 304, headers)
  return c.body(variant.body, 200, headers)
}
