/**
 * Runs `work` every `intervalMs` until stopped; a pass that handled a full batch runs again at once, so a
 * backlog drains without waiting. The timer is unref'd: it never keeps the process alive by itself.
 * `stop()` waits for the pass in flight.
 */
export function startOutboxLoop(work: () => Promise<{ full: boolean }>, intervalMs: number, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const tick = async () => {
    let again = false
    try {
      again = (await work()).full
    } catch (err) {
      onError(err)
    }
    if (!stopped) schedule(again ? 0 : intervalMs)
  }
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = tick()
    }, ms)
    timer.unref()
  }
  schedule(intervalMs)
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
