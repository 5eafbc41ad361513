// @afflio/widget: mount the partner portal from your own code. For the script tag, see element.ts
// (dist/afflio-portal.js defines <afflio-portal> and window.AfflioPortal.mount).
export { mount } from './mount.tsx'
export type { MountOptions, PortalHandle, Theme, ThemeMode } from './mount.tsx'
export type { Messages } from './messages.ts'
export { mountApply } from './apply.tsx'
export type { ApplyOptions } from './apply.tsx'
export type { ApplyMessages } from './messages.ts'
