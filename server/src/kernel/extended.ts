// Node 20's V8 (11.3) clones `{ ...a }` fast, but `{ ...a, key }` with a key `a` lacks leaves that path:
// 1-3 µs a row, 5-8 µs from two spreads, where Object.assign takes 0.2-0.5 µs. The click's and the sale's
// paths build rows so several times a request (docs/scaling.md, the sixteenth session). Overriding a key
// `a` has (`{ ...row, status }`) stays fast: only adding keys needs this.
//
// Small objects only: past about 16 keys in all, Object.assign into `{}` leaves the result in dictionary
// mode, and every later read or copy of it is slow (10 µs to copy a row of 24 columns). A table's row
// names its keys first, then spreads: `{ approval_seq, ...row }` stays fast at any size.

/** `{ ...base, ...more }` for `more` of keys `base` lacks, of 16 keys in all or fewer: the same object, built by Object.assign. */
export function extended<A extends object, const B extends object>(base: A, more: B): A & B {
  return Object.assign({}, base, more)
}
