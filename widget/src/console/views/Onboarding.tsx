// Onboarding: the resources partners get (assets and rules documents: add, archive) and the program's
// checklist a new partner works through (steps in order; terms and resources steps name a resource).
import type { OnboardingChecklist, OnboardingStepInput, OnboardingStepKind, Resource, ResourceKind } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import type { MessageKey } from '../messages.ts'
import { Async, Confirm, Empty, fieldErrors, Note, useAct } from '../ui.tsx'

const KINDS: ResourceKind[] = ['logo', 'banner', 'copy', 'other', 'terms', 'brand_guidelines']
const STEPS: OnboardingStepKind[] = ['accept_terms', 'add_payout_details', 'read_resource', 'share_first_link', 'first_sale', 'custom']
const needsResource = (k: OnboardingStepKind) => k === 'accept_terms' || k === 'read_resource'

export function Onboarding() {
  const { t, stores } = useConsole()
  const s = useStore(stores.onboarding.resources.$)
  const checklist = useStore(stores.onboarding.checklist.$)
  const groups = useStore(stores.groups.$).data ?? []
  const act = useAct()
  return (
    <section>
      <h3>{t('res.title')}</h3>
      <Note note={act.note} />
      <Async s={s} retry={stores.onboarding.resources.run}>
        {(resources) =>
          resources.length ? (
            <Table
              caption={t('res.title')}
              rows={resources}
              cols={[
                { label: t('res.name'), cell: (r) => (r.url ? <a href={r.url} target="_blank" rel="noopener noreferrer">{r.title}</a> : r.title) },
                { label: t('res.kind'), cell: (r) => t(`kind.${r.kind}` as MessageKey) },
                { label: t('res.for'), cell: (r) => (r.groupId ? (groups.find((g) => g.id === r.groupId)?.name ?? r.groupId) : t('rules.everyone')) },
                { label: t('res.version'), num: true, cell: (r) => r.version },
                {
                  label: t('actions'),
                  cell: (r) => (
                    <Confirm
                      label={t('res.archive')}
                      confirm={t('res.archiveConfirm', { name: r.title })}
                      onConfirm={() =>
                        act.run(async () => {
                          await stores.onboarding.archiveResource(r.id)
                          return t('res.archived', { name: r.title })
                        })
                      }
                    />
                  ),
                },
              ]}
            />
          ) : (
            <Empty text={t('res.empty')} />
          )
        }
      </Async>
      <NewResource />
      <Async s={checklist} retry={stores.onboarding.checklist.run}>
        {(d) => <Checklist d={d} resources={s.data ?? []} />}
      </Async>
    </section>
  )
}

const FIELDS = ['kind', 'title', 'url', 'content', 'groupId']

