import { AfflioError } from './errors.ts'
import type { Page } from './types.ts'

/**
 * Every item of every page, fetching the next page only when the previous one is used up.
 * Breaking out of `for await` stops fetching.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  startCursor?: string,
): AsyncGenerator<T, void, undefined> {
  let cursor = startCursor
  for (;;) {
    const page = await fetchPage(cursor)
    yield* page.data
    if (page.nextCursor === null || page.nextCursor === undefined) return
    // A server answering with the cursor it was given would loop forever.
    if (page.nextCursor === cursor) throw new AfflioError(`Pagination did not advance (cursor ${cursor})`)
    cursor = page.nextCursor
  }
}
