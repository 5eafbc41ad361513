import type { OnboardingStep } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { checkSteps, evaluateChecklist, MAX_STEPS, pickChecklist, progressKey, unknownStepId } from './checklist.ts'

const step = (kind: OnboardingStep['kind'], id: string, resourceId: string | null = null): OnboardingStep => ({ id, kind, title: kind, description: null, resourceId })
const none = { recorded: new Map(), firstClickAt: null, firstSaleAt: null, termsVersions: new Map() }

describe('progressKey', () => {
  it('keys by the event, a custom step by its id, and gives the first click no key', () => {
    expect(progressKey({ kind: 'accept_terms', resourceId: 'rsc_t' })).toBe('accept_terms:rsc_t')
    expect(progressKey({ kind: 'read_resource', resourceId: 'rsc_b' })).toBe('read_resource:rsc_b')
    expect(progressKey({ kind: 'custom', stepId: 'obs_1' })).toBe('custom:obs_1')
    expect(progressKey({ kind: 'first_sale' })).toBe('first_sale')
    expect(progressKey({ kind: 'add_payout_details' })).toBe('add_payout_details')
    expect(progressKey({ kind: 'share_first_link' })).toBeNull()
  })
})

describe('pickChecklist', () => {
  const rows = [{ scope: 'program' }, { scope: 'grp_a' }]
  it("gives a group's partners the group's checklist, else the program's", () => {
    expect(pickChecklist('grp_a', rows)?.scope).toBe('grp_a')
    expect(pickChecklist('grp_b', rows)?.scope).toBe('program')
    expect(pickChecklist(null, rows)?.scope).toBe('program')
    expect(pickChecklist(null, [{ scope: 'grp_a' }])).toBeUndefined()
  })
})

describe('evaluateChecklist', () => {
  const steps = [step('accept_terms', 'obs_t', 'rsc_t'), step('share_first_link', 'obs_l'), step('custom', 'obs_c'), step('first_sale', 'obs_s')]

  it('marks steps done from recorded progress and the first click, and rounds the percentage down', () => {
    const state = evaluateChecklist(steps, {
      recorded: new Map([
        ['accept_terms:rsc_t', { completedAt: '2026-01-02T00:00:00.000Z', version: 2 }],
        ['custom:obs_c', { completedAt: '2026-01-03T00:00:00.000Z', version: null }],
      ]),
      firstClickAt: '2026-01-01T00:00:00.000Z',
      firstSaleAt: null,
      termsVersions: new Map([['rsc_t', 2]]),
    })
    expect(state.steps.map((s) => [s.id, s.done, s.completedAt])).toEqual([
      ['obs_t', true, '2026-01-02T00:00:00.000Z'],
      ['obs_l', true, '2026-01-01T00:00:00.000Z'],
      ['obs_c', true, '2026-01-03T00:00:00.000Z'],
      ['obs_s', false, null],
    ])
    expect(state).toMatchObject({ doneCount: 3, total: 4, percent: 75, complete: false })
    expect(evaluateChecklist(steps.slice(0, 3), { ...none, firstClickAt: 'x' }).percent).toBe(33)
  })

  it('undoes an accept_terms step when a newer version of the terms is published', () => {
    const accepted = { recorded: new Map([['accept_terms:rsc_t', { completedAt: 'then', version: 1 }]]), firstClickAt: null, firstSaleAt: null }
    const [atV1] = evaluateChecklist([steps[0]!], { ...accepted, termsVersions: new Map([['rsc_t', 1]]) }).steps
    expect(atV1).toMatchObject({ done: true, acceptedVersion: 1, currentVersion: 1 })
    const [atV2] = evaluateChecklist([steps[0]!], { ...accepted, termsVersions: new Map([['rsc_t', 2]]) }).steps
    expect(atV2).toMatchObject({ done: false, completedAt: null, acceptedVersion: 1, currentVersion: 2 })
  })

  it('is complete only when every step is done, and never when empty', () => {
    expect(evaluateChecklist([], none)).toEqual({ steps: [], doneCount: 0, total: 0, percent: 0, complete: false })
    const done = evaluateChecklist([step('first_sale', 'obs_s')], { ...none, recorded: new Map([['first_sale', { completedAt: 'now', version: null }]]), firstSaleAt: 'now' })
    expect(done).toMatchObject({ percent: 100, complete: true })
  })

  it('counts a recorded first sale only while a sale not marked fraud remains, from the later of the two', () => {
    const recorded = new Map([['first_sale', { completedAt: '2026-01-02T00:00:00.000Z', version: null }]])
    const at = (firstSaleAt: string | null, rec = recorded) => evaluateChecklist([step('first_sale', 'obs_s')], { ...none, recorded: rec, firstSaleAt }).steps[0]!
    expect(at('2026-01-02T00:00:00.000Z')).toMatchObject({ done: true, completedAt: '2026-01-02T00:00:00.000Z' })
    expect(at(null)).toMatchObject({ done: false, completedAt: null }) // its only sale marked fraud
    expect(at('2026-01-05T00:00:00.000Z')).toMatchObject({ done: true, completedAt: '2026-01-05T00:00:00.000Z' }) // a later sale does it again
    expect(at('2026-01-01T00:00:00.000Z')).toMatchObject({ done: true, completedAt: '2026-01-02T00:00:00.000Z' }) // occurred before it was credited
    expect(at('2026-01-01T00:00:00.000Z', new Map())).toMatchObject({ done: false }) // a sale that completed nothing (a suspended partner's)
  })

  it("does not count another custom step's progress", () => {
    const state = evaluateChecklist([step('custom', 'obs_c')], { ...none, recorded: new Map([['custom:obs_other', { completedAt: 'now', version: null }]]) })
    expect(state.complete).toBe(false)
  })
})

