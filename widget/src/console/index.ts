// @afflio/widget/console: mount the program-manager console from your own code. For the script tag,
// see element.ts (dist/afflio-console.js defines <afflio-console> and window.AfflioConsole.mount).
export { mountConsole } from './mount.tsx'
export type { ConsoleHandle, ConsoleOptions, Theme, ThemeMode } from './mount.tsx'
export type { Messages as ConsoleMessages } from './messages.ts'
