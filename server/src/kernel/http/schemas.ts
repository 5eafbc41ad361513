// The parts every feature's validators are built from (each feature's own validators sit in its schemas.ts).
import type { PageQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { isCountryCode } from '../countries.ts'
import { canonicalSiteUrl, siteUrlProblem, webUrlProblem } from '../web-url.ts'

/** An id with its prefix: `id('prt')` takes `prt_` and 24 base32 characters (the message says so: `clk_nope` starts right and is no id) */
export const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{24}$`), `must be a ${prefix}_ id as Afflio returns it (${prefix}_ and 24 lower-case letters and digits)`)
/** Trimmed text, not empty, at most `max` characters */
export const text = (max: number) => z.string().trim().min(1).max(max)
export const url = z.string().max(2048).url()
const byProblem = (problem: (s: string) => string | null) => (s: string, ctx: z.RefinementCtx) => {
  const message = problem(s)
  if (message) ctx.addIssue({ code: 'custom', message })
}
/** A page a program sends visitors to: https (http on localhost), trimmed (kernel/web-url.ts decides) */
export const webUrl = z.string().trim().max(2048).superRefine(byProblem(webUrlProblem))
/** A program's site: a web URL's origin, optionally a path, in one spelling (kernel/web-url.ts decides) */
export const siteUrl = z.string().trim().max(2048).superRefine(byProblem(siteUrlProblem)).transform(canonicalSiteUrl)
const LINK_CODE = /^[A-Za-z0-9_-]{2,64}$/
/** A link's code being created, as it will appear in the URL: taken exactly as typed, or refused */
export const linkCode = z.string().regex(LINK_CODE, 'must be 2-64 letters, digits, _ or -')
/**
 * A link's code being looked up (a click's `?ref=`): spaces around it dropped first, as codeKey
 * (kernel/codes.ts) drops them, so `?ref=alice%20` is the link ALICE rather than a 400.
 */
export const linkCodeRef = z.string().trim().regex(LINK_CODE, 'must be 2-64 letters, digits, _ or -')
/**
 * The largest amount one money field takes: 10^13 minor units (100 billion dollars, 10 trillion yen).
 * Any integer up to 2^53 was taken, and a thousand such sales overflowed SQLite's 64-bit sum() in every
 * list that adds them up (a 500 until refunded). At this bound a partner's sums stay exact JavaScript
 * integers past 900 sales of the largest size, and within 64-bit sums past 900,000.
 */
export const MAX_MINOR = 10_000_000_000_000
/** An integer amount of minor units (cents); its currency travels beside it */
export const minor = z.number().int().min(-MAX_MINOR).max(MAX_MINOR)
export const email = z.string().trim().toLowerCase().max(320).email()
/** An ISO 8601 timestamp with an offset, out as UTC (zod refuses a day or time that does not exist) */
export const isoDate = z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString())

/** Whether YYYY-MM-DD is a day of the calendar: Date would roll 2026-02-30 over to March 2 rather than refuse it. */
const isRealDay = (ymd: string) => !Number.isNaN(Date.parse(`${ymd}T00:00:00Z`)) && new Date(`${ymd}T00:00:00Z`).toISOString().startsWith(ymd)

/** A calendar day, YYYY-MM-DD */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine(isRealDay, 'is not a real date')

/** A day, or an ISO timestamp with an offset (`T` or a space, seconds optional), that exists; a day as `dayAs` says. */
const dayOrTime = (dayAs: (ymd: string) => string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/, 'must be a date (YYYY-MM-DD) or an ISO timestamp')
    .refine((s) => isRealDay(s.slice(0, 10)) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'is not a real date')
    .transform((s) => (s.length === 10 ? dayAs(s) : new Date(s).toISOString()))

/**
 * A day (YYYY-MM-DD, midnight UTC) or an ISO timestamp with an offset (`T` or a space, seconds optional),
 * out as UTC. Every date field takes this or `isoDate`: a day or an hour that does not exist is a 400,
 * never rolled over into the next month.
 */
export const dateOrTime = dayOrTime((ymd) => `${ymd}T00:00:00.000Z`)

/**
 * The one rule of every list filtered by time, `?since&until` (docs/api.md, "Periods"): each a day
 * (`YYYY-MM-DD`, UTC) or an ISO timestamp with an offset. `since` is inclusive (a day: from its first
 * instant); `until` is exclusive as a timestamp, and as a day includes that whole day. Out as instants,
 * `since` the first one in and `until` the first one out (a day's next midnight), so a query compares
 * `>= since` and `< until` whichever was given. Add `periodInOrder` to the object: an empty period is a 400.
 *
 * @example pageOf('sal').extend({ ...period, partnerId: id('prt').optional() }).superRefine(periodInOrder)
 */
export const period = {
  since: dateOrTime.optional().describe('From this day (`YYYY-MM-DD`, UTC) or ISO timestamp on, included. See "Periods".'),
  until: dayOrTime((ymd) => new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString())
    .optional()
    .describe('Up to this day, the whole day included (`YYYY-MM-DD`, UTC), or up to this ISO timestamp, excluded. `400` unless after `since`. See "Periods".'),
}

/** A period's check: `since` before `until` (as days, the same day is a day), else a 400 on `since`. */
export function periodInOrder(q: { since?: string | undefined; until?: string | undefined }, ctx: z.RefinementCtx): void {
  if (q.since && q.until && q.since >= q.until) ctx.addIssue({ code: 'custom', path: ['since'], message: 'since must be before until (a day as until is that whole day)' })
}

/** ISO 3166-1 alpha-2, any case in, upper case out */
export const countryCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code'))

/** How many items a page holds: 1 to 100, 25 by default */
export const pageLimit = z.coerce.number().int().min(1).max(100).default(25)

/** What every list answers (400 on `cursor`) for a cursor it did not make. */
export const NOT_A_CURSOR = 'not a cursor of this list'

/**
 * The cursor of a list keyed on its rows' ids: the last id seen, so an id with the list's own prefix
 * (`cursorOf('com')`). Anything else (garbage, an empty string, another list's id) is refused, never read
 * as a position: ids compare as text, so `zzzz` would sort after every id and start over, `0` end the list.
 */
export const cursorOf = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{24}$`), NOT_A_CURSOR)

/**
 * The query of a cursor page over rows with `prefix_` ids: `pageOf('com').extend({ … })`. Every list
 * keyed on ids takes its page through this, so each checks its cursor the same way.
 */
export const pageOf = (prefix: string) => z.object({ cursor: cursorOf(prefix).optional(), limit: pageLimit }) satisfies z.ZodType<PageQuery, any>
