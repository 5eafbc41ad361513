// The partner's notices and email preferences (AfflioPortal, embed token).
import type { RequestOptions, WriteOptions, Http } from './http.ts'
import { paginate } from './pagination.ts'
import type { MarkNoticesReadInput, Notice, NoticePage, NoticeUnread, NotificationPreferences, PortalNoticesQuery, UpdateNotificationPreferencesInput } from './types.ts'

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

export class PortalNoticesApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /**
   * The partner's notices, newest first, with the unread count.
   * @example const { data, unreadCount } = await portal.notices.list()
   */
  list(query?: PortalNoticesQuery, options?: RequestOptions): Promise<NoticePage> {
    return this.#call((http) => http.get('/v1/portal/notices', { ...query }, options))
  }

  listAll(query?: Omit<PortalNoticesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Notice, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** Only the unread count: cheap enough to poll. */
  unread(options?: RequestOptions): Promise<NoticeUnread> {
    return this.#call((http) => http.get('/v1/portal/notices/unread', undefined, options))
  }

  /** Marks notices read: `{ ids }` or `{ all: true }`. Answers the unread count left. */
  markRead(input: MarkNoticesReadInput, options?: WriteOptions): Promise<NoticeUnread> {
    return this.#call((http) => http.post('/v1/portal/notices/read', input, options))
  }

  /** Which emails the partner gets, per kind. */
  preferences(options?: RequestOptions): Promise<NotificationPreferences> {
    return this.#call((http) => http.get('/v1/portal/notification-preferences', undefined, options))
  }

  /** Turns kinds of email on or off (`{ emails: { commission_earned: false } }`); answers all of them. */
  setPreferences(input: UpdateNotificationPreferencesInput, options?: RequestOptions): Promise<NotificationPreferences> {
    return this.#call((http) => http.put('/v1/portal/notification-preferences', input, options))
  }
}
