// Missing-commission claims: a partner reports a sale that earned it nothing (portal); the program reads it
// with the evidence the system finds, and approves it (a commission through the ledger, once however often
// it is approved) or rejects it with a reason. The partner is told either way (a claim_decided notice).
import type { ApproveClaimInput, Claim, ClaimApproval, ClaimDetail, ClaimEvidence, Commission, FileClaimInput, ListClaimsQuery, Page, PortalClaim, PortalClaimsQuery, RejectClaimInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { DAY_MS } from '../kernel/days.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { commissionOwed, creditClaim, findCommission, findDecision, findSaleByInvoice, lockSaleById, ownCommissionOfSale, recordSale, toCommission, toSale } from '../ledger/index.ts'
import type { PortalSession } from '../portal/index.ts'
import { occurredAtProblem } from '../tracking/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { approvalPlan, claimNotice, claimTransition, type CreditedSale, saleCredited } from './claim-rules.ts'
import { type ClaimRow, claimsPage, customersByEmail, findClaim, insertClaim, lockClaim, moveClaim, partnerClaimsPage, partnerClicksBetween, toClaim, toPortalClaim } from './queries.ts'

type Page_ = { cursor?: string | undefined; limit: number }

/** Files a claim for the session's partner, with its `claim.created` event; one per invoice id (a second is 409). */
export async function fileClaim(db: Db, session: PortalSession, input: FileClaimInput, now: Date): Promise<PortalClaim> {
  const { program, partner } = session
  // A day ahead of UTC is still today for a partner east of it
  const timeProblem = occurredAtProblem(input.occurredAt, now, DAY_MS)
  if (timeProblem) throw badRequest(`occurredAt: ${timeProblem}`, 'occurredAt')
  const at = now.toISOString()
  const row: ClaimRow = {
    id: newId('clm', now.getTime()),
    program_id: program.id,
    partner_id: partner.id,
    invoice_id: input.invoiceId,
    occurred_at: input.occurredAt,
    amount_minor: input.amountMinor ?? null,
    currency: input.currency ?? (input.amountMinor !== undefined ? program.currency : null),
    customer_email: input.customerEmail ?? null,
    note: input.note || null,
    status: 'pending',
    reason: null,
    commission_id: null,
    created_at: at,
    decided_at: null,
  }
  try {
    await db.transaction().execute(async (tx) => {
      await insertClaim(tx, row)
      const actor = { actor: { kind: 'partner' as const, id: partner.id, label: partner.email }, at: now }
      await recordAudit(tx, program.id, actor, { action: 'claim.filed', subject: { type: 'claim', id: row.id }, before: null, after: { invoiceId: row.invoice_id, occurredAt: row.occurred_at } })
      await emitEvent(tx, program.id, 'claim.created', toClaim(row), now)
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`You already filed a claim for invoice ${input.invoiceId}`, 'invoiceId')
    throw err
  }
  return toPortalClaim(row)
}

export function listPortalClaims(db: Db, session: PortalSession, q: PortalClaimsQuery & Page_): Promise<Page<PortalClaim>> {
  return partnerClaimsPage(db, session.program.id, session.partner.id, q)
}

export async function getPortalClaim(db: Db, session: PortalSession, id: string): Promise<PortalClaim> {
  const row = await findClaim(db, session.program.id, id)
  if (!row || row.partner_id !== session.partner.id) throw notFound('Claim')
  return toPortalClaim(row)
}

export function listClaims(db: Db, programId: string, q: ListClaimsQuery & Page_): Promise<Page<Claim>> {
  return claimsPage(db, programId, q)
}

/** A claim with the evidence: the partner's clicks in the window before it, customers with its email, the sale. */
export async function getClaim(db: Db, program: ProgramRow, id: string): Promise<ClaimDetail> {
  const row = await findClaim(db, program.id, id)
  if (!row) throw notFound('Claim')
  return { ...toClaim(row), evidence: await claimEvidence(db, program, row) }
}

async function claimEvidence(db: Db, program: ProgramRow, claim: ClaimRow): Promise<ClaimEvidence> {
  const windowDays = Number(program.attribution_window_days)
  const from = new Date(Date.parse(claim.occurred_at) - windowDays * DAY_MS).toISOString()
  // A claimed day (midnight) covers that whole day: clicks later on it came before the sale as likely as not
  const to = new Date(Date.parse(claim.occurred_at) + (claim.occurred_at.endsWith('T00:00:00.000Z') ? DAY_MS : 0)).toISOString()
  const clicks = await partnerClicksBetween(db, program.id, claim.partner_id, from, to)
  const customers = claim.customer_email ? await customersByEmail(db, program.id, claim.customer_email) : []
  const sale = await findSaleByInvoice(db, program.id, claim.invoice_id)
  if (!sale) return { windowDays, clicks, customers, sale: null }
  const own = sale.partner_id ? await ownCommissionOfSale(db, sale) : undefined
  const decision = own ? await findDecision(db, program.id, own.id) : undefined
  return {
    windowDays,
    clicks,
    customers,
    sale: {
      sale: toSale(sale),
      credited: saleCredited(creditedSale(sale), claim.partner_id),
      commissionId: own?.id ?? null,
      attribution: decision?.attribution ?? null,
    },
  }
}

/**
 * Approves a pending claim: credits the recorded sale no partner got (the rules price it, or the amount the
 * program gives), or pays the amount the program gives. Idempotent on the claim: approving again, or twice at once, answers the one
 * commission it made.
 */
export async function approveClaim(db: Db, program: ProgramRow, id: string, input: ApproveClaimInput, audit: AuditContext, now: Date): Promise<ClaimApproval> {
  const claim = await findClaim(db, program.id, id)
  if (!claim) throw notFound('Claim')
  if (claim.status === 'approved') return approval(db, program.id, claim)
  if (claim.status !== 'pending') throw conflict(`This claim was already ${claim.status}`, 'status')
  const sale = await findSaleByInvoice(db, program.id, claim.invoice_id)
  const plan = approvalPlan(sale ? creditedSale(sale) : null, claim.partner_id, input, program.currency)
  if ('error' in plan) {
    // A concurrent approval may have credited the sale, and decided the claim with it, since the claim was read.
    const again = plan.status === 409 ? await findClaim(db, program.id, id) : undefined
    if (again?.status === 'approved') return approval(db, program.id, again)
    throw new ApiError(plan.status, plan.status === 409 ? 'conflict' : 'invalid_request', plan.error, plan.field)
  }

  if (plan.by === 'amount') {
    const row = await transact(db, async (tx) => {
      // The sale locked before the claim, as its credit by the rules locks them (recordSale, then inTransaction):
      // two approvals of one claim, by an amount and by the rules, take turns instead of deadlocking
      if (sale) await lockSaleById(tx, program.id, sale.id)
      const locked = await lockClaim(tx, program.id, id)
      if (locked?.status !== 'pending') return locked! // a concurrent approval or rejection decided it first
      const s = sale ? { id: sale.id, customerId: sale.customer_id, amountMinor: Number(sale.amount_minor), currency: sale.currency, occurredAt: sale.occurred_at } : null
      const commission = await creditClaim(tx, program, { partnerId: claim.partner_id, claim: { id: claim.id, invoiceId: claim.invoice_id }, sale: s, amountMinor: plan.amountMinor, currency: plan.currency }, now)
      return decide(tx, program.id, locked, { commission: toCommission(commission), reason: null }, audit, now)
    })
    return settled(db, program.id, row)
  }

  // The recorded sale no partner got: credited to the claim's partner through the ledger (recordSale),
  // which prices it by the rules or pays the program's amount, and the claim approved in the sale's transaction.
  let decided: ClaimRow | null = null
  const result = await recordSale(db, program, { invoiceId: sale!.invoice_id, amountMinor: Number(sale!.amount_minor), currency: sale!.currency }, now, {
    creditPartnerId: claim.partner_id,
    announced: true, // the claim's notice tells of the commission: the sale's does not
    claim: { claim: { id: claim.id, invoiceId: claim.invoice_id }, amount: plan.amount }, // a suspended claimant is refused: 409
    inTransaction: async (tx, r) => {
      if (r.duplicate) return // the sale was credited already (a concurrent approval): nothing was written here
      const locked = await lockClaim(tx, program.id, id)
      if (locked?.status !== 'pending') throw conflict(`This claim was already ${locked?.status}`, 'status') // undoes the credit
      if (!r.commission) throw badRequest('No rule pays for this sale: give the amount to pay', 'amountMinor')
      decided = await decide(tx, program.id, locked, { commission: r.commission, reason: null }, audit, now)
    },
  })
  // Another approval credited the sale first (it answered its result again): that approval decided the claim.
  decided ??= (await findClaim(db, program.id, id))!
  if (decided.status !== 'approved') {
    const credited = saleCredited({ partnerId: result.sale.partnerId, splitPartnerId: result.sale.split?.partnerId ?? null }, claim.partner_id)
    throw conflict(credited === 'claimant' ? 'The sale is already credited to this partner' : 'Another partner was credited with this sale meanwhile', 'invoiceId')
  }
  return settled(db, program.id, decided)
}

export async function rejectClaim(db: Db, programId: string, id: string, input: RejectClaimInput, audit: AuditContext, now: Date): Promise<Claim> {
  const row = await transact(db, async (tx) => {
    const claim = await lockClaim(tx, programId, id)
    if (!claim) throw notFound('Claim')
    if (claim.status === 'rejected') return claim // a retry
    const move = claimTransition(claim.status, 'reject')
    if ('error' in move) throw conflict(move.error, 'status')
    return decide(tx, programId, claim, { commission: null, reason: input.reason }, audit, now)
  })
  return toClaim(row)
}

/** One decision, in the caller's transaction: the claim moves, the audit entry, its webhook event, and the partner's notice after the commit. */
async function decide(tx: Tx, programId: string, claim: ClaimRow, d: { commission: Commission | null; reason: string | null }, audit: AuditContext, now: Date): Promise<ClaimRow> {
  const status = d.commission ? 'approved' : 'rejected'
  const row = await moveClaim(tx, claim.id, { status, reason: d.reason, commission_id: d.commission?.id ?? null, decided_at: now.toISOString() })
  await recordAudit(tx, programId, audit, {
    action: status === 'approved' ? 'claim.approved' : 'claim.rejected',
    subject: { type: 'claim', id: claim.id },
    before: { status: 'pending' },
    after: { status, ...(d.commission ? { commissionId: d.commission.id, amountMinor: d.commission.amountMinor, currency: d.commission.currency } : { reason: d.reason }) },
  })
  await emitEvent(tx, programId, status === 'approved' ? 'claim.approved' : 'claim.rejected', toClaim(row), now)
  // The one notice of the claim's commission: messaging adds what it earns and when it is paid (nothing for a
  // sale refunded in full before the claim: its commission was reversed at once, not earned)
  const notice = claimNotice({ invoiceId: row.invoice_id, status, reason: d.reason })
  await recordEvent(tx, programId, 'partner.notice', { partnerId: row.partner_id, kind: 'claim_decided', ...notice, ...(d.commission && { commissionId: d.commission.id }) }, now)
  return row
}

function creditedSale(sale: { partner_id: string | null; split_partner_id: string | null }): CreditedSale {
  return { partnerId: sale.partner_id, splitPartnerId: sale.split_partner_id }
}

/** A claim decided meanwhile: its approval when approved, else 409. */
async function settled(db: Db, programId: string, row: ClaimRow): Promise<ClaimApproval> {
  if (row.status !== 'approved') throw conflict(`This claim was already ${row.status}`, 'status')
  return approval(db, programId, row)
}

async function approval(db: Db, programId: string, row: ClaimRow): Promise<ClaimApproval> {
  const commission = toCommission((await findCommission(db, programId, row.commission_id!))!)
  // A reversed commission owes nothing, whatever its amount
  const owedMinor = commission.status === 'reversed' ? 0 : (await commissionOwed(db, programId, commission)).owedMinor
  return { claim: toClaim(row), commission, owedMinor }
}
