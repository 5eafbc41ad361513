// Deal registration: a partner registers a prospect in the portal; the program approves or rejects it,
// then marks it won (a sale recorded through the ledger, credited to the partner) or lost.
//
// Registrations and approvals of one program take turns (an advisory lock on Postgres; SQLite has one
// writer), so two partners registering one prospect at the same moment are still matched, and two
// matching deals are never both approved.
import type { Commission, Deal, DealWonResult, ListDealsQuery, MarkDealLostInput, MarkDealWonInput, Page, PortalDeal, PortalDealsQuery, RegisterDealInput, RejectDealInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { DealTable } from '../kernel/db/schema.ts'
import { approvalConflict, type DealAction, dealKeys, dealTransition, duplicateVerdict } from './deal-rules.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { type DealRow, dealsMatching, dealsPage, findDeal, insertDeal, lockDeals, markApprovedDealWon, moveDeal, partnerDealsPage, toDeal, toPortalDeal } from './queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import type { PortalSession } from '../portal/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { notifyPartner } from '../messaging/index.ts'
import { recordSale } from '../ledger/index.ts'

type Page_ = { cursor?: string | undefined; limit: number }

const MATCHED: Record<NonNullable<DealTable['duplicate_field']>, string> = {
  company: 'the same company name',
  companyDomain: 'the same company domain',
  contactEmail: "the same domain as the contact's email",
}

/**
 * Registers a prospect for the session's partner. Refused (409, `field` = the field that matched) when
 * another partner's approved or won deal, or the partner's own open one, is for the same prospect; flagged
 * (`duplicateOf`) when it matches another partner's pending deal or the partner's own won one.
 */
export async function registerDeal(db: Db, session: PortalSession, input: RegisterDealInput, now: Date): Promise<PortalDeal> {
  const { program, partner } = session
  const keys = dealKeys(input)
  if (keys.company === '') throw badRequest('company: must contain letters or digits', 'company')
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    await lockDeals(tx, program.id)
    const verdict = duplicateVerdict(keys, partner.id, await dealsMatching(tx, program.id, keys))
    if (verdict?.action === 'refuse') {
      const own = verdict.of.partnerId === partner.id
      throw conflict(
        own
          ? `You already registered this prospect (deal ${verdict.of.id}, ${verdict.of.status}): ${MATCHED[verdict.field]}`
          : `This prospect is already registered in the program by another partner: ${MATCHED[verdict.field]}`,
        verdict.field,
      )
    }
    const row: DealRow = {
      id: newId('deal', now.getTime()),
      program_id: program.id,
      partner_id: partner.id,
      company: input.company,
      company_key: keys.company,
      company_domain: keys.companyDomain,
      contact_domain: keys.contactDomain,
      contact_name: input.contactName,
      contact_email: input.contactEmail,
      estimated_value_minor: input.estimatedValueMinor ?? null,
      currency: input.currency ?? (input.estimatedValueMinor !== undefined ? program.currency : null),
      notes: input.notes || null,
      status: 'pending',
      duplicate_of: verdict?.of.id ?? null,
      duplicate_field: verdict?.field ?? null,
      reason: null,
      sale_id: null,
      invoice_id: null,
      created_at: at,
      updated_at: at,
      decided_at: null,
      closed_at: null,
    }
    await insertDeal(tx, row)
    await emitEvent(tx, program.id, 'deal.registered', toDeal(row), now)
    return toPortalDeal(row)
  })
}

/** The partner's own deals, newest first. */
export async function listPortalDeals(db: Db, session: PortalSession, q: PortalDealsQuery & Page_): Promise<Page<PortalDeal>> {
  return partnerDealsPage(db, session.program.id, session.partner.id, q)
}

/** One of the partner's own deals; another partner's is not found. */
export async function getPortalDeal(db: Db, session: PortalSession, id: string): Promise<PortalDeal> {
  const row = await findDeal(db, session.program.id, id)
  if (!row || row.partner_id !== session.partner.id) throw notFound('Deal')
  return toPortalDeal(row)
}

