import type { Widget } from '../kit/context.ts'
import { useWidget } from '../kit/context.ts'
import type { MessageKey } from './messages.ts'
import type { ConsoleStores } from './stores.ts'

/** The console's translator, the manager's locale and its stores (the kit's WidgetContext). */
export type ConsoleCtx = Widget<MessageKey, ConsoleStores>

export const useConsole = () => useWidget<ConsoleCtx>()
