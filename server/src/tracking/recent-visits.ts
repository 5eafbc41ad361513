// SQLite: the clicks of the dedup window, by visitor and link, held in memory, so a click is a plain insert.
// On SQLite the dedup index (link, visitor hash, time) was the most expensive part of a stored click: a
// visitor hash is random, so each click dirtied a page of it of its own, written to the WAL at the commit
// and again by the checkpoint (~20 µs of CPU a click, a fifth of it; docs/scaling.md). One process owns a
// SQLite file, so it sees every click and can keep the window itself. An entry only names a candidate row:
// the caller reads that row to confirm it (same link, same visitor, in the window), so a stale entry (rolled
// back, pruned) costs a read, never a wrong answer. Two visits sharing a key (their 52 bits alike by chance)
// keep only the later one: a reload of the earlier then counts as a new click.
//
// Two generations: entries move to `previous` when `current` has lived one window, and `previous` is dropped
// then, so every entry stays at least one window. Memory follows the click rate: about 45 bytes an entry,
// at most two windows' clicks. Past `cap` entries in `current` the generations turn early and the oldest
// visits of the window are forgotten: a reload of one of them counts as a new click (`shortened` says so).

/** A visitor's hash (hex SHA-256) and a link id as one number of 52 bits: the visitor's bits, the link's mixed into the low 32. */
export function visitKey(visitorHash: string, linkId: string): number {
  let h = 0x811c9dc5 // FNV-1a over the link id
  for (let i = 0; i < linkId.length; i++) h = Math.imul(h ^ linkId.charCodeAt(i), 0x01000193)
  return parseInt(visitorHash.slice(0, 5), 16) * 2 ** 32 + ((parseInt(visitorHash.slice(5, 13), 16) ^ h) >>> 0)
}

export class RecentVisits {
  #current = new Map<number, number>()
  #previous = new Map<number, number>()
  #turnedAt: number
  /** Times the generations turned early (at `cap`): reloads older than the generation dropped then counted again */
  shortened = 0

  constructor(
    readonly windowMs: number,
    readonly cap: number,
    now: number,
    /** Called the first time the generations turn early: the operator should hear of it once */
    private readonly onShortened?: (keptMs: number) => void,
  ) {
    this.#turnedAt = now
  }

  /** The row of the visitor's latest click on the link, if one may be in the window. */
  candidate(key: number, now: number): number | undefined {
    this.#age(now)
    return this.#current.get(key) ?? this.#previous.get(key)
  }

  add(key: number, rowid: number, now: number): void {
    this.#age(now)
    if (this.#current.size >= this.cap) {
      if (this.shortened++ === 0) this.onShortened?.(now - this.#turnedAt)
      this.#turn(now)
    }
    this.#current.set(key, rowid)
  }

  get size(): number {
    return this.#current.size + this.#previous.size
  }

  #age(now: number): void {
    if (now - this.#turnedAt >= this.windowMs) this.#turn(now)
  }

  #turn(now: number): void {
    this.#previous = this.#current
    this.#current = new Map()
    this.#turnedAt = now
  }
}
