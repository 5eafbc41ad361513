// A program's public application form: fetched by the program's marketplace slug, every custom
// question rendered by its type, checked here and by the server (its errors shown on their fields),
// and the answer shown: waiting for review, or approved at once by the program's auto-approve rules.
// For a signed-in user of the host app, pass their email and name to fill the form in.
import { getApplicationForm, submitApplication } from '@afflio/sdk/browser'
import { AfflioApiError } from '@afflio/sdk/portal'
import type { ApplicationQuestion, PublicApplicationForm, SubmittedApplication } from '@afflio/sdk/types'
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { type Widget, WidgetContext } from '../kit/context.ts'
import { resolveLocale, textDirection } from '../kit/format.ts'
import { translatorFor } from '../kit/messages.ts'
import { mountWidget } from '../kit/mount.tsx'
import { css } from '../kit/styles.ts'
import { applyMessages, type ApplyMessages } from './messages.ts'
import type { Theme, ThemeMode } from '../kit/shell.ts'
import { apiErrors } from '../kit/api-errors.ts'
import { Field } from '../kit/Field.tsx'
import { Failed, Loading } from '../kit/states.tsx'

export interface ApplyOptions {
  /** The program's marketplace slug */
  program: string
  /** Your Afflio server, e.g. https://affiliates.example.com */
  baseUrl: string
  /** Prefill for a signed-in user of the host app */
  email?: string | undefined
  name?: string | undefined
  theme?: ThemeMode | Theme | undefined
  locale?: string | undefined
  messages?: Partial<ApplyMessages> | undefined
  /** Called with the server's answer once the application is in */
  onSubmitted?: ((result: SubmittedApplication) => void) | undefined
  fetch?: typeof fetch | undefined
}

/** Renders the application form in `element`'s shadow root. */
export function mountApply(element: Element, options: ApplyOptions): { unmount(): void } {
  const t = translatorFor(applyMessages, options.messages)
  // The kit's pieces (Field, Loading, Failed) read the widget context: only its t and locale are used (no tabs, no token).
  const locale = resolveLocale(options.locale)
  const app = (
    <WidgetContext.Provider value={{ t: t as Widget['t'], locale, stores: undefined }}>
      <div dir={textDirection(locale)}>
        <Apply o={options} t={t} />
      </div>
    </WidgetContext.Provider>
  )
  return mountWidget(element, css, options.theme, app, {})
}

type Values = Record<string, string | boolean>
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const URL_RE = /^https?:\/\/[^/\s.]+\.\S+$/i

