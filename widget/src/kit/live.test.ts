import { atom } from 'nanostores'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { keepLive } from './live.ts'

describe('keepLive', () => {
  let visibility: DocumentVisibilityState
  beforeEach(() => {
    vi.useFakeTimers()
    visibility = 'visible'
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })
  const setVisible = (v: DocumentVisibilityState) => {
    visibility = v
    document.dispatchEvent(new Event('visibilitychange'))
  }

  it('refreshes every 5 s while watched and visible, not while hidden, at once when visible again', async () => {
    const $ = atom(0)
    const refresh = vi.fn(async () => true)
    keepLive($, refresh)
    const stop = $.listen(() => {})
    await vi.advanceTimersByTimeAsync(5_000)
    expect(refresh).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(refresh).toHaveBeenCalledTimes(2)
    setVisible('hidden')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(refresh).toHaveBeenCalledTimes(2)
    setVisible('visible')
    await vi.advanceTimersByTimeAsync(0)
    expect(refresh).toHaveBeenCalledTimes(3)
    stop()
    await vi.advanceTimersByTimeAsync(2_000) // nanostores unmounts a second after the last listener goes
    await vi.advanceTimersByTimeAsync(60_000)
    expect(refresh).toHaveBeenCalledTimes(3)
  })

  it('a page shown again while a slow refresh is still out keeps one loop: the rate stays one per 5 s', async () => {
    const $ = atom(0)
    // The API takes 3 s to answer
    const refresh = vi.fn(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 3_000)))
    keepLive($, refresh)
    const stop = $.listen(() => {})
    await vi.advanceTimersByTimeAsync(5_000) // the first refresh goes out
    expect(refresh).toHaveBeenCalledTimes(1)
    // Hidden and shown again (another browser tab for a moment) while it is out
    setVisible('hidden')
    setVisible('visible')
    setVisible('hidden')
    setVisible('visible')
    await vi.advanceTimersByTimeAsync(0)
    const afterShow = refresh.mock.calls.length
    expect(afterShow).toBeLessThanOrEqual(2)
    // From then on one refresh per answer and 5 s: 8 s apart, so 5 more in 40 s, not 10 or 15
    await vi.advanceTimersByTimeAsync(40_000)
    expect(refresh.mock.calls.length - afterShow).toBeLessThanOrEqual(5)
    stop()
  })

  it('backs off after failures, and a view shown again refreshes at once', async () => {
    const $ = atom(0)
    let ok = false
    const refresh = vi.fn(async () => ok)
    keepLive($, refresh)
    let stop = $.listen(() => {})
    await vi.advanceTimersByTimeAsync(5_000) // fails: next in 10 s
    await vi.advanceTimersByTimeAsync(9_000)
    expect(refresh).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(refresh).toHaveBeenCalledTimes(2)
    ok = true
    stop()
    await vi.advanceTimersByTimeAsync(2_000)
    stop = $.listen(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(refresh).toHaveBeenCalledTimes(3)
    stop()
  })
})
