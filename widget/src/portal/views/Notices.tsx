// What the partner was told (a commission earned, a payout sent, a message, …), newest first: unread ones
// marked New until clicked or all marked read. Below, which of them also come by email.
import type { EmailKind } from '@afflio/sdk/types'
import { usePortal } from '../context.ts'
import type { MessageKey } from '../messages.ts'
import { formatDateTime } from '../../kit/format.ts'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'

const KINDS: EmailKind[] = ['commission_earned', 'payout_sent', 'message', 'challenge_won', 'deal_update', 'bounty_update', 'claim_decided', 'recruit_update', 'application_approved', 'newsletter']

export function Notices() {
  const { t, locale, stores } = usePortal()
  const s = stores.notices
  const { data, error, loading } = useStore(s.$)
  const prefs = useStore(s.prefs.$).data
  if (!data) return error ? <Failed error={error} retry={s.run} /> : <Loading />
  const quiet = () => {} // a failed mark-read leaves the list as it was; the next refresh tells the truth
  return (
    <section aria-busy={loading}>
      {data.unreadCount > 0 && (
        <p>
          <button type="button" class="btn alt" onClick={() => void s.markRead().catch(quiet)}>
            {t('notice.readAll')}
          </button>
        </p>
      )}
      {data.data.length === 0 ? (
        <Empty text={t('notice.empty')} />
      ) : (
        <ul class="plain" aria-label={t('tab.notices')}>
          {data.data.map((n) => (
            <li key={n.id} class="it" data-notice={n.id} onClick={() => !n.readAt && void s.markRead([n.id]).catch(quiet)}>
              <strong>{n.title}</strong> {!n.readAt && <span class="badge b-paid">{t('new')}</span>} <small>{formatDateTime(n.createdAt, locale)}</small>{' '}
              {/* The item's click marks it read; this is that click for a keyboard (it bubbles to the item) */}
              {!n.readAt && (
                <button type="button" class="btn alt sm" aria-label={t('notice.readOf', { title: n.title })}>
                  {t('notice.read')}
                </button>
              )}
              <div style={{ whiteSpace: 'pre-wrap' }}>{n.body}</div>
            </li>
          ))}
        </ul>
      )}
      {data.nextCursor && (
        <button type="button" class="btn alt" onClick={() => void s.more().catch(quiet)}>
          {t('notice.more')}
        </button>
      )}
      <details>
        <summary>{t('notice.emails')}</summary>
        {prefs &&
          KINDS.map((k) => (
            <label key={k} class="row" style={{ alignItems: 'center' }}>
              <input type="checkbox" checked={prefs.emails[k]} onChange={(e) => void s.setEmail(k, e.currentTarget.checked).catch(quiet)} />
              {t(`notice.${k}` as MessageKey)}
            </label>
          ))}
      </details>
    </section>
  )
}
