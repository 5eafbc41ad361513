import type { Widget } from '../kit/context.ts'
import { useWidget } from '../kit/context.ts'
import type { MessageKey } from './messages.ts'
import type { Stores } from './stores/index.ts'

/** The portal's translator, the reader's locale and its stores (the kit's WidgetContext). */
export type Portal = Widget<MessageKey, Stores>

export const usePortal = () => useWidget<Portal>()
