// Validators of the partner and link endpoints, each checked against the SDK's contract type.
import type { CreateLinkInput, CreatePartnerInput, CreatePartnerNoteInput, ListLinksQuery, ListPartnersQuery, SocialNetwork } from '@afflio/sdk/types'
import { z } from 'zod'
import { countryCode, email, id, linkCode, NOT_A_CURSOR, pageLimit, pageOf, text, webUrl } from '../kernel/http/schemas.ts'
import { currency } from '../kernel/http/currency.ts'
import { socialProfile } from './profile-rules.ts'

/** A partner's website: an http(s) URL */
export const website = z.string().trim().max(2048).url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')

/** A handle or profile URL on one network, out as the profile's canonical URL (profile-rules.ts) */
const socialValue = (network: SocialNetwork) =>
  z
    .string()
    .max(300)
    .transform((typed, ctx) => {
      const checked = socialProfile(network, typed)
      if (checked.ok) return checked.url
      ctx.addIssue({ code: 'custom', message: checked.message })
      return z.NEVER
    })

/** Social profiles to set (a handle or URL) or clear (null), by network */
export const socialInput = z.strictObject({
  x: socialValue('x').nullable().optional(),
  instagram: socialValue('instagram').nullable().optional(),
  youtube: socialValue('youtube').nullable().optional(),
  tiktok: socialValue('tiktok').nullable().optional(),
  linkedin: socialValue('linkedin').nullable().optional(),
}) satisfies z.ZodType<Partial<Record<SocialNetwork, string | null>>, any>

export const createPartner = z.strictObject({
  email,
  name: text(200).optional(),
  externalId: text(200).optional(),
  linkCode: linkCode.optional(),
  country: countryCode.optional(),
}) satisfies z.ZodType<CreatePartnerInput, any>

export const listPartners = z.object({
  // the sort's own form (partner-order.ts, at most MAX_CURSOR characters), read with the sort and order
  cursor: z.string().max(64, NOT_A_CURSOR).optional(),
  limit: pageLimit,
  status: z.enum(['active', 'approved', 'pending', 'suspended']).optional(),
  groupId: z.union([z.literal('none'), id('grp')]).optional(),
  segmentId: id('seg').optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['createdAt', 'name', 'clicks', 'sales', 'revenue', 'earnings', 'lastActivity']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  currency: currency.optional(),
}) satisfies z.ZodType<ListPartnersQuery, any>

export const createLink = z.strictObject({
  partnerId: id('prt'),
  code: linkCode.optional(),
  // Any https page: where the program's own links land is the program's decision (partners': portal/link-rules.ts).
  destinationUrl: webUrl.optional(),
}) satisfies z.ZodType<CreateLinkInput, any>

export const listLinks = pageOf('lnk').extend({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListLinksQuery, any>

export const createPartnerNote = z.strictObject({ body: text(5000) }) satisfies z.ZodType<CreatePartnerNoteInput, any>

/** `GET /v1/partners/:id/notes`: a page of the partner's notes */
export const listPartnerNotes = pageOf('pnt')
