// The marketplace's HTML: the directory and a program's page with its application form. Strings in,
// escaped HTML out. Links are relative, so the pages work under a path prefix too.
import type { ApplicationQuestion, MarketplaceQuery, Page, PublicApplicationForm, PublicListing } from '@afflio/sdk/types'
import { MAX_ANSWER_LENGTH } from './application-form.ts'
import { CATEGORY_LABELS, MARKETPLACE_CATEGORIES } from './marketplace.ts'
import { esc, safeUrl } from '../kernel/http/html.ts'

/** `/marketplace`: search, category filter, one card per listed program, a link to the next page. */
export function directoryHtml(page: Page<PublicListing>, query: MarketplaceQuery): string {
  const options = MARKETPLACE_CATEGORIES.map((c) => `<option value="${c}"${c === query.category ? ' selected' : ''}>${esc(CATEGORY_LABELS[c])}</option>`).join('')
  const search = `<form method="get" action="marketplace" class="card"><label for="q">Search</label><input type="text" id="q" name="q" value="${esc(query.q)}" maxlength="100">
<label for="category">Category</label><select id="category" name="category"><option value="">All categories</option>${options}</select><button type="submit">Search</button></form>`
  const cards = page.data.length
    ? page.data.map((l) => `<div class="card">${logo(l.logoUrl)}<h2><a href="marketplace/${esc(l.slug)}">${esc(l.name)}</a></h2>${categoryLine(l)}${l.description ? `<p class="desc">${esc(l.description)}</p>` : ''}<p class="earn">${esc(l.commissionSummary)}</p>${rewardLine(l)}</div>`).join('')
    : '<p class="muted">No programs match.</p>'
  const next = page.nextCursor
    ? `<p><a href="marketplace?${esc(new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.category ? { category: query.category } : {}), cursor: page.nextCursor }).toString())}">More programs</a></p>`
    : ''
  return `<h1>Partner programs</h1>${search}${cards}${next}`
}

/** What an applicant sent, to show again beside why it was refused: the form's own field names (`answers.<id>`). */
export interface Refused {
  values: Record<string, string>
  /** the form's field the problem is with (`email`, `answers.<id>`), when it is one field's */
  field: string | null
  message: string
}

/**
 * `/marketplace/{slug}`: the program and, while it takes applications, its form posting to the public
 * endpoint; after a refused post, the form again with what was typed and the reason beside its field.
 * `root`: the relative way from the page's address to the server's root (the links are relative, so the
 * pages work under a path prefix): `../` from `/marketplace/{slug}`, `../../../` from the refused post's
 * `/v1/programs/{slug}/applications`.
 */
export function programHtml(listing: PublicListing, form: PublicApplicationForm, applied: string | undefined, refused?: Refused, via?: string, root = '../'): string {
  const slug = esc(listing.slug)
  const website = safeUrl(listing.websiteUrl)
  const head = `<p><a href="${root}marketplace">All programs</a></p><div class="card">${logo(listing.logoUrl)}<h1>${esc(listing.name)}</h1>${categoryLine(listing)}
${listing.description ? `<p class="desc">${esc(listing.description)}</p>` : ''}<p class="earn">${esc(listing.commissionSummary)}</p>${rewardLine(listing)}${website ? `<p><a href="${esc(website)}" rel="noopener nofollow ugc">${esc(website)}</a></p>` : ''}</div>`
  if (applied === 'approved') return `${head}<p class="notice">You are in: your application was approved. Watch your inbox for the next steps.</p>`
  if (applied === 'pending') return `${head}<p class="notice">Thank you: your application was received, and the team will review it.</p>`
  if (!form.acceptingApplications) return `${head}<p class="muted">This program is not taking applications right now.</p>`
  const v = (name: string) => esc(refused?.values[name] ?? '')
  const problem = (name: string, id: string) => (refused?.field === name ? `<small class="error" id="${id}-e">${esc(refused.message)}</small>` : '')
  const invalid = (name: string, id: string) => (refused?.field === name ? ` aria-invalid="true" aria-describedby="${id}-e"` : '')
  // The recruiting link's partner code rides along with the form (recruitment/recruiting.ts).
  const viaCode = refused?.values.via ?? via
  const viaField = viaCode ? `<input type="hidden" name="via" value="${esc(viaCode)}">` : ''
  const summary = refused ? `<p class="notice error" role="alert">${esc(refused.field ? 'Your application was not sent: please check the field marked below.' : refused.message)}</p>` : ''
  return `${head}${summary}<form method="post" action="${root}v1/programs/${slug}/applications" class="card"><h2>Apply</h2>${viaField}
<label for="f-email">Email</label><input type="email" id="f-email" name="email" required maxlength="320" autocomplete="email" value="${v('email')}"${invalid('email', 'f-email')}>${problem('email', 'f-email')}
<label for="f-name">Name</label><input type="text" id="f-name" name="name" maxlength="200" autocomplete="name" value="${v('name')}"${invalid('name', 'f-name')}>${problem('name', 'f-name')}
${form.questions.map((q) => questionHtml(q, refused)).join('\n')}<button type="submit">Apply</button></form>`
}