describe('checkSteps', () => {
  const resources = new Map([
    ['rsc_terms', { kind: 'terms' as const, groupId: null }],
    ['rsc_logo', { kind: 'logo' as const, groupId: null }],
    ['rsc_vip', { kind: 'brand_guidelines' as const, groupId: 'grp_vip' }],
  ])
  const input = (kind: OnboardingStep['kind'], resourceId?: string) => ({ kind, title: 't', ...(resourceId && { resourceId }) })

  it('accepts sensible steps', () => {
    expect(checkSteps([input('accept_terms', 'rsc_terms'), input('read_resource', 'rsc_logo'), input('custom'), input('custom'), input('first_sale')], resources, null)).toBeNull()
    expect(checkSteps([input('read_resource', 'rsc_vip')], resources, 'grp_vip')).toBeNull()
  })

  it('names the field of the first problem', () => {
    expect(checkSteps([input('custom'), input('read_resource')], resources, null)?.field).toBe('steps.1.resourceId')
    expect(checkSteps([input('accept_terms', 'rsc_logo')], resources, null)?.message).toContain('terms resource')
    expect(checkSteps([input('read_resource', 'rsc_gone')], resources, null)?.message).toContain('no resource')
    expect(checkSteps([input('first_sale', 'rsc_logo')], resources, null)?.field).toBe('steps.0.resourceId')
    expect(checkSteps([input('read_resource', 'rsc_vip')], resources, null)?.message).toContain('group')
    expect(checkSteps([input('read_resource', 'rsc_vip')], resources, 'grp_other')?.field).toBe('steps.0.resourceId')
    expect(checkSteps([input('first_sale'), input('first_sale')], resources, null)?.field).toBe('steps.1.kind')
    expect(checkSteps([input('read_resource', 'rsc_logo'), input('read_resource', 'rsc_logo')], resources, null)?.field).toBe('steps.1.kind')
    expect(checkSteps([{ ...input('custom'), id: 'obs_1' }, { ...input('custom'), id: 'obs_1' }], resources, null)?.field).toBe('steps.1.id')
    expect(checkSteps(Array.from({ length: MAX_STEPS + 1 }, () => input('custom')), resources, null)?.field).toBe('steps')
  })
})

describe('unknownStepId', () => {
  it('names the first id given that is none of the known steps; new steps come without one', () => {
    const known = new Set(['obs_a', 'obs_b'])
    expect(unknownStepId([{ id: 'obs_b' }, {}, { id: 'obs_a' }], known)).toBeNull()
    expect(unknownStepId([{ id: 'obs_a' }, { id: 'obs_x' }, { id: 'obs_y' }], known)).toBe('obs_x')
    expect(unknownStepId([{ id: 'obs_a' }], new Set())).toBe('obs_a')
  })
})
