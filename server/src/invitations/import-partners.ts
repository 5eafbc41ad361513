// POST /v1/partners/import: every row checked before anything is written; all rows or none. A dry run
// answers the preview; a real import creates each new partner (approved, with its first link and its
// `partner.created` event) and emails it an invitation, in one transaction. Rows whose email is already
// a partner are left alone, so the same file imported twice creates and invites once.
import type { ApiErrorDetail, ImportedPartnerRow, Partner, PartnerImportResult } from '@afflio/sdk/types'
import type { z } from 'zod'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { auditPartnerCreated, emitPartnersCreated, insertPartnerWithLink, partnersByEmail, takenExternalIds, takenLinkCodes } from '../partners/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { type CheckedRows, checkRecords, csvRecords, rowRecords } from './import-rows.ts'
import { invite } from './invite.ts'
import type * as schemas from './schemas.ts'

type ImportBody = z.output<typeof schemas.importPartners>

export async function importPartners(db: Db, program: ProgramRow, input: ImportBody, audit: AuditContext): Promise<PartnerImportResult> {
  const read = input.csv !== undefined ? csvRecords(input.csv) : { records: rowRecords(input.rows ?? []), errors: [] }
  const checked: CheckedRows = read.errors.length ? { rows: [], errors: read.errors } : checkRecords(read.records)
  if (input.dryRun) return preview(db, program.id, checked)
  const run = () => db.transaction().execute((tx) => commit(tx, program, input, checked, audit))
  try {
    return await run()
  } catch (err) {
    // A concurrent import created one of these partners first: read again, it is now `existing`.
    if (isUniqueViolation(err)) return run()
    throw err
  }
}

/** What the rows would do now, and every problem, the database's included (a taken link code or external id). */
async function plan(db: Db | Tx, programId: string, checked: CheckedRows) {
  const existing = await partnersByEmail(db, programId, checked.rows.map((r) => r.row.email))
  const fresh = checked.rows.filter((r) => !existing.has(r.row.email))
  const codes = await takenLinkCodes(db, programId, fresh.flatMap((r) => r.row.linkCode ?? []))
  const externalIds = await takenExternalIds(db, programId, fresh.flatMap((r) => r.row.externalId ?? []))
  const errors: ApiErrorDetail[] = [...checked.errors]
  for (const { line, row } of fresh) {
    if (row.linkCode && codes.has(row.linkCode)) errors.push({ line, field: 'linkCode', message: `${row.linkCode} is already another partner's link code` })
    if (row.externalId && externalIds.has(row.externalId)) errors.push({ line, field: 'externalId', message: `${row.externalId} is already another partner's external id` })
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return { existing, errors }
}

async function preview(db: Db, programId: string, checked: CheckedRows): Promise<PartnerImportResult> {
  const { existing, errors } = await plan(db, programId, checked)
  const rows: ImportedPartnerRow[] = checked.rows.map(({ line, row }) => {
    const id = existing.get(row.email)
    return { line, email: row.email, outcome: id ? 'existing' : 'created', partnerId: id ?? null, invitation: null }
  })
  return summary(true, rows, errors)
}

async function commit(tx: Tx, program: ProgramRow, input: ImportBody, checked: CheckedRows, audit: AuditContext): Promise<PartnerImportResult> {
  const { existing, errors } = await plan(tx, program.id, checked)
  if (errors.length) {
    const rows = new Set(errors.map((e) => e.line)).size
    throw new ApiError(400, 'invalid_request', `${rows === 1 ? '1 row has' : `${rows} rows have`} problems: nothing was imported. Correct them and import again.`, 'rows', undefined, errors)
  }
  const rows: ImportedPartnerRow[] = []
  const created: Partner[] = []
  for (const { line, row } of checked.rows) {
    const id = existing.get(row.email)
    if (id) {
      rows.push({ line, email: row.email, outcome: 'existing', partnerId: id, invitation: null })
      continue
    }
    const { website, ...fields } = row
    const partner = await insertPartnerWithLink(tx, program, fields, audit.at, { status: 'approved', website: website ?? null })
    await auditPartnerCreated(tx, program.id, partner, audit)
    const invitation = await invite(tx, program, partner, { acceptUrl: input.acceptUrl, expiresInDays: input.expiresInDays }, audit)
    rows.push({ line, email: row.email, outcome: 'created', partnerId: partner.id, invitation })
    created.push(partner)
    // Two rows of the file cannot both create: checkRecords refused repeated emails.
    existing.set(row.email, partner.id)
  }
  await emitPartnersCreated(tx, program.id, created, audit.at)
  return summary(false, rows, [])
}

function summary(dryRun: boolean, rows: ImportedPartnerRow[], errors: ApiErrorDetail[]): PartnerImportResult {
  const created = rows.filter((r) => r.outcome === 'created').length
  return { dryRun, rows, created, existing: rows.length - created, errors }
}
