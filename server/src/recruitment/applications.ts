// Applications: submitted (public form, or the host with its secret key), then approved or rejected,
// by a person or by the auto-approve rules. Approval creates the partner and its first link.
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type {
  ApiErrorCode,
  Application,
  ApprovedApplication,
  ApproveApplicationInput,
  CreateApplicationInput,
  CreatePartnerInput,
  ListApplicationsQuery,
  Page,
  RejectApplicationInput,
  SubmittedApplication,
} from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { validateAnswers } from './application-form.ts'
import { shouldAutoApprove } from './auto-approve.ts'
import { recruitNotice } from './recruit-notice.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import type { ProgramRow } from '../programs/index.ts'
import { type ApplicationRow, findBySlug, findFormSettings, toApplication } from './queries.ts'
import {
  applicationsPage,
  claimPendingApplication,
  findApplicationRow,
  findGroup,
  findPartnerIdByEmail,
  findPartnerIdByExternalId,
  findPendingApplication,
  insertApplication,
  recruiterByCode,
  partnerWithLinks,
  setApplicationPartner,
} from './application-queries.ts'
import { emitEvent } from '../webhooks/index.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { explainPartnerConflict, insertPartnerWithLink, partnersCreated } from '../partners/index.ts'
import { unknownReference } from '../kernel/http/references.ts'

/**
 * The public form's submission, by the program's slug: only while the form takes applications. Its 409s
 * name no partner or application: nobody has shown they own the address (docs/recruitment.md).
 */
export async function submitPublicApplication(db: Db, slug: string, input: CreateApplicationInput, now: Date): Promise<SubmittedApplication> {
  const found = await findBySlug(db, slug)
  if (!found) throw notFound('Program')
  const application = await createApplication(db, found.program, input, now, { public: true })
  return { id: application.id, status: application.status === 'approved' ? 'approved' : 'pending' }
}

/**
 * A new application, checked against the form's questions, and approved at once when the
 * auto-approve rules say so (in the same transaction). One pending application per address, and
 * none from an existing partner: both are 409, naming the application or partner in the way for the
 * host (secret key). `public`: the marketplace form's, without a key: only while the form is open, and
 * its 409s name no id.
 */
export async function createApplication(db: Db, program: ProgramRow, input: CreateApplicationInput, now: Date, opts: { public?: boolean } = {}): Promise<Application> {
  const seen: Seen = opts.public ? 'public' : 'host'
  try {
    return await transact(db, (tx) => submit(tx, program, input, now, seen))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    // Lost a race with an identical submission (the one-pending index), or the partner appeared meanwhile.
    const inWay = (await pendingConflict(db, program.id, input.email, seen)) ?? (await partnerConflict(db, program.id, input, seen))
    if (inWay) throw inWay
    // Else an approval's link code (auto-approve): the host is told which; the public form, to send it again.
    throw seen === 'host' ? await explainPartnerConflict(db, program.id, input) : conflict('The application could not be saved just now: please send it again')
  }
}

/** Who asks: the host with its secret key is told the ids of what is in the way; the public form is not. */
type Seen = 'host' | 'public'

async function submit(tx: Tx, program: ProgramRow, input: CreateApplicationInput, now: Date, seen: Seen): Promise<Application> {
  const form = await findFormSettings(tx, program.id)
  if (seen === 'public' && !form.accepting) throw new ApiError(403, 'forbidden', `${program.name} is not taking applications`)
  const checked = validateAnswers(form.questions, input.answers ?? {})
  if (!checked.ok) throw badRequest(checked.message, checked.field)
  const pending = await pendingConflict(tx, program.id, input.email, seen)
  if (pending) throw pending
  await noPartnerYet(tx, program.id, input, seen)

  const row: ApplicationRow = {
    id: newId('app', now.getTime()),
    program_id: program.id,
    email: input.email,
    name: input.name ?? null,
    external_id: input.externalId ?? null,
    answers: JSON.stringify(checked.answers),
    status: 'pending',
    rejection_reason: null,
    partner_id: null,
    referred_by_id: input.via ? await recruiterByCode(tx, program.id, input.via) : null,
    auto_approved: 0,
    created_at: now.toISOString(),
    decided_at: null,
  }
  await insertApplication(tx, row)
  await emitEvent(tx, program.id, 'application.created', toApplication(row), now)
  if (!shouldAutoApprove(form.autoApprove, { email: row.email, answers: checked.answers })) {
    await tellRecruiter(tx, program, row, 'applied', now)
    return toApplication(row)
  }
  // A fresh row, pending in this transaction: nobody else can have decided it. Its recruiter is told once, of the approval.
  return (await approveIn(tx, program, row, {}, { actor: SYSTEM, at: now }, true, seen))!.application
}

