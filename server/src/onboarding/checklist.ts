// Onboarding checklists: which checklist applies to a partner, which steps are done, whether it is
// complete, and whether a checklist's steps make sense against the program's resources. Pure.
import type { OnboardingStep, OnboardingStepInput, OnboardingStepKind, OnboardingStepProgress, ResourceKind } from '@afflio/sdk/types'

/** The program's own checklist is stored under this scope; a group's under its id. */
export const PROGRAM_SCOPE = 'program'
export const MAX_STEPS = 30

/** What happened, as recorded: the step kinds that complete themselves, and a custom step marked done. */
export type OnboardingFact =
  | { kind: 'add_payout_details' | 'first_sale' | 'share_first_link' }
  | { kind: 'read_resource'; resourceId: string }
  | { kind: 'accept_terms'; resourceId: string; version: number }
  | { kind: 'custom'; stepId: string }

/**
 * The progress key a fact is recorded under, and a step is looked up by. Keyed by the event rather than
 * the step, so progress survives checklist edits and a move to another group. `share_first_link` has no
 * key: it is read from the clicks themselves (the click path writes nothing for most partners).
 *
 * @example progressKey({ kind: 'read_resource', resourceId: 'rsc_1' }) // 'read_resource:rsc_1'
 */
export function progressKey(f: { kind: OnboardingStepKind; resourceId?: string | null; stepId?: string }): string | null {
  switch (f.kind) {
    case 'accept_terms':
    case 'read_resource':
      return `${f.kind}:${f.resourceId}`
    case 'custom':
      return `custom:${f.stepId}`
    case 'share_first_link':
      return null
    default:
      return f.kind
  }
}

/** A group's own checklist replaces the program's; a group without one, and a partner in none, get the program's. */
export function pickChecklist<T extends { scope: string }>(groupId: string | null, rows: readonly T[]): T | undefined {
  return (groupId ? rows.find((r) => r.scope === groupId) : undefined) ?? rows.find((r) => r.scope === PROGRAM_SCOPE)
}

export interface ProgressFacts {
  /** Recorded progress by key: when, and for terms the version accepted */
  recorded: ReadonlyMap<string, { completedAt: string; version: number | null }>
  /** The partner's first click, or null */
  firstClickAt: string | null
  /** When the partner's first credited sale not marked fraud occurred, or null (none, or not read: no first_sale recorded) */
  firstSaleAt: string | null
  /** The current version of each terms document the steps name */
  termsVersions: ReadonlyMap<string, number>
}

export interface ChecklistState {
  steps: OnboardingStepProgress[]
  doneCount: number
  total: number
  percent: number
  complete: boolean
}

/**
 * Each step's state from the facts. A terms step is done only at the document's current version, so
 * publishing a new version undoes it for everyone who accepted an older one, with no row rewritten; a
 * first sale only while the partner has a sale not marked fraud, so marking its only sale fraud undoes it
 * (and a later sale does it again). An empty checklist is never complete: nothing could complete it.
 */
export function evaluateChecklist(steps: readonly OnboardingStep[], facts: ProgressFacts): ChecklistState {
  const out = steps.map((step): OnboardingStepProgress => {
    if (step.kind === 'share_first_link') return { ...step, done: facts.firstClickAt !== null, completedAt: facts.firstClickAt, acceptedVersion: null, currentVersion: null }
    const rec = facts.recorded.get(progressKey({ kind: step.kind, resourceId: step.resourceId, stepId: step.id })!)
    if (step.kind === 'first_sale') {
      // Recorded when a sale was credited (a suspended partner's completes nothing), and done only while one of
      // its sales is not marked fraud: a mark of fraud on its only sale undoes it. Done since the later of the
      // two, so a sale after the first was marked fraud completes it at its own time.
      const done = rec !== undefined && facts.firstSaleAt !== null
      return { ...step, done, completedAt: done ? later(rec!.completedAt, facts.firstSaleAt!) : null, acceptedVersion: null, currentVersion: null }
    }
    if (step.kind === 'accept_terms') {
      const current = facts.termsVersions.get(step.resourceId ?? '') ?? null
      const accepted = rec?.version ?? null
      const done = accepted !== null && current !== null && accepted >= current
      return { ...step, done, completedAt: done ? rec!.completedAt : null, acceptedVersion: accepted, currentVersion: current }
    }
    return { ...step, done: rec !== undefined, completedAt: rec?.completedAt ?? null, acceptedVersion: null, currentVersion: null }
  })
  const total = out.length
  const doneCount = out.filter((s) => s.done).length
  return { steps: out, doneCount, total, percent: total === 0 ? 0 : Math.floor((doneCount * 100) / total), complete: total > 0 && doneCount === total }
}

const later = (a: string, b: string) => (a > b ? a : b)

/**
 * The first step id given that is not one of `known` (the steps of the program's checklists, every
 * scope), or null. An id keeps a step and a custom step's progress, so it must be one of this program's: a
 * new step comes without one. A step may move between the program's checklists, keeping its id.
 *
 * @example unknownStepId([{ id: 'obs_1' }, {}], new Set(['obs_2'])) // 'obs_1'
 */
export function unknownStepId(steps: readonly { id?: string | undefined }[], known: ReadonlySet<string>): string | null {
  return steps.find((s) => s.id !== undefined && !known.has(s.id))?.id ?? null
}

const NEEDS_RESOURCE: ReadonlySet<OnboardingStepKind> = new Set(['accept_terms', 'read_resource'])

/**
 * Why a checklist's steps are not acceptable, or null. `resources` are the program's live resources;
 * `groupId` is the checklist's group (null: the program's). A step may name a program-wide resource, or,
 * in a group's checklist, one of that group's: every partner who gets the checklist must be able to open it.
 * `unknownResource`: the problem is a resource id that names none of the program's (a 404, kernel/http/references.ts).
 */
export function checkSteps(
  steps: readonly OnboardingStepInput[],
  resources: ReadonlyMap<string, { kind: ResourceKind; groupId: string | null }>,
  groupId: string | null,
): { field: string; message: string; unknownResource?: string } | null {
  if (steps.length > MAX_STEPS) return { field: 'steps', message: `at most ${MAX_STEPS} steps` }
  const ids = new Set<string>()
  const events = new Set<string>()
  for (const [i, step] of steps.entries()) {
    const at = (name: string, message: string) => ({ field: `steps.${i}.${name}`, message })
    if (step.id !== undefined) {
      if (ids.has(step.id)) return at('id', 'two steps have the same id')
      ids.add(step.id)
    }
    if (NEEDS_RESOURCE.has(step.kind)) {
      if (!step.resourceId) return at('resourceId', `required for a ${step.kind} step`)
      const r = resources.get(step.resourceId)
      if (!r) return { ...at('resourceId', `no resource ${step.resourceId} in this program`), unknownResource: step.resourceId }
      if (step.kind === 'accept_terms' && r.kind !== 'terms') return at('resourceId', `an accept_terms step names a terms resource, not ${r.kind}`)
      if (r.groupId !== null && r.groupId !== groupId) return at('resourceId', "the resource belongs to a group whose partners alone see it; name a program-wide resource or the checklist's group's")
    } else if (step.resourceId !== undefined) return at('resourceId', `a ${step.kind} step names no resource`)
    // Two steps completed by the same event would always be done together.
    const key = progressKey({ kind: step.kind, resourceId: step.resourceId, stepId: `#${i}` }) ?? step.kind
    if (events.has(key)) return at('kind', 'another step is completed by the same event')
    events.add(key)
  }
  return null
}
