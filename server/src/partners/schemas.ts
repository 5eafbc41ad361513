// Validators of the partner and link endpoints, each checked against the SDK's contract type.
import type { CreateLinkInput, CreatePartnerInput, ListLinksQuery, ListPartnersQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { countryCode, email, id, linkCode, pageQuery, text, url } from '../kernel/http/schemas.ts'

export const createPartner = z.strictObject({
  email,
  name: text(200).optional(),
  externalId: text(200).optional(),
  linkCode: linkCode.optional(),
  country: countryCode.optional(),
}) satisfies z.ZodType<CreatePartnerInput, any>

export const listPartners = pageQuery.extend({
  status: z.enum(['active', 'approved', 'pending', 'suspended']).optional(),
  groupId: z.union([z.literal('none'), id('grp')]).optional(),
  segmentId: id('seg').optional(),
}) satisfies z.ZodType<ListPartnersQuery, any>

export const createLink = z.strictObject({
  partnerId: id('prt'),
  code: linkCode.optional(),
  destinationUrl: url.optional(),
}) satisfies z.ZodType<CreateLinkInput, any>

export const listLinks = pageQuery.extend({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListLinksQuery, any>
