// Partner groups: the list (each a shortcut to its partners) and a form for a new one.
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, Day, Empty, Note, useAct } from '../ui.tsx'

export function Groups() {
  const { t, stores } = useConsole()
  const s = useStore(stores.groups.$)
  const [name, setName] = useState('')
  const [error, setError] = useState('')
  const act = useAct()
  const show = (groupId: string) => {
    stores.partners.filter({ groupId })
    stores.$tab.set('partners')
  }
  const create = (e: Event) => {
    e.preventDefault()
    const n = name.trim()
    setError(n ? '' : t('groups.nameRequired'))
    if (!n) return
    void act.run(async () => {
      await stores.groupsActions.create(n)
      setName('')
      return t('groups.created', { name: n })
    })
  }
  return (
    <section>
      <Async s={s} retry={stores.groups.run}>
        {(groups) =>
          groups.length ? (
            <Table
              caption={t('tab.groups')}
              rows={groups}
              cols={[
                { label: t('name'), cell: (g) => g.name },
                { label: t('created'), cell: (g) => <Day iso={g.createdAt} /> },
                {
                  label: t('actions'),
                  cell: (g) => (
                    <button type="button" class="btn alt" onClick={() => show(g.id)}>
                      {t('groups.show')}
                    </button>
                  ),
                },
              ]}
            />
          ) : (
            <Empty text={t('groups.empty')} />
          )
        }
      </Async>
      <form onSubmit={create} noValidate>
        <h3>{t('groups.new')}</h3>
        <div class="row">
          <Field id="gr-n" label={t('name')} error={error}>
            {(p) => <input {...p} value={name} maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <div class="field">
            <button type="submit" class="btn" disabled={act.busy}>
              {t('groups.create')}
            </button>
          </div>
        </div>
        <Note note={act.note} />
      </form>
    </section>
  )
}
