// Onboarding checklists: the program's (or a group's) list of steps, and what a partner does about them
// in the portal: mark a custom step done, accept terms. Progress itself lives in onboarding-events.ts.
import type { AcceptTermsInput, OnboardingChecklist, OnboardingProgress, OnboardingStep, PutOnboardingChecklistInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { checkSteps, PROGRAM_SCOPE, unknownStepId } from './checklist.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { findGroup, findPartnerTerms, liveResourceKinds } from './queries.ts'
import { allChecklists, findChecklist, removeChecklist, saveChecklist } from './checklist-queries.ts'
import type { PortalSession } from '../portal/index.ts'
import { getOnboardingProgress, onboardingEvent, partnerChecklist } from './onboarding-events.ts'
import { unknownReference } from '../kernel/http/references.ts'

async function ownsGroup(db: Db | Tx, programId: string, groupId: string | undefined): Promise<void> {
  if (!groupId) return
  const row = await findGroup(db, programId, groupId)
  if (!row) throw unknownReference('group', groupId, 'groupId')
}

/** The program's checklist, or a group's own (empty, `updatedAt` null, when it has none: its partners get the program's). */
export async function getChecklist(db: Db, programId: string, groupId: string | undefined): Promise<OnboardingChecklist> {
  await ownsGroup(db, programId, groupId)
  const row = await findChecklist(db, programId, groupId ?? PROGRAM_SCOPE)
  return { groupId: groupId ?? null, steps: row ? (JSON.parse(row.steps) as OnboardingStep[]) : [], updatedAt: row?.updated_at ?? null }
}

/**
 * Replaces the steps of the program's or a group's checklist; steps without an id get one. An id given
 * must be a step of one of the program's checklists (404 otherwise, another program's included).
 */
/** A checklist is recorded on what it belongs to: the program, or the group whose own checklist it is. */
const checklistSubject = (programId: string, groupId: string | undefined) => (groupId ? { type: 'group' as const, id: groupId } : { type: 'program' as const, id: programId })
const savedSteps = async (tx: Tx, programId: string, scope: string) => {
  const row = await findChecklist(tx, programId, scope)
  return row ? (JSON.parse(row.steps) as OnboardingStep[]) : null
}

export async function putChecklist(db: Db, programId: string, groupId: string | undefined, input: PutOnboardingChecklistInput, audit: AuditContext): Promise<OnboardingChecklist> {
  const now = audit.at
  return db.transaction().execute(async (tx) => {
    await ownsGroup(tx, programId, groupId)
    const before = await savedSteps(tx, programId, groupId ?? PROGRAM_SCOPE)
    if (input.steps.some((s) => s.id !== undefined)) {
      const known = new Set((await allChecklists(tx, programId)).flatMap((c) => (JSON.parse(c.steps) as OnboardingStep[]).map((s) => s.id)))
      const unknown = unknownStepId(input.steps, known)
      if (unknown) throw notFound(`Step ${unknown}`)
    }
    const named = [...new Set(input.steps.flatMap((s) => (s.resourceId ? [s.resourceId] : [])))]
    const resources = named.length ? await liveResourceKinds(tx, programId, named) : []
    const problem = checkSteps(input.steps, new Map(resources.map((r) => [r.id, { kind: r.kind, groupId: r.group_id }])), groupId ?? null)
    if (problem?.unknownResource) throw unknownReference('resource', problem.unknownResource, problem.field)
    if (problem) throw badRequest(`${problem.field}: ${problem.message}`, problem.field)
    const steps = input.steps.map(
      (s): OnboardingStep => ({ id: s.id ?? newId('obs', now.getTime()), kind: s.kind, title: s.title, description: s.description ?? null, resourceId: s.resourceId ?? null }),
    )
    const row = { program_id: programId, scope: groupId ?? PROGRAM_SCOPE, steps: JSON.stringify(steps), updated_at: now.toISOString() }
    await saveChecklist(tx, row)
    await recordAudit(tx, programId, audit, {
      action: 'onboarding_checklist.changed',
      subject: checklistSubject(programId, groupId),
      before: before && { steps: before },
      after: { steps },
    })
    return { groupId: groupId ?? null, steps, updatedAt: row.updated_at }
  })
}

/** Removes the program's or a group's checklist (a group's partners then get the program's). */
export async function deleteChecklist(db: Db, programId: string, groupId: string | undefined, audit: AuditContext): Promise<OnboardingChecklist> {
  return db.transaction().execute(async (tx) => {
    await ownsGroup(tx, programId, groupId)
    const before = await savedSteps(tx, programId, groupId ?? PROGRAM_SCOPE)
    await removeChecklist(tx, programId, groupId ?? PROGRAM_SCOPE)
    // Removing a checklist there is none of changes nothing: no entry.
    if (before) await recordAudit(tx, programId, audit, { action: 'onboarding_checklist.deleted', subject: checklistSubject(programId, groupId), before: { steps: before }, after: null })
    return { groupId: groupId ?? null, steps: [], updatedAt: null }
  })
}

export function getPortalOnboarding(db: Db, session: PortalSession): Promise<OnboardingProgress> {
  return getOnboardingProgress(db, session.program.id, session.partner.id)
}

/** The partner marks a custom step of its checklist done. Other kinds complete themselves. */
export async function completeCustomStep(db: Db, session: PortalSession, stepId: string, now: Date): Promise<OnboardingProgress> {
  const { program, partner } = session
  return db.transaction().execute(async (tx) => {
    const { steps } = await partnerChecklist(tx, program.id, partner.group_id)
    const step = steps.find((s) => s.id === stepId)
    if (!step) throw notFound(`Step ${stepId} in your checklist`)
    if (step.kind !== 'custom') throw badRequest(`Step ${stepId} is a ${step.kind} step: it completes itself when that happens`, 'stepId')
    await onboardingEvent(tx, { programId: program.id, partnerId: partner.id, kind: 'custom', stepId }, now)
    return getOnboardingProgress(tx, program.id, partner.id)
  })
}

/** The partner accepts a terms document at the version it read; a stale version is refused, so nobody accepts unseen terms. */
export async function acceptTerms(db: Db, session: PortalSession, input: AcceptTermsInput, now: Date): Promise<OnboardingProgress> {
  const { program, partner } = session
  return db.transaction().execute(async (tx) => {
    const terms = await findPartnerTerms(tx, program.id, partner.group_id, input.resourceId)
    if (!terms) throw notFound(`Terms ${input.resourceId}`)
    if (Number(terms.version) !== input.version) throw conflict(`Version ${terms.version} of these terms is current: read it, then accept it`, 'version')
    await onboardingEvent(tx, { programId: program.id, partnerId: partner.id, kind: 'accept_terms', resourceId: input.resourceId, version: input.version }, now)
    return getOnboardingProgress(tx, program.id, partner.id)
  })
}