function NewResource() {
  const { t, stores } = useConsole()
  const groups = useStore(stores.groups.$).data ?? []
  const blank = { kind: 'logo' as ResourceKind, title: '', url: '', content: '', groupId: '' }
  const [f, setF] = useState(blank)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const set = (k: keyof typeof blank) => (e: { currentTarget: { value: string } }) => setF((f) => ({ ...f, [k]: e.currentTarget.value }))

  const create = (e: Event) => {
    e.preventDefault()
    const bad: Record<string, string> = {}
    if (!f.title.trim()) bad.title = t('required')
    if (!f.url.trim() && !f.content.trim()) bad.url = t('res.needBody')
    setErrors(bad)
    if (Object.keys(bad).length) return
    const title = f.title.trim()
    void act.run(async () => {
      try {
        await stores.onboarding.createResource({
          kind: f.kind,
          title,
          ...(f.url.trim() ? { url: f.url.trim() } : {}),
          ...(f.content.trim() ? { content: f.content } : {}),
          ...(f.groupId ? { groupId: f.groupId } : {}),
        })
      } catch (error) {
        return void setErrors(fieldErrors(error, (x) => FIELDS.includes(x)))
      }
      setF(blank)
      return t('res.created', { name: title })
    })
  }

  return (
    <form onSubmit={create} noValidate aria-labelledby="rs-h">
      <h3 id="rs-h">{t('res.new')}</h3>
      <div class="row">
        <Field id="rs-k" label={t('res.kind')} error={errors.kind}>
          {(p) => (
            <select {...p} value={f.kind} onChange={set('kind')}>
              {KINDS.map((k) => (
                <option value={k}>{t(`kind.${k}` as MessageKey)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="rs-t" label={t('res.name')} error={errors.title}>
          {(p) => <input {...p} value={f.title} onInput={set('title')} />}
        </Field>
        <Field id="rs-g" label={t('res.group')} error={errors.groupId}>
          {(p) => (
            <select {...p} value={f.groupId} onChange={set('groupId')}>
              <option value="">{t('rules.everyone')}</option>
              {groups.map((g) => (
                <option value={g.id}>{g.name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field id="rs-u" label={t('res.url')} error={errors.url}>
        {(p) => <input {...p} type="url" value={f.url} onInput={set('url')} />}
      </Field>
      <Field id="rs-c" label={t('res.content')} error={errors.content}>
        {(p) => <textarea {...p} value={f.content} onInput={set('content')} />}
      </Field>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('res.create')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

interface StepRow {
  id?: string
  kind: OnboardingStepKind
  title: string
  description: string
  resourceId: string
}

const toRows = (d: OnboardingChecklist): StepRow[] => d.steps.map((s) => ({ id: s.id, kind: s.kind, title: s.title, description: s.description ?? '', resourceId: s.resourceId ?? '' }))

function Checklist({ d, resources }: { d: OnboardingChecklist; resources: Resource[] }) {
  const { t, stores } = useConsole()
  const [rows, setRows] = useState<StepRow[]>(() => toRows(d))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const setRow = (i: number, r: Partial<StepRow>) => setRows((rows) => rows.map((x, j) => (j === i ? { ...x, ...r } : x)))
  // The rows below move up a place: errors named by a row's place (steps.2.title) would land on the wrong step
  const removeRow = (i: number) => {
    setRows((rows) => rows.filter((_, j) => j !== i))
    setErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => !/^steps\./.test(k))))
  }

  const save = (e: Event) => {
    e.preventDefault()
    const bad: Record<string, string> = {}
    rows.forEach((r, i) => {
      if (!r.title.trim()) bad[`steps.${i}.title`] = t('required')
      if (needsResource(r.kind) && !r.resourceId) bad[`steps.${i}.resourceId`] = t('ob.needResource')
    })
    setErrors(bad)
    if (Object.keys(bad).length) return
    const steps: OnboardingStepInput[] = rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      kind: r.kind,
      title: r.title.trim(),
      ...(r.description.trim() ? { description: r.description.trim() } : {}),
      ...(needsResource(r.kind) ? { resourceId: r.resourceId } : {}),
    }))
    void act.run(async () => {
      try {
        // The saved steps, with the ids the server gave the new ones: a later save sends them back, so a
        // step partners have done stays the same step (their progress is kept by its id)
        setRows(toRows(await stores.onboarding.saveChecklist({ steps })))
      } catch (error) {
        return void setErrors(fieldErrors(error, (x) => /^steps(\.\d+\.(kind|title|description|resourceId))?$/.test(x)))
      }
      return t('ob.saved')
    })
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="ob-h">
      <h3 id="ob-h">{t('ob.checklist')}</h3>
      <fieldset>
        <legend>{t('ob.checklist')}</legend>
        {errors.steps && (
          <p class="err" role="alert">
            {errors.steps}
          </p>
        )}
        {rows.length === 0 && <p class="mut">{t('ob.noSteps')}</p>}
        {rows.map((r, i) => {
          const options = resources.filter((x) => r.kind !== 'accept_terms' || x.kind === 'terms')
          return (
            <div class="cond" role="group" aria-label={t('ob.stepN', { n: i + 1 })}>
              <Field id={`os-k${i}`} label={t('ob.kind')} error={errors[`steps.${i}.kind`]}>
                {(p) => (
                  <select {...p} value={r.kind} onChange={(e) => setRow(i, { kind: e.currentTarget.value as OnboardingStepKind, resourceId: '' })}>
                    {STEPS.map((k) => (
                      <option value={k}>{t(`step.${k}` as MessageKey)}</option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={`os-t${i}`} label={t('ob.stepTitle')} error={errors[`steps.${i}.title`]}>
                {(p) => <input {...p} value={r.title} onInput={(e) => setRow(i, { title: e.currentTarget.value })} />}
              </Field>
              {needsResource(r.kind) && (
                <Field id={`os-r${i}`} label={t('ob.resource')} error={errors[`steps.${i}.resourceId`]}>
                  {(p) => (
                    <select {...p} value={r.resourceId} onChange={(e) => setRow(i, { resourceId: e.currentTarget.value })}>
                      <option value="">{t('ob.pick')}</option>
                      {options.map((x) => (
                        <option value={x.id}>{x.title}</option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
              <button type="button" class="btn alt" aria-label={t('ob.removeStep', { n: i + 1 })} onClick={() => removeRow(i)}>
                ×
              </button>
            </div>
          )
        })}
        <button type="button" class="btn alt" onClick={() => setRows((rows) => [...rows, { kind: 'custom', title: '', description: '', resourceId: '' }])}>
          {t('ob.addStep')}
        </button>
      </fieldset>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('ob.save')}
      </button>
      <Note note={act.note} />
    </form>
  )
}
