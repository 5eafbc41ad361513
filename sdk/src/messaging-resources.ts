// Communication: message threads with partners, and newsletters.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  CreateNewsletterInput,
  Id,
  ListNewsletterRecipientsQuery,
  ListThreadsQuery,
  MarkReadInput,
  Message,
  MessagePage,
  Newsletter,
  NewsletterPreview,
  NewsletterPreviewInput,
  NewsletterRecipient,
  SendTestNewsletterInput,
  TestNewsletterSent,
  Page,
  PageQuery,
  PortalMessagePreferences,
  PortalMessages,
  PortalMessagesQuery,
  PortalUnread,
  SendMessageInput,
  Thread,
  ThreadPage,
} from './types.ts'

const seg = encodeURIComponent

export class ThreadsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * Threads with messages, newest activity first, each with its unread count (partner messages the
   * program has not read) and `unreadThreads` across all pages.
   * @example const { data, unreadThreads } = await afflio.threads.list({ unread: true })
   */
  list(query?: ListThreadsQuery, options?: RequestOptions): Promise<ThreadPage> {
    const { unread, ...rest } = query ?? {}
    return this.#http.get('/v1/threads', { ...rest, unread: unread === undefined ? undefined : String(unread) }, options)
  }

  listAll(query?: Omit<ListThreadsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Thread, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** A partner's thread and a page of its messages, newest first. */
  messages(partnerId: Id, query?: PageQuery, options?: RequestOptions): Promise<MessagePage> {
    return this.#http.get(`/v1/threads/${seg(partnerId)}/messages`, { ...query }, options)
  }

  /** Every message of a partner's thread, newest first. */
  messagesAll(partnerId: Id, options?: RequestOptions): AsyncGenerator<Message, void, undefined> {
    return paginate((cursor) => this.messages(partnerId, { cursor, limit: 100 }, options))
  }

  /**
   * Writes to a partner as the program. `senderName` is shown to the partner (with a console token,
   * the token's manager is used instead). Sending marks the thread read for the program.
   * @example await afflio.threads.send(partner.id, { body: 'Welcome!', senderName: 'Dana' })
   */
  send(partnerId: Id, input: SendMessageInput, options?: WriteOptions): Promise<Message> {
    return this.#http.post(`/v1/threads/${seg(partnerId)}/messages`, input, options)
  }

  /** Marks the partner's messages read by the program, up to `upTo` (default: all). */
  markRead(partnerId: Id, input: MarkReadInput = {}, options?: WriteOptions): Promise<Thread> {
    return this.#http.post(`/v1/threads/${seg(partnerId)}/read`, input, options)
  }
}

export class NewslettersApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A draft newsletter. Send it with `send`.
   * @example
   * const nl = await afflio.newsletters.create({ subject: 'May update', body: '# New\n- **30%** on Pro', format: 'markdown', audience: { segmentId } })
   * await afflio.newsletters.send(nl.id)
   */
  create(input: CreateNewsletterInput, options?: WriteOptions): Promise<Newsletter> {
    return this.#http.post('/v1/newsletters', input, options)
  }

  /**
   * The email a partner would receive, rendered in the program's template; saves and sends nothing.
   * @example const { html } = await afflio.newsletters.preview({ subject: 'May update', body: '**30%** on Pro', format: 'markdown' })
   */
  preview(input: NewsletterPreviewInput, options?: RequestOptions): Promise<NewsletterPreview> {
    return this.#http.post('/v1/newsletters/preview', input, options)
  }

  /** Sends it once to yourself (`to`, or the console's manager), as a partner would receive it. */
  sendTest(input: SendTestNewsletterInput, options?: WriteOptions): Promise<TestNewsletterSent> {
    return this.#http.post('/v1/newsletters/test', input, options)
  }

  /** Newest first, each with delivery counts by recipient status. */
  list(query?: PageQuery, options?: RequestOptions): Promise<Page<Newsletter>> {
    return this.#http.get('/v1/newsletters', { ...query }, options)
  }

  listAll(query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Newsletter, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** One newsletter with its delivery counts; per-recipient status is in `recipients`. */
  get(id: Id, options?: RequestOptions): Promise<Newsletter> {
    return this.#http.get(`/v1/newsletters/${seg(id)}`, undefined, options)
  }

  /** Per-recipient delivery status (pending, sent, failed with its error, unsubscribed). */
  recipients(id: Id, query?: ListNewsletterRecipientsQuery, options?: RequestOptions): Promise<Page<NewsletterRecipient>> {
    return this.#http.get(`/v1/newsletters/${seg(id)}/recipients`, { ...query }, options)
  }

  recipientsAll(id: Id, query?: Omit<ListNewsletterRecipientsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<NewsletterRecipient, void, undefined> {
    return paginate((cursor) => this.recipients(id, { ...query, cursor }, options))
  }

  /**
   * Sends a draft: snapshots the audience, puts it in each recipient's portal inbox and queues the
   * emails. 409 `conflict` when already sent; 400 when the audience has nobody in it.
   */
  send(id: Id, options?: WriteOptions): Promise<Newsletter> {
    return this.#http.post(`/v1/newsletters/${seg(id)}/send`, {}, options)
  }
}

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

/** The partner's side (AfflioPortal, embed token): their thread with the program and their newsletter inbox. */
export class PortalMessagesApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /**
   * The thread's messages and the newsletters received, each newest first, with unread counts.
   * @example const { messages, newsletters, unreadCount } = await portal.messages.inbox()
   */
  inbox(query?: PortalMessagesQuery, options?: RequestOptions): Promise<PortalMessages> {
    return this.#call((http) => http.get('/v1/portal/messages', { ...query }, options))
  }

  /** Writes to the program team. */
  send(input: { body: string }, options?: WriteOptions): Promise<Message> {
    return this.#call((http) => http.post('/v1/portal/messages', input, options))
  }

  /** Marks the program's messages (up to `upTo`, default all) and every newsletter read. */
  markRead(input: MarkReadInput = {}, options?: WriteOptions): Promise<PortalUnread> {
    return this.#call((http) => http.post('/v1/portal/messages/read', input, options))
  }

  /** Turns newsletter emails off or back on (newsletters stay in the inbox either way). */
  setPreferences(input: PortalMessagePreferences, options?: RequestOptions): Promise<PortalMessagePreferences> {
    return this.#call((http) => http.put('/v1/portal/messages/preferences', input, options))
  }
}
