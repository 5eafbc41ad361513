// A static file in the three encodings we serve, compressed once at the highest settings: the cost
// (a few hundred ms for the largest bundle) is paid once per process, not per request.
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Encoding } from '../kernel/http/conditional.ts'

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

export interface Precompressed {
  /** First 16 hex digits of the SHA-256 of the uncompressed bytes: the `?v=` of a versioned URL */
  hash: string
  variants: Record<Encoding, { body: Uint8Array<ArrayBuffer>; etag: string }>
}

export async function precompress(body: Uint8Array): Promise<Precompressed> {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16)
  const [br, gzipped] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    }),
    gz(body, { level: constants.Z_BEST_COMPRESSION }),
  ])
  // Strong ETags, one per variant: the bytes differ, so a cache must not treat them as the same.
  return {
    hash,
    variants: {
      identity: { body: new Uint8Array(body), etag: `"${hash}"` },
      br: { body: new Uint8Array(br), etag: `"${hash}-br"` },
      gzip: { body: new Uint8Array(gzipped), etag: `"${hash}-gz"` },
    },
  }
}
