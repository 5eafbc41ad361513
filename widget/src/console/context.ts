import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { T } from './messages.ts'
import type { ConsoleStores } from './stores.ts'

export interface ConsoleCtx {
  t: T
  /** The resolved BCP 47 locale all numbers and dates are formatted in */
  locale: string
  stores: ConsoleStores
}

export const ConsoleContext = createContext<ConsoleCtx>(null as unknown as ConsoleCtx)

export const useConsole = () => useContext(ConsoleContext)
