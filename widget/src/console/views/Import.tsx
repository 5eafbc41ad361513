// Import partners: paste CSV or pick a file, check it (a dry run: every problem by line, and who is new),
// then import, which emails each new partner an invitation; the invitations sent are listed.
import type { ApiErrorDetail, ImportedPartnerRow, PartnerImportResult } from '@afflio/sdk/types'
import { AfflioApiError } from '@afflio/sdk'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useConsole } from '../context.ts'
import { Day, Note, useAct } from '../ui.tsx'

export function Import() {
  const { t, stores } = useConsole()
  const [csv, setCsv] = useState('')
  const [acceptUrl, setAcceptUrl] = useState('')
  const [result, setResult] = useState<PartnerImportResult | null>(null)
  const [problems, setProblems] = useState<ApiErrorDetail[]>([])
  /** The invitation link's problem, under its field (not among the rows' problems) */
  const [urlError, setUrlError] = useState<string>()
  const act = useAct()
  const send = (dryRun: boolean) =>
    act.run(async () => {
      setResult(null)
      setUrlError(acceptUrl.trim() ? undefined : t('required'))
      if (!acceptUrl.trim()) return setProblems([])
      try {
        const r = await stores.session.call((c) => c.partners.import({ csv, acceptUrl: acceptUrl.trim(), dryRun }))
        setProblems(r.errors)
        setResult(r)
        if (r.errors.length) return t('import.fix')
        const [created, existing] = dryRun ? (['import.newPartners', 'import.areAlready'] as const) : (['import.partners', 'import.wereAlready'] as const)
        return t(dryRun ? 'import.ready' : 'import.done', { created: t(created, { n: r.created }), existing: t(existing, { n: r.existing }) })
      } catch (error) {
        const api = error instanceof AfflioApiError ? error : undefined
        setProblems(api?.details ?? [])
        if (api?.field === 'acceptUrl') return void setUrlError(t('import.badUrl'))
        throw error
      }
    })
  /** Another file, another text or another link: what was checked no longer is what would be imported. */
  const changed = () => (setResult(null), setProblems([]))
  const pick = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0]
    changed()
    if (file) setCsv(await file.text())
  }
  const invited = result?.rows.filter((r) => r.invitation) ?? []
  return (
    <section>
      <p class="mut">{t('import.hint')}</p>
      <form onSubmit={(e) => (e.preventDefault(), void send(true))} noValidate>
        <Field id="im-url" label={t('import.acceptUrl')} hint={t('import.acceptUrlHint')} error={urlError}>
          {(p) => <input {...p} type="url" required placeholder="https://" value={acceptUrl} onInput={(e) => (setAcceptUrl(e.currentTarget.value), changed())} />}
        </Field>
        <Field id="im-csv" label={t('import.csv')}>
          {(p) => <textarea {...p} rows={8} value={csv} placeholder="email,name,country" onInput={(e) => (setCsv(e.currentTarget.value), changed())} />}
        </Field>
        <Field id="im-file" label={t('import.file')}>
          {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={pick} />}
        </Field>
        <div class="row">
          <button type="submit" class="btn alt" disabled={act.busy || !csv.trim()}>
            {t('import.check')}
          </button>
          <button type="button" class="btn" disabled={act.busy || !result?.dryRun || problems.length > 0 || result.created === 0} onClick={() => void send(false)}>
            {t('import.run')}
          </button>
        </div>
      </form>
      <Note note={act.note} />
      {problems.length > 0 && (
        <Table<ApiErrorDetail & { id: string }> caption={t('import.problems')} rows={problems.map((p, i) => ({ ...p, id: String(i) }))} cols={[{ label: t('import.line'), cell: (p) => p.line ?? '—' }, { label: t('import.field'), cell: (p) => p.field }, { label: t('import.problem'), cell: (p) => p.message }]} />
      )}
      {result && !problems.length && (
        <Table<ImportedPartnerRow & { id: string }>
          caption={t(result.dryRun ? 'import.preview' : 'import.sent')}
          rows={(result.dryRun ? result.rows : invited).map((r) => ({ ...r, id: String(r.line) }))}
          cols={[
            { label: t('email'), cell: (r) => r.email },
            { label: t('status'), cell: (r) => t(r.invitation ? `import.email.${r.invitation.emailStatus ?? 'pending'}` : `import.${r.outcome}`) },
            { label: t('import.expires'), cell: (r) => (r.invitation ? <Day iso={r.invitation.expiresAt} /> : '—') },
          ]}
        />
      )}
    </section>
  )
}