/** A 409 on `field` (`conflict`, or the code that says what is in the way), with the id of what is in the way when the host asks. */
const inTheWay = (message: string, id: string, field: string, seen: Seen, code: ApiErrorCode = 'conflict') => new ApiError(409, code, seen === 'host' ? `${message} (${id})` : message, field)

async function pendingConflict(db: Db | Tx, programId: string, email: string, seen: Seen): Promise<ApiError | null> {
  const row = await findPendingApplication(db, programId, email)
  return row ? inTheWay(`An application from ${email} is already waiting for review`, row.id, 'email', seen) : null
}

/** The partner the applicant already is, by email or by the host's externalId, as a 409 `already_partner`; null if none. */
async function partnerConflict(db: Db | Tx, programId: string, who: { email: string; externalId?: string | null | undefined }, seen: Seen): Promise<ApiError | null> {
  const byEmail = await findPartnerIdByEmail(db, programId, who.email)
  if (byEmail) return inTheWay(`${who.email} is already a partner of this program`, byEmail.id, 'email', seen, 'already_partner')
  if (!who.externalId) return null
  const byExt = await findPartnerIdByExternalId(db, programId, who.externalId)
  return byExt ? inTheWay(`A partner with externalId ${who.externalId} exists`, byExt.id, 'externalId', seen, 'already_partner') : null
}

async function noPartnerYet(tx: Tx, programId: string, who: { email: string; externalId?: string | null | undefined }, seen: Seen): Promise<void> {
  const found = await partnerConflict(tx, programId, who, seen)
  if (found) throw found
}

export function listApplications(db: Db, programId: string, query: ListApplicationsQuery & { limit: number }): Promise<Page<Application>> {
  return applicationsPage(db, programId, query)
}

export async function getApplication(db: Db, programId: string, id: string): Promise<Application> {
  return toApplication(await findApplication(db, programId, id))
}

async function findApplication(db: Db | Tx, programId: string, id: string): Promise<ApplicationRow> {
  const row = await findApplicationRow(db, programId, id)
  if (!row) throw notFound('Application')
  return row
}

/**
 * Approves a pending application: the partner (status `approved`) and its first link, the
 * `application.approved` event, the partner's welcome notice and its recruiter's (recruit_update), in one transaction. Approving it
 * again answers the same partner; approving a rejected one is a 409.
 */
export async function approveApplication(db: Db, program: ProgramRow, id: string, input: ApproveApplicationInput, audit: AuditContext): Promise<ApprovedApplication> {
  try {
    return await transact(db, async (tx) => {
      const row = await findApplication(tx, program.id, id)
      if (row.status !== 'pending') return alreadyApproved(tx, program, row)
      if (input.groupId) {
        const group = await findGroup(tx, program.id, input.groupId)
        if (!group) throw unknownReference('group', input.groupId, 'groupId')
      }
      // Null: a concurrent decision came first (Postgres waits for it, then reads it, committed).
      return (await approveIn(tx, program, row, input, audit, false, 'host')) ?? alreadyApproved(tx, program, await findApplication(tx, program.id, id))
    })
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    throw await explainPartnerConflict(db, program.id, partnerInput(await findApplication(db, program.id, id), input))
  }
}

/** The answer to approving a decided application: the same partner again, or a 409 if it was rejected. */
async function alreadyApproved(tx: Tx, program: ProgramRow, row: ApplicationRow): Promise<ApprovedApplication> {
  if (row.status !== 'approved') throw conflict('The application was rejected; it cannot be approved')
  return { application: toApplication(row), partner: await partnerWithLinks(tx, program, row.partner_id!) }
}

