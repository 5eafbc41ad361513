// A link's QR code as SVG: for the program (secret key or console token; mounted in app.ts's secretApi())
// and for the partner (embed token; mounted inside portal/routes.ts, so only the partner's own links).
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { noneMatch } from '../kernel/http/conditional.ts'
import { parseQuery } from '../kernel/http/validate.ts'
import type { PortalEnv } from '../portal/index.ts'
import { getLinkQr, type LinkQr } from './link-qr.ts'
import * as s from './schemas.ts'

/**
 * The SVG, or 304 when the client has it. Cached by the client only (the answer needs a credential), and
 * revalidated on each use: a link's code and destination never change, but the program's site URL, the
 * base of a link without a destination, may.
 */
function answerSvg(c: Context, qr: LinkQr): Response {
  const headers = { etag: qr.etag, 'cache-control': 'private, no-cache' }
  if (!noneMatch(c.req.header('if-none-match'), qr.etag)) return c.body(null, 304, headers)
  return c.body(qr.svg, 200, {
    ...headers,
    'content-type': 'image/svg+xml; charset=utf-8',
    // Opened as a document, an SVG could run script: ours has none, and may load nothing either.
    'content-security-policy': "default-src 'none'",
  })
}

export const linkRoutes = new Hono<AppEnv>().get('/links/:id/qr.svg', async (c) =>
  answerSvg(c, await getLinkQr(c.var.deps.db, c.var.program, c.req.param('id'), parseQuery(c, s.linkQr))),
)

export const portalLinkRoutes = new Hono<PortalEnv>().get('/links/:id/qr.svg', async (c) => {
  const { program, partner } = c.var.session
  return answerSvg(c, await getLinkQr(c.var.deps.db, program, c.req.param('id'), parseQuery(c, s.linkQr), partner.id))
})