/** After a failed form post: why, and the way back (the browser's back button keeps what was typed). */
export function errorHtml(slug: string, message: string): string {
  return `<h1>That did not work</h1><p class="notice error">${esc(message)}</p><p>Go back to correct it, or <a href="../../../marketplace/${esc(slug)}">start again</a>.</p>`
}

// Checkbox answers arrive as `check.<id>` (present: ticked), every other answer as `answers.<id>`.
function questionHtml(q: ApplicationQuestion, refused: Refused | undefined): string {
  const id = `q-${esc(q.id)}`
  const bad = refused && (refused.field === `answers.${q.id}` || refused.field === `check.${q.id}`)
  const attrs = `${q.required ? ' required' : ''}${bad ? ` aria-invalid="true" aria-describedby="${id}-e"` : ''}`
  const after = bad ? `<small class="error" id="${id}-e">${esc(refused.message)}</small>` : ''
  const label = `<label for="${id}">${esc(q.label)}${q.required ? '' : ' <span class="muted">(optional)</span>'}</label>`
  const name = `answers.${q.id}`
  const value = refused?.values[name] ?? ''
  switch (q.type) {
    case 'checkbox':
      return `<label class="check"><input type="checkbox" id="${id}" name="check.${esc(q.id)}" value="true"${refused?.values[`check.${q.id}`] ? ' checked' : ''}${attrs}> ${esc(q.label)}</label>${after}`
    case 'textarea':
      return `${label}<textarea id="${id}" name="${esc(name)}" rows="4" maxlength="${MAX_ANSWER_LENGTH.textarea}"${attrs}>${esc(value)}</textarea>${after}`
    case 'select':
      return `${label}<select id="${id}" name="${esc(name)}"${attrs}><option value="">Choose…</option>${(q.options ?? []).map((o) => `<option${o === value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>${after}`
    case 'url':
      return `${label}<input type="url" id="${id}" name="${esc(name)}" maxlength="${MAX_ANSWER_LENGTH.url}" placeholder="https://" value="${esc(value)}"${attrs}>${after}`
    default:
      return `${label}<input type="text" id="${id}" name="${esc(name)}" maxlength="${MAX_ANSWER_LENGTH.text}" value="${esc(value)}"${attrs}>${after}`
  }
}

function logo(url: string | null): string {
  const src = safeUrl(url)
  return src ? `<img src="${esc(src)}" alt="">` : ''
}

function categoryLine(l: PublicListing): string {
  return l.category ? `<p class="muted">${esc(CATEGORY_LABELS[l.category])}</p>` : ''
}

/** What a partner's referrals get, under what the partner earns. */
function rewardLine(l: PublicListing): string {
  return l.referralReward ? `<p class="reward">Your referrals get ${esc(l.referralReward.label)}</p>` : ''
}
