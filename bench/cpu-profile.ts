// A V8 CPU profile of one phase of a process, not of its start: `node --cpu-prof` also samples module
// loading and seeding, which in a 5 s bench is a fifth of the samples and hides the request path.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

/** Starts sampling now; the returned function stops and writes `<dir>/<name>-<pid>.cpuprofile`. */
export async function startCpuProfile(dir: string, name: string): Promise<() => Promise<string>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 1000 }) // µs, as --cpu-prof
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    session.disconnect()
    const file = join(dir, `${name}-${process.pid}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    return file
  }
}
