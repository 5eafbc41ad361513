// Recruitment settings: the marketplace listing, the application form's questions, and who is
// approved without review (nobody, everyone, or addresses at some email domains).
import type {
  ApplicationForm,
  ApplicationQuestionType,
  AutoApproveCondition,
  AutoApproveRules,
  MarketplaceCategory,
  MarketplaceListing,
  UpdateApplicationFormInput,
} from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import type { MessageKey } from '../messages.ts'
import { Async, fieldErrors, Note, useAct } from '../ui.tsx'

const CATEGORIES: MarketplaceCategory[] = ['saas', 'developer_tools', 'marketing', 'ecommerce', 'finance', 'education', 'health', 'travel', 'media', 'gaming', 'other']
const QTYPES: ApplicationQuestionType[] = ['text', 'textarea', 'url', 'select', 'checkbox']
const MODES: AutoApproveRules['mode'][] = ['manual', 'everyone', 'conditions']

const list = (s: string, sep: RegExp) =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean)

export function Recruitment() {
  const { stores } = useConsole()
  const listing = useStore(stores.recruitment.listing.$)
  const form = useStore(stores.applications.form.$)
  const auto = useStore(stores.recruitment.autoApprove.$)
  return (
    <section>
      <Async s={listing} retry={stores.recruitment.listing.run}>
        {(d) => <Listing d={d} />}
      </Async>
      <Async s={form} retry={stores.applications.form.run}>
        {(d) => <Questions d={d} />}
      </Async>
      <Async s={auto} retry={stores.recruitment.autoApprove.run}>
        {(d) => <Auto d={d} />}
      </Async>
    </section>
  )
}

