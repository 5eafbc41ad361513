// Activity: the program's audit log, newest first. Each change says when, who made it (an API key, a
// manager in the console, the operator, Afflio itself), what it was, on which record, and which fields
// changed how. Filters by action and by subject type; "Load more" follows the cursor.
import type { AuditAction, AuditActor, AuditEntry, AuditSubjectType } from '@afflio/sdk/types'
import { formatDateTime } from '../../kit/format.ts'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { en, type MessageKey, type T } from '../messages.ts'
import type { ActivityFilter } from '../stores.ts'
import { Paged } from '../ui.tsx'

// The filters' choices are the messages' keys, so every action and subject type has its words. The two
// checks below fail tsc when the SDK adds one the messages lack, or the messages keep one it dropped.
const keysOf = (prefix: string) => Object.keys(en).flatMap((k) => (k.startsWith(prefix) ? [k.slice(prefix.length)] : []))
const ACTIONS = keysOf('audit.') as AuditAction[]
const SUBJECTS = keysOf('subject.') as AuditSubjectType[]
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
true satisfies Same<`audit.${AuditAction}`, Extract<MessageKey, `audit.${string}`>>
true satisfies Same<`subject.${AuditSubjectType}`, Extract<MessageKey, `subject.${string}`>>

/** The server's stand-in for a secret's value (server/src/audit/audit-rules.ts) */
const SECRET = '[secret]'

/** "API key sk_live_ab12…", "dana@acme.test (console)", "Admin", "Afflio" */
export const who = (t: T, a: AuditActor) => t(`actor.${a.kind}`, { label: a.label ?? a.id })

const show = (v: unknown) => (v == null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/**
 * One line per field: "status: active → suspended". A creation (or deletion) lists the fields it set (or
 * had), leaving out the empty ones; a secret says only "changed".
 */
export function changes(t: T, { before, after }: AuditEntry): string[] {
  return [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].flatMap((k) => {
    const was = before?.[k]
    const is = after?.[k]
    if (was === SECRET || is === SECRET) return [`${k}: ${t('activity.changed')}`]
    if (before && after) return [`${k}: ${show(was)} → ${show(is)}`]
    const v = before ? was : is
    return v == null ? [] : [`${k}: ${show(v)}`]
  })
}

export function Activity() {
  const { t, stores, locale } = useConsole()
  const filter = useStore(stores.activity.$filter)
  const names = useStore(stores.directory.$).data
  const program = useStore(stores.program.$).data
  const set = (k: keyof ActivityFilter, v: string) => stores.activity.filter({ ...stores.activity.$filter.get(), [k]: v || undefined })
  /** A partner (or the program) by name, anything else by its type and id */
  const subject = ({ type, id }: AuditEntry['subject']) => {
    const p = type === 'partner' ? names?.get(id) : undefined
    if (p) return p.name ?? p.email
    return type === 'program' && program?.id === id ? program.name : `${t(`subject.${type}`)} ${id}`
  }

  return (
    <section>
      <div class="filters" role="group" aria-label={t('filters')}>
        <Field id="af-a" label={t('activity.action')}>
          {(p) => (
            <select {...p} value={filter.action ?? ''} onChange={(e) => set('action', e.currentTarget.value)}>
              <option value="">{t('all')}</option>
              {ACTIONS.map((a) => (
                <option value={a}>{t(`audit.${a}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="af-s" label={t('activity.subjectType')}>
          {(p) => (
            <select {...p} value={filter.subjectType ?? ''} onChange={(e) => set('subjectType', e.currentTarget.value)}>
              <option value="">{t('all')}</option>
              {SUBJECTS.map((s) => (
                <option value={s}>{t(`subject.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Paged store={stores.activity} empty={t(filter.action || filter.subjectType ? 'activity.noMatch' : 'activity.empty')}>
        {(items) => (
          <Table
            caption={t('tab.activity')}
            rows={items}
            cols={[
              { label: t('activity.when'), cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time> },
              { label: t('activity.who'), cell: (e) => who(t, e.actor) },
              { label: t('activity.what'), cell: (e) => t(`audit.${e.action}`) },
              { label: t('activity.subject'), cell: (e) => subject(e.subject) },
              { label: t('activity.change'), cell: (e) => changes(t, e).map((line) => <div>{line}</div>) },
            ]}
          />
        )}
      </Paged>
    </section>
  )
}
