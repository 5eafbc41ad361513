// Partner groups: the list (each a shortcut to its partners, and its referral reward), a form for a new
// one, and the program's referral reward that groups without their own give.
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, Day, Empty, Note, useAct } from '../ui.tsx'
import { RewardForm } from './Reward.tsx'

export function Groups() {
  const { t, stores } = useConsole()
  const s = useStore(stores.groups.$)
  const [name, setName] = useState('')
  const [error, setError] = useState('')
  const [editing, setEditing] = useState('')
  const settings = useStore(stores.payouts.settings.$)
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
                { label: t('reward.kind'), cell: (g) => g.referralReward?.label ?? <span class="mut">{t('groups.programReward')}</span> },
                { label: t('created'), cell: (g) => <Day iso={g.createdAt} /> },
                {
                  label: t('actions'),
                  cell: (g) => (
                    <>
                      <button type="button" class="btn alt" onClick={() => show(g.id)}>
                        {t('groups.show')}
                      </button>{' '}
                      <button type="button" class="btn alt" aria-expanded={editing == g.id} onClick={() => setEditing(editing == g.id ? '' : g.id)}>
                        {t('reward.kind')}
                      </button>
                      {editing == g.id && <RewardForm id={`rw-${g.id}`} value={g.referralReward} onSave={(r) => stores.groupsActions.setReward(g.id, r)} onCreateCoupon={() => stores.groupsActions.createRewardCoupon(g.id)} />}
                    </>
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
      <h3>{t('reward.title')}</h3>
      <Async s={settings} retry={stores.payouts.settings.run}>
        {(v) => <RewardForm id="rw" value={v.referralReward} onSave={stores.groupsActions.setProgramReward} onCreateCoupon={() => stores.groupsActions.createRewardCoupon(null)} />}
      </Async>
    </section>
  )
}
