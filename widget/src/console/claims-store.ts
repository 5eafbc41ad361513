// The program's missing-commission claims: a page at a time, by status (pending first), each one's
// evidence loaded when it is opened, and the decisions.
import type { ApproveClaimInput, Claim, ClaimApproval } from '@afflio/sdk/types'
import { atom } from 'nanostores'
import { paged } from '../kit/paged.ts'
import type { Session } from './session.ts'

export function createClaimsStore(session: Session) {
  const $status = atom<Claim['status'] | ''>('pending')
  const list = paged(session, (c, cursor) => c.claims.list({ ...($status.get() ? { status: $status.get() as Claim['status'] } : {}), cursor }))
  const changed = (claim: Claim) => list.update((items) => (!$status.get() || claim.status === $status.get() ? items.map((x) => (x.id === claim.id ? claim : x)) : items.filter((x) => x.id !== claim.id)))
  return {
    ...list,
    $status,
    setStatus(status: Claim['status'] | '') {
      $status.set(status)
      void list.run()
    },
    detail: (id: string) => session.call((c) => c.claims.get(id)),
    async approve(id: string, input: ApproveClaimInput): Promise<ClaimApproval> {
      const r = await session.call((c) => c.claims.approve(id, input))
      changed(r.claim)
      return r
    },
    reject: async (id: string, reason: string) => changed(await session.call((c) => c.claims.reject(id, { reason }))),
  }
}