function Listing({ d }: { d: MarketplaceListing }) {
  const { t, stores } = useConsole()
  const [f, setF] = useState({
    listed: d.listed,
    slug: d.slug ?? '',
    description: d.description ?? '',
    category: (d.category ?? '') as MarketplaceCategory | '',
    websiteUrl: d.websiteUrl ?? '',
    logoUrl: d.logoUrl ?? '',
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const text = (k: 'slug' | 'description' | 'websiteUrl' | 'logoUrl') => (e: { currentTarget: { value: string } }) => setF((f) => ({ ...f, [k]: e.currentTarget.value }))
  const orNull = (s: string) => s.trim() || null

  const save = (e: Event) => {
    e.preventDefault()
    const bad: Record<string, string> = {}
    if (!f.slug.trim()) bad.slug = t('required')
    if (f.listed && !f.description.trim()) bad.description = t('rec.listedNeeds')
    if (f.listed && !f.category) bad.category = t('rec.listedNeeds')
    setErrors(bad)
    if (Object.keys(bad).length) return
    void act.run(async () => {
      try {
        await stores.recruitment.saveListing({
          listed: f.listed,
          slug: f.slug.trim(),
          description: orNull(f.description),
          category: f.category || null,
          websiteUrl: orNull(f.websiteUrl),
          logoUrl: orNull(f.logoUrl),
        })
      } catch (error) {
        return void setErrors(fieldErrors(error, (x) => ['listed', 'slug', 'description', 'category', 'websiteUrl', 'logoUrl'].includes(x)))
      }
      return t('rec.listingSaved')
    })
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="rc-lh">
      <h3 id="rc-lh">{t('rec.listing')}</h3>
      <div class="field">
        <label>
          <input type="checkbox" id="rc-l" checked={f.listed} onChange={(e) => setF((f) => ({ ...f, listed: e.currentTarget.checked }))} /> {t('rec.listed')}
        </label>
      </div>
      <div class="row">
        <Field id="rc-s" label={t('rec.slug')} hint={t('rec.slugHint')} error={errors.slug}>
          {(p) => <input {...p} value={f.slug} maxLength={60} onInput={text('slug')} />}
        </Field>
        <Field id="rc-c" label={t('rec.category')} error={errors.category}>
          {(p) => (
            <select {...p} value={f.category} onChange={(e) => setF((f) => ({ ...f, category: e.currentTarget.value as MarketplaceCategory | '' }))}>
              <option value="">{t('rec.noCategory')}</option>
              {CATEGORIES.map((c) => (
                <option value={c}>{t(`cat.${c}` as MessageKey)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field id="rc-d" label={t('rec.description')} error={errors.description}>
        {(p) => <textarea {...p} value={f.description} onInput={text('description')} />}
      </Field>
      <div class="row">
        <Field id="rc-w" label={t('rec.website')} error={errors.websiteUrl}>
          {(p) => <input {...p} type="url" value={f.websiteUrl} onInput={text('websiteUrl')} />}
        </Field>
        <Field id="rc-lo" label={t('rec.logo')} error={errors.logoUrl}>
          {(p) => <input {...p} type="url" value={f.logoUrl} onInput={text('logoUrl')} />}
        </Field>
      </div>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('rec.saveListing')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

interface QRow {
  id: string
  label: string
  type: ApplicationQuestionType
  required: boolean
  /** One choice a line */
  options: string
}

const Q_FIELD = /^questions(\.\d+(\.(id|label|type|options)(\.\d+)?)?)?$/

function Questions({ d }: { d: ApplicationForm }) {
  const { t, stores } = useConsole()
  const [accepting, setAccepting] = useState(d.acceptingApplications)
  const [rows, setRows] = useState<QRow[]>(() => d.questions.map((q) => ({ ...q, options: (q.options ?? []).join('\n') })))
  const [errors, setErrors] = useState<Record<string, string>>({})
  // The rows below move up a place: errors named by a question's place (questions.2.label) would land on the wrong one
  const removeRow = (i: number) => {
    setRows((rows) => rows.filter((_, j) => j !== i))
    setErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => !/^questions\./.test(k))))
  }
  const act = useAct()
  const setRow = (i: number, r: Partial<QRow>) => setRows((rows) => rows.map((x, j) => (j === i ? { ...x, ...r } : x)))

  const save = (e: Event) => {
    e.preventDefault()
    const bad: Record<string, string> = {}
    rows.forEach((r, i) => {
      if (!/^[a-z0-9_-]{1,40}$/.test(r.id.trim()) || rows.findIndex((x) => x.id.trim() === r.id.trim()) !== i) bad[`questions.${i}.id`] = t('rec.badId')
      if (!r.label.trim()) bad[`questions.${i}.label`] = t('required')
      if (r.type === 'select' && !list(r.options, /\n/).length) bad[`questions.${i}.options`] = t('rec.needOptions')
    })
    setErrors(bad)
    if (Object.keys(bad).length) return
    const input: UpdateApplicationFormInput = {
      acceptingApplications: accepting,
      questions: rows.map((r) => ({ id: r.id.trim(), label: r.label.trim(), type: r.type, required: r.required, ...(r.type === 'select' ? { options: list(r.options, /\n/) } : {}) })),
    }
    void act.run(async () => {
      try {
        await stores.recruitment.saveForm(input)
      } catch (error) {
        return void setErrors(fieldErrors(error, (x) => Q_FIELD.test(x)))
      }
      return t('rec.formSaved')
    })
  }
  // `questions.0.options.2` is shown on the choices
  const err = (i: number, k: string) => errors[`questions.${i}.${k}`] ?? Object.entries(errors).find(([x]) => x.startsWith(`questions.${i}.${k}.`))?.[1]

  return (
    <form onSubmit={save} noValidate aria-labelledby="rc-fh">
      <h3 id="rc-fh">{t('rec.form')}</h3>
      <div class="field">
        <label>
          <input type="checkbox" id="rc-a" checked={accepting} onChange={(e) => setAccepting(e.currentTarget.checked)} /> {t('rec.accepting')}
        </label>
      </div>
      <fieldset>
        <legend>{t('rec.form')}</legend>
        {errors.questions && (
          <p class="err" role="alert">
            {errors.questions}
          </p>
        )}
        {rows.length === 0 && <p class="mut">{t('rec.noQuestions')}</p>}
        {rows.map((r, i) => (
          <div class="cond" role="group" aria-label={t('rec.questionN', { n: i + 1 })}>
            <Field id={`q-i${i}`} label={t('rec.qId')} error={err(i, 'id')}>
              {(p) => <input {...p} value={r.id} maxLength={40} onInput={(e) => setRow(i, { id: e.currentTarget.value })} />}
            </Field>
            <Field id={`q-l${i}`} label={t('rec.qLabel')} error={err(i, 'label')}>
              {(p) => <input {...p} value={r.label} onInput={(e) => setRow(i, { label: e.currentTarget.value })} />}
            </Field>
            <Field id={`q-t${i}`} label={t('rec.qType')} error={err(i, 'type')}>
              {(p) => (
                <select {...p} value={r.type} onChange={(e) => setRow(i, { type: e.currentTarget.value as ApplicationQuestionType })}>
                  {QTYPES.map((x) => (
                    <option value={x}>{t(`qtype.${x}` as MessageKey)}</option>
                  ))}
                </select>
              )}
            </Field>
            <div class="field">
              <label>
                <input type="checkbox" id={`q-r${i}`} checked={r.required} onChange={(e) => setRow(i, { required: e.currentTarget.checked })} /> {t('rec.qRequired')}
              </label>
            </div>
            {r.type === 'select' && (
              <Field id={`q-o${i}`} label={t('rec.qOptions')} error={err(i, 'options')}>
                {(p) => <textarea {...p} value={r.options} onInput={(e) => setRow(i, { options: e.currentTarget.value })} />}
              </Field>
            )}
            <button type="button" class="btn alt" aria-label={t('rec.removeQuestion', { n: i + 1 })} onClick={() => removeRow(i)}>
              ×
            </button>
          </div>
        ))}
        <button type="button" class="btn alt" onClick={() => setRows((rows) => [...rows, { id: '', label: '', type: 'text', required: false, options: '' }])}>
          {t('rec.addQuestion')}
        </button>
      </fieldset>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('rec.saveForm')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

function Auto({ d }: { d: AutoApproveRules }) {
  const { t, stores } = useConsole()
  const isDomain = (c: AutoApproveCondition) => c.field === 'email_domain'
  const [mode, setMode] = useState(d.mode)
  const [domains, setDomains] = useState(() => d.conditions.flatMap((c) => (c.field === 'email_domain' ? c.in : [])).join(', '))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  // Conditions on answers are set through the API; they are kept as they are.
  const others = d.conditions.filter((c) => !isDomain(c))

  const save = (e: Event) => {
    e.preventDefault()
    const names = list(domains, /[,\s]+/).map((x) => x.toLowerCase())
    const bad: Record<string, string> = mode === 'conditions' && !names.length && !others.length ? { conditions: t('rec.needDomains') } : {}
    setErrors(bad)
    if (bad.conditions) return
    const conditions: AutoApproveCondition[] = [...(names.length ? [{ field: 'email_domain' as const, in: names }] : []), ...others]
    void act.run(async () => {
      try {
        await stores.recruitment.saveAutoApprove(mode === 'conditions' ? { mode, match: d.match, conditions } : { mode })
      } catch (error) {
        return void setErrors(fieldErrors(error, (x) => x === 'mode' || x.startsWith('conditions')))
      }
      return t('rec.autoSaved')
    })
  }
  const domainError = errors.conditions ?? Object.entries(errors).find(([x]) => x.startsWith('conditions'))?.[1]

  return (
    <form onSubmit={save} noValidate aria-labelledby="rc-ah">
      <h3 id="rc-ah">{t('rec.auto')}</h3>
      <div class="row">
        <Field id="rc-m" label={t('rec.mode')} error={errors.mode}>
          {(p) => (
            <select {...p} value={mode} onChange={(e) => setMode(e.currentTarget.value as AutoApproveRules['mode'])}>
              {MODES.map((m) => (
                <option value={m}>{t(`rec.mode.${m}` as MessageKey)}</option>
              ))}
            </select>
          )}
        </Field>
        {mode === 'conditions' && (
          <Field id="rc-dm" label={t('rec.domains')} hint={t('rec.domainsHint')} error={domainError}>
            {(p) => <input {...p} value={domains} onInput={(e) => setDomains(e.currentTarget.value)} />}
          </Field>
        )}
      </div>
      {mode === 'conditions' && others.length > 0 && <p class="mut">{t('rec.otherConditions', { n: others.length })}</p>}
      <button type="submit" class="btn" disabled={act.busy}>
        {t('rec.saveAuto')}
      </button>
      <Note note={act.note} />
    </form>
  )
}
