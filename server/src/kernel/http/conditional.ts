// Content negotiation and revalidation for static files: which precompressed variant a client
// takes (Accept-Encoding, RFC 9110 §12.5.3), and whether it already has it (If-None-Match, §13.1.2).

export type Encoding = 'br' | 'gzip' | 'identity'

/** br before gzip (smaller for the same text), identity when neither is acceptable. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const q = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qParam ? Number(qParam.slice(2)) : 1
    q.set(name, Number.isFinite(value) ? value : 0)
  }
  const accepts = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0
  if (accepts('br')) return 'br'
  if (accepts('gzip') || accepts('x-gzip')) return 'gzip'
  return 'identity'
}

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`; `*` matches anything. */
export function noneMatch(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return true
  const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''))
  return !tags.some((t) => t === '*' || t === etag)
}
