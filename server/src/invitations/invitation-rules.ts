// An invitation's link, expiry and status. Pure: values (and the time) in, values out.
import type { InvitationStatus } from '@afflio/sdk/types'

export const DEFAULT_INVITATION_DAYS = 14

/** The accept page's URL with `invitation=<token>` added to its query (any `invitation` there is replaced). */
export function invitationLink(acceptUrl: string, token: string): string {
  const url = new URL(acceptUrl)
  url.searchParams.set('invitation', token)
  return url.toString()
}

export const invitationExpiry = (now: Date, days = DEFAULT_INVITATION_DAYS): string => new Date(now.getTime() + days * 86_400_000).toISOString()

/** Accepted once used; else expired from `expiresAt` on (a replaced invitation's expiry is moved to when it was replaced). */
export function invitationStatus(i: { accepted_at: string | null; expires_at: string }, now: Date): InvitationStatus {
  if (i.accepted_at !== null) return 'accepted'
  return i.expires_at <= now.toISOString() ? 'expired' : 'pending'
}
