import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { T } from './messages.ts'
import type { Stores } from './stores/index.ts'

export interface Portal {
  t: T
  /** The resolved BCP 47 locale all numbers and dates are formatted in */
  locale: string
  stores: Stores
}

export const PortalContext = createContext<Portal>(null as unknown as Portal)

export const usePortal = () => useContext(PortalContext)