/** The program's deals, newest first, by status and partner. */
export async function listDeals(db: Db, programId: string, q: ListDealsQuery & Page_): Promise<Page<Deal>> {
  return dealsPage(db, programId, q)
}

export async function getDeal(db: Db, programId: string, id: string): Promise<Deal> {
  const row = await findDeal(db, programId, id)
  if (!row) throw notFound('Deal')
  return toDeal(row)
}

/** Gives the prospect to the deal's partner; 409 while another partner holds an approved or won deal for it. */
export async function approveDeal(db: Db, programId: string, id: string, audit: AuditContext): Promise<Deal> {
  return decide(db, programId, id, 'approve', audit, async (tx, deal) => {
    const clash = approvalConflict(
      { id: deal.id, partnerId: deal.partner_id, company: deal.company_key, companyDomain: deal.company_domain, contactDomain: deal.contact_domain },
      await dealsMatching(tx, programId, { company: deal.company_key, companyDomain: deal.company_domain, contactDomain: deal.contact_domain }),
    )
    if (clash) throw conflict(`Another partner's deal ${clash.of.id} (${clash.of.status}) is for this prospect: ${MATCHED[clash.field]}. Reject one of them.`, clash.field)
    return { reason: null }
  })
}

export async function rejectDeal(db: Db, programId: string, id: string, input: RejectDealInput, audit: AuditContext): Promise<Deal> {
  return decide(db, programId, id, 'reject', audit, async () => ({ reason: input.reason }))
}

export async function markDealLost(db: Db, programId: string, id: string, input: MarkDealLostInput, audit: AuditContext): Promise<Deal> {
  return decide(db, programId, id, 'lost', audit, async () => ({ reason: input.reason ?? null }))
}

const NOTICES: Record<Exclude<DealAction, 'won'>, (company: string, reason: string | null) => { subject: string; body: string }> = {
  approve: (company) => ({ subject: `Deal approved: ${company}`, body: `Your registration of ${company} was approved. When it closes, the sale is credited to you.` }),
  reject: (company, reason) => ({ subject: `Deal not approved: ${company}`, body: `Your registration of ${company} was not approved: ${reason}` }),
  lost: (company, reason) => ({ subject: `Deal closed as lost: ${company}`, body: `${company} did not become a customer${reason ? `: ${reason}` : '.'}` }),
}

const EVENTS = { approve: 'deal.approved', reject: 'deal.rejected', lost: 'deal.lost' } as const

/**
 * One status move in one transaction: the rule's check, a conditional update, the audit entry, the event and
 * the partner's notice. Repeating a move that was already made answers the deal as it is, and records nothing.
 */
async function decide(
  db: Db,
  programId: string,
  id: string,
  action: Exclude<DealAction, 'won'>,
  audit: AuditContext,
  check: (tx: Tx, deal: DealRow) => Promise<{ reason: string | null }>,
): Promise<Deal> {
  const now = audit.at
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    await lockDeals(tx, programId)
    const deal = await findDeal(tx, programId, id)
    if (!deal) throw notFound('Deal')
    const move = dealTransition(deal.status, action)
    if ('error' in move) return settled(deal, action, move.error)
    const { reason } = await check(tx, deal)
    const set = { status: move.to, reason, updated_at: at, ...(action === 'lost' ? { closed_at: at } : { decided_at: at }) }
    const row = await moveDeal(tx, deal, set)
    if (!row) {
      // Won meanwhile: markDealWon moves a deal in its sale's transaction, outside the deals' lock.
      const current = (await findDeal(tx, programId, id))!
      return settled(current, action, (dealTransition(current.status, action) as { error: string }).error)
    }
    const after = { status: row.status, partnerId: row.partner_id, ...(action === 'approve' ? {} : { reason }) }
    await recordAudit(tx, programId, audit, { action: EVENTS[action], subject: { type: 'deal', id: row.id }, before: { status: deal.status }, after })
    await emitEvent(tx, programId, EVENTS[action], toDeal(row), now)
    await notifyPartner(tx, { programId, partnerId: row.partner_id, kind: 'deal_update', ...NOTICES[action](row.company, reason) }, now)
    return toDeal(row)
  })
}

