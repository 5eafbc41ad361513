// Public recruitment: the marketplace directory, a program's application form and the submission
// endpoint (JSON, CORS-open, for the widget and any site), and two small HTML pages. No key: every
// request is throttled per client address first, submissions harder than reads.
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from '../kernel/http/env.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { esc, htmlPage } from '../kernel/http/html.ts'
import { clientNetwork, createRateLimiter, type RateLimitOptions } from '../kernel/http/rate-limit.ts'
import * as r from './schemas.ts'
import { parse, parseBody, parseQuery, readForm } from '../kernel/http/validate.ts'
import { getPublicApplicationForm } from './application-form-service.ts'
import { submitPublicApplication } from './applications.ts'
import { getPublicListing, listMarketplace } from './marketplace-service.ts'
import { refusalInWords } from './application-words.ts'
import { directoryHtml, errorHtml, programHtml } from './marketplace-html.ts'

/** Submissions per address: a burst of 10, then one every 6 seconds (or the app's limits, if lower). */
export function applyLimits(limits: RateLimitOptions): RateLimitOptions {
  return { ...limits, burst: Math.min(limits.burst, 10), perSecond: Math.min(limits.perSecond, 1 / 6) }
}

export function marketplaceRoutes(limits: RateLimitOptions) {
  const readLimit = createRateLimiter(limits)
  const applyLimit = createRateLimiter(applyLimits(limits))
  const reads = (c: Context<AppEnv>) => readLimit(`mkt|${clientNetwork(c, limits.trustProxy)}`)
  const openCors = cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type'], exposeHeaders: ['Retry-After', 'X-Request-Id'], maxAge: 86_400 })
  // Named paths only: everything else under /v1 falls through to the keyed API.
  return new Hono<AppEnv>()
    .use('/v1/marketplace', openCors)
    .use('/v1/marketplace/:slug', openCors)
    .use('/v1/programs/:slug/application-form', openCors)
    .use('/v1/programs/:slug/applications', openCors)
    .get('/v1/marketplace', async (c) => {
      reads(c)
      return c.json(await listMarketplace(c.var.deps.db, parseQuery(c, r.marketplaceQuery)))
    })
    .get('/v1/marketplace/:slug', async (c) => {
      reads(c)
      return c.json(await getPublicListing(c.var.deps.db, c.req.param('slug')))
    })
    .get('/v1/programs/:slug/application-form', async (c) => {
      reads(c)
      return c.json(await getPublicApplicationForm(c.var.deps.db, c.req.param('slug')))
    })
    // JSON from scripts and the widget; a plain HTML form post (urlencoded) from /marketplace/{slug}
    // is answered in HTML: a redirect back to the page, or the error as a page.
    .post('/v1/programs/:slug/applications', async (c) => {
      const slug = c.req.param('slug')
      const ip = clientNetwork(c, limits.trustProxy)
      if (!isFormPost(c)) {
        applyLimit(`app|${ip}`)
        const input = await parseBody(c, r.submitApplication)
        return c.json(await submitPublicApplication(c.var.deps.db, slug, input, c.var.deps.now()), 201)
      }
      // Counted before the body is read: a body that is no form costs a submission too.
      let fields: Record<string, unknown> = {}
      try {
        applyLimit(`app|${ip}`)
        fields = await readForm(c)
        const input = parse(r.submitApplication, fromFormFields(fields))
        const result = await submitPublicApplication(c.var.deps.db, slug, input, c.var.deps.now())
        return c.redirect(`../../../marketplace/${encodeURIComponent(slug)}?applied=${result.status}`, 303)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v)
        // The form again, with what was typed and the reason beside its field; a program gone is a page of its own.
        const page = await Promise.all([getPublicListing(c.var.deps.db, slug), getPublicApplicationForm(c.var.deps.db, slug)]).catch(() => null)
        if (!page) return htmlPage(c, err.status, 'Application not sent', errorHtml(slug, err.message))
        const [listing, form] = page
        const values = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'))
        const refused = { values, ...refusalInWords({ status: err.status, code: err.code, field: err.field, message: err.message }, form.questions) }
        // Served at /v1/programs/{slug}/applications: its links lead back from there, not from /marketplace/{slug}.
        return htmlPage(c, err.status, `Apply to ${listing.name}`, programHtml(listing, form, undefined, refused, undefined, '../../../'))
      }
    })

    .get('/marketplace', (c) =>
      asHtml(c, async () => {
        reads(c)
        // The search form sends empty fields ("All categories"): they mean no filter.
        const query = parse(r.marketplaceQuery, Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== '')))
        return htmlPage(c, 200, 'Partner programs', directoryHtml(await listMarketplace(c.var.deps.db, query), query))
      }),
    )
    .get('/marketplace/:slug', (c) =>
      asHtml(c, async () => {
        reads(c)
        const slug = c.req.param('slug')
        const [listing, form] = await Promise.all([getPublicListing(c.var.deps.db, slug), getPublicApplicationForm(c.var.deps.db, slug)])
        return htmlPage(c, 200, listing.name, programHtml(listing, form, c.req.query('applied'), undefined, c.req.query('via')))
      }),
    )
}

/** Errors of the HTML pages as pages, not JSON. */
async function asHtml(c: Context, render: () => Promise<Response>): Promise<Response> {
  try {
    return await render()
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v)
    return htmlPage(c, err.status, 'Not available', `<p><a href="${c.req.path === '/marketplace' ? 'marketplace' : '../marketplace'}">All programs</a></p><p class="notice error">${esc(err.message)}</p>`)
  }
}

function isFormPost(c: Context): boolean {
  const type = c.req.header('content-type') ?? ''
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)
}

/** The HTML form's fields as a submission: `answers.<id>` texts, `check.<id>` ticked boxes. */
function fromFormFields(fields: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, string | boolean> = {}
  const out: Record<string, unknown> = { email: fields.email, answers }
  if (typeof fields.name === 'string' && fields.name.trim() !== '') out.name = fields.name
  if (typeof fields.via === 'string' && fields.via !== '') out.via = fields.via
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue
    if (key.startsWith('answers.')) answers[key.slice(8)] = value
    else if (key.startsWith('check.')) answers[key.slice(6)] = true
  }
  return out
}
