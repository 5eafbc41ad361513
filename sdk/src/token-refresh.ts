// Token refresh for a client made from a short-lived token: when a call fails because the token
// expired, ask once for a new one (however many calls saw it expire), make a new client, and retry the
// call once. AfflioPortal refreshes through it, and so do the widgets (the console's server client too).

export interface TokenRefresherOptions<C> {
  token: string
  /** A client for this token (throw to refuse a token, e.g. an API key where an embed token belongs) */
  make: (token: string) => C
  /** A new token, when the current one expired; without it, nothing is refreshed */
  onTokenExpired?: (() => Promise<string>) | undefined
  /** Whether `error`, from a call made with `client`, means its token expired */
  expired: (error: unknown, client: C) => boolean
}

/** The client for the current token, renewed when a call finds the token expired. */
export class TokenRefresher<C> {
  #client: C
  #token: string
  #refreshing: Promise<void> | null = null
  readonly #options: TokenRefresherOptions<C>

  constructor(options: TokenRefresherOptions<C>) {
    this.#options = options
    this.#token = options.token
    this.#client = options.make(options.token)
  }

  /** The token in use (a refreshed one after onTokenExpired). */
  get token(): string {
    return this.#token
  }

  get client(): C {
    return this.#client
  }

  /** Replaces the token (and so the client), e.g. with one the host handed over unasked. */
  set(token: string): void {
    this.#client = this.#options.make(token)
    this.#token = token
  }

  /** Runs `run` with the client; an expired token is swapped for a new one and `run` retried once. */
  async call<T>(run: (client: C) => Promise<T>): Promise<T> {
    const used = this.#client
    try {
      return await run(used)
    } catch (error) {
      if (!this.#options.onTokenExpired || !this.#options.expired(error, used)) throw error
      try {
        await this.#refresh(used)
      } catch {
        throw error // the host could not give a new token: the expiry is what the caller should see
      }
      return run(this.#client)
    }
  }

  /** One refresh per expired token, however many calls saw it expire. */
  #refresh(stale: C): Promise<void> {
    if (this.#client !== stale) return Promise.resolve() // another call already refreshed
    this.#refreshing ??= (async () => {
      try {
        this.set(await this.#options.onTokenExpired!())
      } finally {
        this.#refreshing = null
      }
    })()
    return this.#refreshing
  }
}
