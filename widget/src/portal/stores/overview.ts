// The overview for a chosen period: the last 7, 30 or 90 days up to the server's today.
import type { PortalOverview, PortalOverviewQuery } from '@afflio/sdk/types'
import { atom } from 'nanostores'
import { keepLive } from '../../kit/live.ts'
import { remote, type Session } from './session.ts'

export const PERIODS = [7, 30, 90] as const
export type Period = (typeof PERIODS)[number]

const DAY = 86_400_000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function createOverview(session: Session) {
  const $period = atom<Period>(30)
  // The server's last day, learnt from the first answer, so the periods end where its clock does.
  let today: string | undefined
  const store = remote<PortalOverview>(session, async (c) => {
    const days = $period.get()
    const query: PortalOverviewQuery = { interval: days > 30 ? 'week' : 'day' }
    if (days !== 30 || today) {
      const to = Date.parse(today ?? isoDay(Date.now()))
      Object.assign(query, { from: isoDay(to - (days - 1) * DAY), to: isoDay(to) })
    }
    const overview = await c.overview(query)
    today = overview.to
    globalThis.performance?.mark?.('afflio:overview-data')
    return overview
  })
  keepLive(store.$, store.refresh) // today's clicks and earnings move while the tab is open
  return {
    ...store,
    $period,
    setPeriod(days: Period) {
      $period.set(days)
      void store.run()
    },
  }
}
