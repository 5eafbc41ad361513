// Small server-rendered pages: every interpolated value goes through `esc`, and the CSP of every HTML
// answer (security-headers.ts) allows no script at all, so a hostile name or description stays text.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for HTML content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}

/** A URL for href/src, or null unless it is http(s): no `javascript:` or `data:` links. */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null
  try {
    const u = new URL(value)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:760px;margin:0 auto;padding:24px}a{color:#2b59c3}h1{margin:0 0 16px}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:16px;margin:12px 0}
.card img{width:48px;height:48px;object-fit:contain;float:right}.muted{color:#5b6475;font-size:14px}
.desc{white-space:pre-line}.earn{font-weight:600}label{display:block;margin:12px 0 4px;font-weight:600}
input[type=text],input[type=email],input[type=url],textarea,select{width:100%;box-sizing:border-box;padding:8px;border:1px solid #c4cad4;border-radius:6px;font:inherit}
label.check{font-weight:400}button{margin-top:16px;padding:8px 16px;font:inherit;border-radius:6px;border:0;background:#2b59c3;color:#fff}
.notice{background:#e8f4ea;border:1px solid #9ccfa6;padding:12px;border-radius:6px}.error{background:#fbeaea;border-color:#e3a1a1}`

/** A whole page: `body` must already be escaped HTML. */
export function htmlPage(c: Context, status: ContentfulStatusCode, title: string, body: string): Response {
  const doc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
  return c.html(doc, status)
}
