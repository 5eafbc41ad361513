import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { pickEncoding } from '../kernel/http/conditional.ts'
import { assetRoutes } from './routes.ts'

// Fixture bytes, not the built bundles: the route is tested whether or not `pnpm build` ran.
const dir = mkdtempSync(join(tmpdir(), 'afflio-assets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const source = Buffer.from(`(()=>{${'const portal = "répété";'.repeat(400)}})()\n`)
const file = join(dir, 'afflio-portal.js')
writeFileSync(file, source)
const app = assetRoutes({ '/afflio-portal.js': file, '/afflio-later.js': join(dir, 'later.js') }, dir)
const chunk = Buffer.from('export const Rules = () => null\n')
writeFileSync(join(dir, 'afflio-console-Rules-B_x8jyIm.js'), chunk)
const get = (url: string, headers: Record<string, string> = {}) => app.request(url, { headers })
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer())

describe('served bundles', () => {
  it('picks br, then gzip, then identity by Accept-Encoding, and the bytes decompress to the file', async () => {
    const br = await get('/afflio-portal.js', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(brotliDecompressSync(await bytes(br))).toEqual(source)

    const gz = await get('/afflio-portal.js', { 'accept-encoding': 'gzip, br;q=0' })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(await bytes(gz))).toEqual(source)

    const plain = await get('/afflio-portal.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await bytes(plain)).toEqual(source)

    for (const res of [br, gz, plain]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    }
    expect(new Set([br, gz, plain].map((r) => r.headers.get('etag'))).size).toBe(3)
    expect(br.headers.get('etag')).toMatch(/^"[0-9a-f]{16}-br"$/) // strong: no W/
  })

  it('answers 304 to the ETag of the variant the client would get', async () => {
    const first = await get('/afflio-portal.js', { 'accept-encoding': 'br' })
    const etag = first.headers.get('etag')!
    const again = await get('/afflio-portal.js', { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('vary')).toBe('Accept-Encoding')
    expect(await again.text()).toBe('')
    expect((await get('/afflio-portal.js', { 'accept-encoding': 'br', 'if-none-match': `"x", W/${etag}` })).status).toBe(304)
    // The brotli ETag says nothing about the gzip bytes.
    expect((await get('/afflio-portal.js', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200)
  })

  it('lets a versioned URL be cached for good and has the script-tag URL revalidated', async () => {
    const plain = await get('/afflio-portal.js')
    const hash = plain.headers.get('etag')!.slice(1, -1)
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate')
    const versioned = await get(`/afflio-portal.js?v=${hash}`, { 'accept-encoding': 'br' })
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    // A hash of other bytes (an old deploy's URL) must not pin today's file for a year.
    const stale = await get('/afflio-portal.js?v=0123456789abcdef')
    expect(stale.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate')
  })

  it('answers 404 until the bundle is built, then serves it', async () => {
    expect((await get('/afflio-later.js')).status).toBe(404)
    writeFileSync(join(dir, 'later.js'), 'console.log(1)\n')
    const res = await get('/afflio-later.js', { 'accept-encoding': 'gzip' })
    expect(gunzipSync(await bytes(res)).toString()).toBe('console.log(1)\n')
  })
})

describe('served chunks', () => {
  it('serves a chunk the widget loads, by its content-hashed name, cacheable for good and cross-origin', async () => {
    const res = await get('/afflio-console-Rules-B_x8jyIm.js', { 'accept-encoding': 'br' })
    expect(res.status).toBe(200)
    expect(brotliDecompressSync(await bytes(res))).toEqual(chunk)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('access-control-allow-origin')).toBe('*') // import() of a module is a CORS fetch
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('answers 404 to a chunk that is not built and to any name that is not a chunk', async () => {
    expect((await get('/afflio-console-Gone-0123abcd.js')).status).toBe(404)
    expect((await get('/afflio-console-..%2Fafflio-portal.js')).status).toBe(404)
    expect((await get('/afflio-apply-x.js')).status).toBe(404)
    expect((await get('/other-Rules-B_x8jyIm.js')).status).toBe(404)
  })
})

describe('pickEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['*', 'br'],
    ['*, br;q=0', 'gzip'],
    ['BR;Q=0.5, gzip', 'br'],
    ['gzip;q=0, br;q=0', 'identity'],
    ['deflate', 'identity'],
  ])('%j -> %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected)
  })
})
