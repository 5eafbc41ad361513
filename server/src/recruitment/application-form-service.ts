// The application form (questions, open or closed) and its auto-approve rules, per program.
import type { ApplicationForm, AutoApproveRules, PublicApplicationForm, UpdateApplicationFormInput, UpdateAutoApproveInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { badRequest, notFound } from '../kernel/http/errors.ts'
import { commissionSummaries, findBySlug, findFormSettings, saveFormColumns } from './queries.ts'
import { programOffer } from '../rewards/index.ts'

export async function getApplicationForm(db: Db, programId: string): Promise<ApplicationForm> {
  const form = await findFormSettings(db, programId)
  return { acceptingApplications: form.accepting, questions: form.questions }
}

/** Replaces the questions (and opens or closes the form); the auto-approve rules stay. Audited on the program. */
export async function updateApplicationForm(db: Db, programId: string, input: UpdateApplicationFormInput, audit: AuditContext): Promise<ApplicationForm> {
  return db.transaction().execute(async (tx) => {
    const current = await findFormSettings(tx, programId)
    const questions = input.questions.map((q) => ({ ...q, required: q.required ?? false }))
    const accepting = input.acceptingApplications ?? current.accepting
    await saveFormColumns(tx, programId, { accepting: accepting ? 1 : 0, questions: JSON.stringify(questions) }, audit.at)
    const before = { acceptingApplications: current.accepting, questions: current.questions }
    await recordAudit(tx, programId, audit, { action: 'application_form.changed', subject: { type: 'program', id: programId }, before, after: { acceptingApplications: accepting, questions } })
    return { acceptingApplications: accepting, questions }
  })
}

export async function getAutoApprove(db: Db, programId: string): Promise<AutoApproveRules> {
  return (await findFormSettings(db, programId)).autoApprove
}

/** Replaces the rules. An answer condition must name a question of the current form. Audited on the program: they decide who becomes a partner unseen. */
export async function updateAutoApprove(db: Db, programId: string, input: UpdateAutoApproveInput, audit: AuditContext): Promise<AutoApproveRules> {
  return db.transaction().execute(async (tx) => {
    const current = await findFormSettings(tx, programId)
    const conditions = input.mode === 'conditions' ? (input.conditions ?? []) : []
    conditions.forEach((c, i) => {
      if (c.field !== 'answer') return
      const q = current.questions.find((q) => q.id === c.questionId)
      if (!q) throw badRequest(`conditions.${i}.questionId: ${c.questionId} is not a question of the form`, `conditions.${i}.questionId`)
      if ((q.type === 'checkbox') !== (typeof c.equals === 'boolean')) {
        throw badRequest(`conditions.${i}.equals: ${q.type === 'checkbox' ? 'a checkbox answer is true or false' : 'compare a text answer with a string'}`, `conditions.${i}.equals`)
      }
    })
    const autoApprove: AutoApproveRules = { mode: input.mode, match: input.match ?? 'all', conditions }
    await saveFormColumns(tx, programId, { auto_approve: JSON.stringify(autoApprove) }, audit.at)
    await recordAudit(tx, programId, audit, { action: 'application_form.changed', subject: { type: 'program', id: programId }, before: { autoApprove: current.autoApprove }, after: { autoApprove } })
    return autoApprove
  })
}

/** The form as an applicant sees it, by the program's slug (listed or not). */
export async function getPublicApplicationForm(db: Db, slug: string): Promise<PublicApplicationForm> {
  const found = await findBySlug(db, slug)
  if (!found) throw notFound('Program')
  const { program, listing } = found
  const form = await findFormSettings(db, program.id)
  const summary = (await commissionSummaries(db, [{ program, override: listing.commission_summary }])).get(program.id)!
  return {
    program: { slug: listing.slug, name: program.name, logoUrl: listing.logo_url, commissionSummary: summary, referralReward: programOffer(program) },
    acceptingApplications: form.accepting,
    questions: form.questions,
  }
}
