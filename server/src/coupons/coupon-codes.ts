// Coupon codes: the program gives a partner a code (API, console), or the partner creates one in the portal
// within the program's policy; a disabled code credits no sale. With the program's Stripe key and a Stripe
// coupon, the matching Stripe promotion code is created first (outside any transaction: a Stripe call never
// holds a database lock), then the code is written with its audit entry in one transaction.
import type { CouponCode, CreateCouponCodeInput, ListCouponCodesQuery, Page, PortalCouponCodes, UpdateCouponCodeInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { codeKey } from '../kernel/codes.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { programStripeApi, type StripeCallResult, type StripeEndpoint } from '../kernel/stripe-api.ts'
import type { PortalSession } from '../portal/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { CODE_PATTERN, partnerCodeProblem, readCouponPolicy } from './coupon-rules.ts'
import { type CouponCodeRow, countPartnerCreated, couponCodeByKey, couponCodesPage, findCouponCode, insertCouponCode, lockPartnerCodes, partnerCouponCodes, partnerOfProgram, setCouponCodeStatus, toCouponCode } from './queries.ts'
import { createPromotionCode, setPromotionCodeActive } from './stripe-promotion-codes.ts'
import { unknownReference } from '../kernel/http/references.ts'

export async function createCouponCode(db: Db, program: ProgramRow, input: CreateCouponCodeInput, audit: AuditContext, stripe: StripeEndpoint = {}): Promise<CouponCode> {
  if (!(await partnerOfProgram(db, program.id, input.partnerId))) throw unknownReference('partner', input.partnerId, 'partnerId')
  return create(db, program, { partnerId: input.partnerId, code: input.code, createdBy: 'program', stripeCouponId: input.stripeCouponId }, audit, stripe)
}

export function listCouponCodes(db: Db, programId: string, query: ListCouponCodesQuery & { limit: number }): Promise<Page<CouponCode>> {
  return couponCodesPage(db, programId, query)
}

export async function getCouponCode(db: Db, programId: string, id: string): Promise<CouponCode> {
  const row = await findCouponCode(db, programId, id)
  if (!row) throw notFound(`Coupon code ${id}`)
  return toCouponCode(row)
}

/** Disables or enables a code; its Stripe promotion code follows first, so the two never disagree for long. */
export async function updateCouponCode(db: Db, program: ProgramRow, id: string, input: UpdateCouponCodeInput, audit: AuditContext, stripe: StripeEndpoint = {}): Promise<CouponCode> {
  const row = await findCouponCode(db, program.id, id)
  if (!row) throw notFound(`Coupon code ${id}`)
  if (row.status === input.status) return toCouponCode(row)
  const api = programStripeApi(db, program, stripe)
  if (row.stripe_promotion_code_id && api) stripeAnswer(await setPromotionCodeActive(api, row.stripe_promotion_code_id, input.status === 'active'))
  const updated = await db.transaction().execute(async (tx) => {
    const after = await setCouponCodeStatus(tx, row.id, input.status, audit.at.toISOString())
    await recordAudit(tx, program.id, audit, { action: 'coupon_code.changed', subject: { type: 'coupon_code', id: row.id }, before: { status: row.status }, after: { status: after.status } })
    return after
  })
  return toCouponCode(updated)
}

/** The portal: the partner's codes, and what the policy still lets it create. */
export async function listPortalCouponCodes(db: Db, session: PortalSession): Promise<PortalCouponCodes> {
  const { program, partner } = session
  const policy = readCouponPolicy(program.coupon_policy)
  const rows = await partnerCouponCodes(db, program.id, partner.id)
  const created = rows.filter((r) => r.created_by === 'partner').length
  return {
    data: rows.map(toCouponCode),
    policy: { allowed: policy.partnerCodesAllowed, maxCodes: policy.maxCodesPerPartner, prefix: policy.partnerCodePrefix, remaining: policy.partnerCodesAllowed ? Math.max(0, policy.maxCodesPerPartner - created) : 0 },
  }
}

/** The portal: the partner creates a code for itself, within the program's policy. */
export async function createPortalCouponCode(db: Db, session: PortalSession, code: string, now: Date, stripe: StripeEndpoint = {}): Promise<CouponCode> {
  const { program, partner } = session
  const audit: AuditContext = { actor: { kind: 'partner', id: partner.id, label: partner.email }, at: now }
  return create(db, program, { partnerId: partner.id, code, createdBy: 'partner' }, audit, stripe)
}

interface NewCode {
  partnerId: string
  code: string
  createdBy: CouponCodeRow['created_by']
  stripeCouponId?: string | undefined
}

async function create(db: Db, program: ProgramRow, x: NewCode, audit: AuditContext, stripe: StripeEndpoint): Promise<CouponCode> {
  if (!CODE_PATTERN.test(x.code)) throw badRequest('code: must be 3-40 letters, digits, _ or -', 'code')
  const policy = readCouponPolicy(program.coupon_policy)
  const key = codeKey(x.code)
  const partnerRule = async (count: number) => {
    const problem = x.createdBy === 'partner' ? partnerCodeProblem(policy, x.code, count) : null
    if (problem) throw new ApiError(problem.status, problem.status === 403 ? 'forbidden' : problem.status === 409 ? 'conflict' : 'invalid_request', problem.message, 'code')
  }
  // Checked before Stripe is asked, so a refusal costs no promotion code; checked again in the transaction.
  if (x.createdBy === 'partner') await partnerRule(await db.transaction().execute((tx) => countPartnerCreated(tx, program.id, x.partnerId)))
  if (await couponCodeByKey(db, program.id, key)) throw taken(x.code)

  const row: CouponCodeRow = {
    id: newId('cpn', audit.at.getTime()),
    program_id: program.id,
    partner_id: x.partnerId,
    code: x.code,
    code_key: key,
    status: 'active',
    created_by: x.createdBy,
    stripe_promotion_code_id: null,
    created_at: audit.at.toISOString(),
    disabled_at: null,
  }
  const couponId = x.stripeCouponId ?? policy.stripeCouponId
  const api = programStripeApi(db, program, stripe)
  if (x.stripeCouponId && !api) throw badRequest('stripeCouponId: the program has no Stripe API key (stripeApiKey in its settings)', 'stripeCouponId')
  if (api && couponId) row.stripe_promotion_code_id = stripeAnswer(await createPromotionCode(api, { codeId: row.id, code: x.code, couponId, partnerId: x.partnerId }))

  try {
    await db.transaction().execute(async (tx) => {
      if (x.createdBy === 'partner') {
        await lockPartnerCodes(tx, x.partnerId)
        await partnerRule(await countPartnerCreated(tx, program.id, x.partnerId))
      }
      await insertCouponCode(tx, row)
      await recordAudit(tx, program.id, audit, {
        action: 'coupon_code.created',
        subject: { type: 'coupon_code', id: row.id },
        before: null,
        after: { code: row.code, partnerId: row.partner_id, createdBy: row.created_by, stripePromotionCodeId: row.stripe_promotion_code_id },
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(x.code)
    throw err
  }
  return toCouponCode(row)
}

const taken = (code: string) => conflict(`The program already has the code ${code} (codes are unique whatever their case)`, 'code')

/** Stripe's answer as ours: its id, or its refusal (409 for a code Stripe has already, else 400), or 502 without an answer. */
function stripeAnswer(r: StripeCallResult): string {
  if (r.kind === 'ok') return r.id
  if (r.kind === 'refused') {
    const message = `Stripe: ${r.message}${r.code ? ` (${r.code})` : ''}`
    throw r.code === 'resource_already_exists' ? conflict(message, 'code') : badRequest(message, 'stripeCouponId')
  }
  throw new ApiError(502, 'unavailable', `${r.message}; nothing was saved, try again`)
}
