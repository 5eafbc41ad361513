// Communication routes: threads and newsletters for the program (mounted in the secret-key API), the
// partner's inbox (mounted in the portal, scoped to the token's partner), and public unsubscribe links.
import { type Context, Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import { bearer } from '../kernel/http/auth.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { idempotency } from '../kernel/http/idempotency.ts'
import * as m from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { escapeHtml } from '../kernel/markdown.ts'
import { sha256 } from '../kernel/hash.ts'
import { findConsoleManager } from './queries.ts'
import { createNewsletter, getNewsletter, listNewsletterRecipients, listNewsletters, sendNewsletter } from './newsletters.ts'
import { getPortalMessages, listThreadMessages, listThreads, markPartnerRead, markProgramRead, sendPartnerMessage, sendProgramMessage } from './threads.ts'
import { getNotificationPreferences, setMessagePreferences, setNotificationPreferences, unsubscribeByToken, unsubscribeTarget } from './unsubscribe.ts'
import { listNotices, readNotices, unreadNotices } from './notices.ts'
import { previewNewsletter, sendTestNewsletter } from './newsletter-preview.ts'
import type { PortalEnv } from '../portal/index.ts'

/** Who is writing, program side: a console token's manager, else what a secret-key caller says. */
async function manager(c: Context<AppEnv>): Promise<string | null> {
  if (c.var.keyKind !== 'console') return null
  const token = bearer(c)
  return token ? findConsoleManager(c.var.deps.db, sha256(token)) : null
}

export const messagingRoutes = new Hono<AppEnv>()
  .get('/threads', async (c) => c.json(await listThreads(c.var.deps.db, c.var.program.id, parseQuery(c, m.listThreads))))
  .get('/threads/:partnerId/messages', async (c) =>
    c.json(await listThreadMessages(c.var.deps.db, c.var.program.id, c.req.param('partnerId'), parseQuery(c, m.listThreadMessages), c.var.deps.now())),
  )
  .post('/threads/:partnerId/messages', async (c) => {
    const input = await parseBody(c, m.sendProgramMessage)
    const senderName = (await manager(c)) ?? input.senderName ?? null
    return c.json(await sendProgramMessage(c.var.deps.db, c.var.program.id, c.req.param('partnerId'), input, senderName, auditContext(c)), 201)
  })
  .post('/threads/:partnerId/read', async (c) => {
    const input = await parseBody(c, m.markRead)
    return c.json(await markProgramRead(c.var.deps.db, c.var.program.id, c.req.param('partnerId'), input, c.var.deps.now()))
  })
  .post('/newsletters', async (c) => {
    const input = await parseBody(c, m.createNewsletter)
    return c.json(await createNewsletter(c.var.deps.db, c.var.program.id, input, await manager(c), c.var.deps.now()), 201)
  })
  .post('/newsletters/preview', async (c) => {
    const input = await parseBody(c, m.newsletterPreview)
    return c.json(previewNewsletter({ programName: c.var.program.name, brandColor: c.var.program.brand_color }, input, c.var.deps.mail?.publicUrl ?? new URL(c.req.url).origin))
  })
  .post('/newsletters/test', async (c) => {
    const input = await parseBody(c, m.sendTestNewsletter)
    const program = { id: c.var.program.id, programName: c.var.program.name, brandColor: c.var.program.brand_color }
    return c.json(await sendTestNewsletter(c.var.deps.db, c.var.deps.mail, program, input, await manager(c), auditContext(c)))
  })
  .get('/newsletters', async (c) => c.json(await listNewsletters(c.var.deps.db, c.var.program.id, parseQuery(c, m.listNewsletters))))
  .get('/newsletters/:id', async (c) => c.json(await getNewsletter(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .get('/newsletters/:id/recipients', async (c) =>
    c.json(await listNewsletterRecipients(c.var.deps.db, c.var.program.id, c.req.param('id'), parseQuery(c, m.listRecipients))),
  )
  .post('/newsletters/:id/send', async (c) => c.json(await sendNewsletter(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

/** Under /v1/portal/messages: only ever the token's partner's thread and inbox. */
export const portalMessagingRoutes = new Hono<PortalEnv>()
  .get('/', async (c) => c.json(await getPortalMessages(c.var.deps.db, c.var.session, parseQuery(c, m.portalMessagesQuery), c.var.deps.now())))
  .post('/', idempotency, async (c) => {
    const input = await parseBody(c, m.sendPartnerMessage)
    return c.json(await sendPartnerMessage(c.var.deps.db, c.var.session, input, c.var.deps.now()), 201)
  })
  .post('/read', async (c) => {
    const input = await parseBody(c, m.markRead)
    return c.json(await markPartnerRead(c.var.deps.db, c.var.session, input, c.var.deps.now()))
  })
  .put('/preferences', async (c) => {
    const input = await parseBody(c, m.messagePreferences)
    return c.json(await setMessagePreferences(c.var.deps.db, c.var.session, input, c.var.deps.now()))
  })

/** Under /v1/portal: the partner's notices (only ever their own) and which emails they get. */
export const portalNoticeRoutes = new Hono<PortalEnv>()
  .get('/notices', async (c) => c.json(await listNotices(c.var.deps.db, c.var.session, parseQuery(c, m.portalNoticesQuery))))
  .get('/notices/unread', async (c) => c.json(await unreadNotices(c.var.deps.db, c.var.session)))
  .post('/notices/read', async (c) => {
    const input = await parseBody(c, m.markNoticesRead)
    return c.json(await readNotices(c.var.deps.db, c.var.session, input, c.var.deps.now()))
  })
  .get('/notification-preferences', async (c) => c.json(await getNotificationPreferences(c.var.deps.db, c.var.session)))
  .put('/notification-preferences', async (c) => {
    const input = await parseBody(c, m.notificationPreferences)
    return c.json(await setNotificationPreferences(c.var.deps.db, c.var.session, input, c.var.deps.now()))
  })

/**
 * Under /v1/unsubscribe, public: the link in every newsletter and notice email. GET (a click) and POST
 * (RFC 8058 one-click, sent by mail clients with `List-Unsubscribe=One-Click`) both opt out and answer a page.
 */
// A link's GET only asks: mail scanners (Safe Links, Mimecast, Proofpoint) open every link of a message on
// delivery, and would turn the partner's emails off unseen (RFC 8058 asks senders for this step). The
// page's button, and a mail client's one-click (List-Unsubscribe-Post), POST.
export const unsubscribeRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const target = await unsubscribeTarget(c.var.deps.db, c.req.param('token'))
    c.header('Cache-Control', 'no-store') // the page's policy and no-referrer come from kernel/http/security-headers.ts
    if (!target) return notValid(c)
    const form = '<form method="post"><button type="submit" style="font:inherit;padding:.5rem 1rem">Unsubscribe</button></form>'
    return c.html(page('Unsubscribe?', `Stop receiving ${target.what} from ${escapeHtml(target.programName)}?`, form))
  })
  .post('/:token', async (c) => {
    const done = await unsubscribeByToken(c.var.deps.db, c.req.param('token'), c.var.deps.now())
    c.header('Cache-Control', 'no-store')
    if (!done) return notValid(c)
    const program = escapeHtml(done.programName)
    const after = done.what === 'newsletter emails' ? "Newsletters stay in your partner portal's inbox." : 'Notices stay in your partner portal, where you can turn these emails back on.'
    return c.html(page('Unsubscribed', `You will no longer receive ${done.what} from ${program}. ${after}`))
  })

const notValid = (c: Context) => c.html(page('Link not valid', 'This unsubscribe link is not valid. It may have been mistyped.'), 404)

function page(title: string, text: string, form = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p>${form}</body></html>`
}