/** Null when the application is no longer pending: someone decided it meanwhile. */
async function approveIn(tx: Tx, program: ProgramRow, row: ApplicationRow, input: ApproveApplicationInput, audit: AuditContext, auto: boolean, seen: Seen): Promise<ApprovedApplication | null> {
  const now = audit.at
  const at = now.toISOString()
  // Claims the application first: of two approvals at once, the second finds it no longer pending.
  if (!(await claimPendingApplication(tx, row.id, { status: 'approved', decided_at: at, auto_approved: auto ? 1 : 0 }))) return null
  // After the claim: a concurrent approval of this application has committed its partner by now.
  await noPartnerYet(tx, program.id, { email: row.email, externalId: row.external_id }, seen)

  const partner = await insertPartnerWithLink(tx, program, partnerInput(row, input), now, { status: 'approved', groupId: input.groupId ?? null, referredById: row.referred_by_id })
  await setApplicationPartner(tx, row.id, partner.id)
  const application = toApplication({ ...row, status: 'approved', decided_at: at, auto_approved: auto ? 1 : 0, partner_id: partner.id })

  await emitEvent(tx, program.id, 'application.approved', application, now)
  await recordEvent(
    tx,
    program.id,
    'partner.notice',
    {
      partnerId: partner.id,
      kind: 'application_approved',
      subject: `Welcome to ${program.name}`,
      body: `Your application to the ${program.name} partner program was approved. Your referral link code is ${partner.links[0]!.code}.`,
    },
    now,
  )
  await tellRecruiter(tx, program, row, 'approved', now)
  await recordAudit(tx, program.id, audit, { action: 'application.approved', subject: { type: 'application', id: row.id }, before: { status: 'pending' }, after: { status: 'approved', partnerId: partner.id, auto } })
  await partnersCreated(tx, program.id, [partner], audit)
  return { application, partner }
}

/** The partner whose recruiting link the application came through, if any, is told (a notice; an email unless it turned recruit_update off). */
async function tellRecruiter(tx: Tx, program: ProgramRow, row: ApplicationRow, stage: 'applied' | 'approved', now: Date): Promise<void> {
  if (!row.referred_by_id) return
  const text = recruitNotice(stage, { programName: program.name, applicantName: row.name })
  await recordEvent(tx, program.id, 'partner.notice', { partnerId: row.referred_by_id, kind: 'recruit_update', ...text }, now)
}

function partnerInput(row: ApplicationRow, input: ApproveApplicationInput): CreatePartnerInput {
  return { email: row.email, ...(row.name ? { name: row.name } : {}), ...(row.external_id ? { externalId: row.external_id } : {}), ...(input.linkCode ? { linkCode: input.linkCode } : {}) }
}

/**
 * Rejects a pending application with a reason, and emits `application.rejected`. Rejecting it
 * again answers it unchanged; rejecting an approved one is a 409. The applicant is no partner: they are
 * told by email, with the reason (messaging's reaction to `applicant.rejected`), when email is configured.
 */
export async function rejectApplication(db: Db, programId: string, id: string, input: RejectApplicationInput, audit: AuditContext): Promise<Application> {
  const now = audit.at
  return transact(db, async (tx) => {
    const row = await findApplication(tx, programId, id)
    if (row.status !== 'pending') return alreadyRejected(row)
    const at = now.toISOString()
    const claimed = await claimPendingApplication(tx, row.id, { status: 'rejected', rejection_reason: input.reason, decided_at: at })
    if (!claimed) return alreadyRejected(await findApplication(tx, programId, id))
    const application = toApplication({ ...row, status: 'rejected', rejection_reason: input.reason, decided_at: at })
    await emitEvent(tx, programId, 'application.rejected', application, now)
    await recordEvent(tx, programId, 'applicant.rejected', { applicationId: row.id, email: row.email, reason: input.reason }, now)
    await recordAudit(tx, programId, audit, { action: 'application.rejected', subject: { type: 'application', id: row.id }, before: { status: 'pending' }, after: { status: 'rejected', reason: input.reason } })
    return application
  })
}

function alreadyRejected(row: ApplicationRow): Application {
  if (row.status !== 'rejected') throw conflict('The application was approved; suspend the partner instead')
  return toApplication(row)
}