function Apply({ o, t }: { o: ApplyOptions; t: ReturnType<typeof translatorFor<keyof typeof applyMessages>> }) {
  const [form, setForm] = useState<PublicApplicationForm | null>(null)
  const [failed, setFailed] = useState<unknown>(null)
  // In a ref, so a submit right after typing (before the next render) sees what was typed.
  const values = useRef<Values>({ email: o.email ?? '', name: o.name ?? '' })
  const [, redraw] = useState(0)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<SubmittedApplication | null>(null)
  const ref = useRef<HTMLFormElement>(null)
  const opts = o.fetch ? { fetch: o.fetch } : {}
  const load = () => {
    setFailed(null)
    getApplicationForm(o.baseUrl, o.program, opts).then(setForm, setFailed)
  }
  useEffect(load, [])
  // After a failed check or submission, the first field in error takes the focus.
  useEffect(() => ref.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus(), [errors])
  // The answer replaces the form and its button: it takes the focus, and is read out with it.
  const answer = useRef<HTMLParagraphElement>(null)
  useEffect(() => answer.current?.focus(), [result])

  if (!form) return failed ? <Failed error={failed} retry={load} /> : <Loading />
  const program = form.program.name
  if (result) {
    return (
      <div class="state" role="status">
        <p ref={answer} tabIndex={-1} class={result.status === 'approved' ? 'ok' : undefined}>{t(result.status === 'approved' ? 'apply.approved' : 'apply.pending')}</p>
      </div>
    )
  }
  if (!form.acceptingApplications) return <p class="state">{t('apply.closed', { program })}</p>

  const text = (k: string) => String(values.current[k] ?? '').trim()
  const set = (k: string, v: string | boolean) => {
    values.current = { ...values.current, [k]: v }
    // A changed answer loses its error until the next check.
    setErrors((e) => (k in e ? Object.fromEntries(Object.entries(e).filter(([f]) => f !== k)) : e))
    redraw((n) => n + 1)
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    const found: Record<string, string> = {}
    if (!EMAIL.test(text('email'))) found.email = t(text('email') ? 'payouts.badEmail' : 'required')
    const answers: Values = {}
    for (const q of form.questions) {
      const k = `answers.${q.id}`
      const v = q.type === 'checkbox' ? values.current[k] === true : text(k)
      const bad = q.type === 'checkbox' ? q.required && !v && t('apply.tick') : !v ? q.required && t('required') : q.type === 'url' && !URL_RE.test(v as string) && t('links.badUrl')
      if (bad) found[k] = bad
      if (v !== '' && (v || k in values.current)) answers[q.id] = v
    }
    setErrors(found)
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      const r = await submitApplication(o.baseUrl, o.program, { email: text('email'), ...(text('name') ? { name: text('name') } : {}), answers }, opts)
      setResult(r)
      o.onSubmitted?.(r)
    } catch (error) {
      // Told apart by the error's code, never its message's words: a partner is sent to the portal, an applicant waits.
      const code = error instanceof AfflioApiError ? error.code : undefined
      const field = error instanceof AfflioApiError ? error.field : undefined
      setErrors(
        code === 'forbidden'
          ? { form: t('apply.closed', { program }) }
          : code === 'already_partner'
            ? { email: t('apply.partner', { program }) }
            : code === 'conflict' && field === 'email'
              ? { email: t('apply.conflict') }
              : apiErrors(error, ['email', 'name', ...form.questions.map((q) => `answers.${q.id}`)], t('error')),
      )
    } finally {
      setBusy(false)
    }
  }

  /** One labelled control: `k` is the answer's key (also the server's error field). */
  const field = (k: string, id: string, label: string, required: boolean, control: (p: Record<string, unknown>) => JSX.Element) => (
    <Field id={`ap-${id}`} label={required ? label : `${label} ${t('optional')}`} error={errors[k]}>
      {(p) => control({ ...p, required, value: String(values.current[k] ?? ''), onInput: (e: Event) => set(k, (e.currentTarget as HTMLInputElement).value) })}
    </Field>
  )
  return (
    <form ref={ref} onSubmit={submit} noValidate aria-labelledby="ap-title">
      <h2 id="ap-title">{t('apply.title', { program })}</h2>
      <p class="mut" style={{ margin: '4px 0 12px' }}>
        {form.program.commissionSummary}
        {form.program.referralReward && <><br />{t('apply.reward', { label: form.program.referralReward.label })}</>}
      </p>
      {field('email', 'email', t('apply.email'), true, (p) => <input {...p} type="email" autoComplete="email" />)}
      {field('name', 'name', t('apply.name'), false, (p) => <input {...p} autoComplete="name" />)}
      {form.questions.map((q) => {
        const k = `answers.${q.id}`
        const id = `q-${q.id}`
        if (q.type === 'checkbox') return <Checkbox id={`ap-${id}`} q={q} checked={values.current[k] === true} error={errors[k]} set={(v) => set(k, v)} />
        return field(k, id, q.label, q.required, (p) =>
          q.type === 'select' ? (
            <select {...p} onChange={p.onInput as never}>
              <option value="">{t('apply.choose')}</option>
              {(q.options ?? []).map((option) => (
                <option value={option}>{option}</option>
              ))}
            </select>
          ) : q.type === 'textarea' ? (
            <textarea {...p} rows={4} maxLength={5000} />
          ) : q.type === 'url' ? (
            <input {...p} type="url" inputMode="url" />
          ) : (
            <input {...p} maxLength={500} />
          ),
        )
      })}
      <button type="submit" class="btn" disabled={busy}>
        {t('apply.submit')}
      </button>
      <p role="status" aria-live="polite" class="err">
        {errors.form}
      </p>
    </form>
  )
}

function Checkbox({ id, q, checked, error, set }: { id: string; q: ApplicationQuestion; checked: boolean; error: string | undefined; set: (v: boolean) => void }) {
  return (
    <div class="field">
      <label class="cb">
        <input type="checkbox" id={id} checked={checked} required={q.required} aria-invalid={!!error} aria-describedby={error ? `${id}-e` : undefined} onChange={(e) => set(e.currentTarget.checked)} />
        <span>{q.label}</span>
      </label>
      {error && (
        <small id={`${id}-e`} class="err">
          {error}
        </small>
      )}
    </div>
  )
}