/** The answer to a move the deal cannot make: the deal as it is when it was made already (a retry), else 409. */
function settled(deal: DealRow, action: Exclude<DealAction, 'won'>, error: string): Deal {
  if (deal.status === { approve: 'approved', reject: 'rejected', lost: 'lost' }[action]) return toDeal(deal)
  throw conflict(error, 'status')
}

/**
 * Closes an approved deal as won: records the sale through the ledger (recordSale), credited to the deal's
 * partner without a click, and links it, in the sale's transaction. Idempotent on `invoiceId`; an invoice
 * already credited to someone else, or a deal won with another invoice, is refused (409).
 */
export async function markDealWon(db: Db, program: ProgramRow, id: string, input: MarkDealWonInput, audit: AuditContext): Promise<DealWonResult> {
  const now = audit.at
  const deal = await findDeal(db, program.id, id)
  if (!deal) throw notFound('Deal')
  if (deal.status === 'won' && deal.invoice_id !== input.invoiceId) throw conflict(`This deal was won with invoice ${deal.invoice_id}`, 'invoiceId')
  if (deal.status !== 'won') {
    const move = dealTransition(deal.status, 'won')
    if ('error' in move) throw conflict(move.error, 'status')
  }
  const sale = { invoiceId: input.invoiceId, amountMinor: input.amountMinor, currency: input.currency, productId: input.productId, occurredAt: input.occurredAt }
  let linked: DealRow | null = null
  const result = await recordSale(db, program, sale, now, {
    creditPartnerId: deal.partner_id,
    announced: true, // the deal's notice tells of the commission: the sale's does not
    inTransaction: async (tx, r) => void (linked = await linkWon(tx, program.id, deal, r.sale, r.commission, audit, r.commission)),
  })
  // The invoice was recorded before (a retry, or a sale that arrived by its own path, told of its commission then): link it now.
  linked ??= await transact(db, (tx) => linkWon(tx, program.id, deal, result.sale, result.commission, audit, null))
  return { deal: toDeal(linked), sale: result.sale, commission: result.commission }
}

/** The sale a won deal links: the recorded sale, as the ledger answers it. */
type WonSale = { id: string; invoiceId: string; partnerId: string | null; amountMinor: number; currency: string }

/** `told`: the commission credited now, which the deal's notice tells of (one notice of it, with its amount and payment: messaging adds them). */
async function linkWon(tx: Tx, programId: string, deal: DealRow, sale: WonSale, commission: Commission | null, audit: AuditContext, told: Commission | null): Promise<DealRow> {
  const now = audit.at
  if (sale.partnerId !== deal.partner_id) {
    throw conflict(`Invoice ${sale.invoiceId} is already recorded and credited ${sale.partnerId ? 'to another partner' : 'to no partner'}`, 'invoiceId')
  }
  const at = now.toISOString()
  const row = await markApprovedDealWon(tx, programId, deal.id, sale, at)
  if (!row) {
    const current = (await findDeal(tx, programId, deal.id))!
    if (current.status === 'won' && current.sale_id === sale.id) return current // a concurrent retry linked it
    throw conflict(current.status === 'won' ? `This deal was won with invoice ${current.invoice_id}` : `Only an approved deal can be marked won; this one is ${current.status}`, 'status')
  }
  await recordAudit(tx, programId, audit, {
    action: 'deal.won',
    subject: { type: 'deal', id: row.id },
    before: { status: deal.status },
    after: { status: row.status, partnerId: row.partner_id, saleId: sale.id, invoiceId: sale.invoiceId, amountMinor: sale.amountMinor, currency: sale.currency, commissionId: commission?.id ?? null },
  })
  await emitEvent(tx, programId, 'deal.won', toDeal(row), now)
  // The notice is an event in the sale's transaction: messaging posts it after the commit, outside the sale.
  const body = `${row.company} became a customer. The sale was credited to you.`
  await recordEvent(tx, programId, 'partner.notice', { partnerId: row.partner_id, kind: 'deal_update', subject: `Deal won: ${row.company}`, body, ...(told && { commissionId: told.id }) }, now)
  return row
}
