// @afflio/widget: mount the partner portal from your own code. For the script tag, see element.ts
// (dist/afflio-portal.js defines <afflio-portal> and window.AfflioPortal.mount).
export { mount } from './portal/mount.tsx'
export type { MountOptions, PortalHandle, Theme, ThemeMode } from './portal/mount.tsx'
export type { Messages } from './portal/messages.ts'
export { mountApply } from './apply/apply.tsx'
export type { ApplyOptions } from './apply/apply.tsx'
export type { ApplyMessages } from './apply/messages.ts'
