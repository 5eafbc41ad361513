// Invitations of imported partners (`afflio.partners.import` sends them): the program's list and resend
// (secret key or console token), and the host's accept (secret key).
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type { AcceptedInvitation, AcceptInvitationInput, Id, ListInvitationsQuery, Page, PartnerInvitation, ResendInvitationInput } from './types.ts'

export class InvitationsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * The host's backend, once the user who opened the invitation link is signed in: binds the invited partner
   * to that user (single use). Then mint an embed token for the user as usual.
   *
   * @example
   * const token = new URL(request.url).searchParams.get('invitation')
   * await afflio.invitations.accept({ token, externalId: user.id })
   * const { token: et } = await afflio.embedTokens.create({ externalId: user.id, email: user.email })
   */
  accept(input: AcceptInvitationInput, options?: WriteOptions): Promise<AcceptedInvitation> {
    return this.#http.post('/v1/invitations/accept', input, options)
  }

  /** A new invitation link for a partner who has not accepted one; the earlier links stop working. */
  resend(partnerId: Id, input: ResendInvitationInput, options?: WriteOptions): Promise<PartnerInvitation> {
    return this.#http.post(`/v1/partners/${encodeURIComponent(partnerId)}/invitation`, input, options)
  }

  /** Newest first, each with its status and its email's delivery. */
  list(query?: ListInvitationsQuery, options?: RequestOptions): Promise<Page<PartnerInvitation>> {
    return this.#http.get('/v1/invitations', { ...query }, options)
  }

  listAll(query?: Omit<ListInvitationsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PartnerInvitation, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** @deprecated The same as `listAll`, the name every other namespace's pager has. */
  all(query?: Omit<ListInvitationsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PartnerInvitation, void, undefined> {
    return this.listAll(query, options)
  }
}
