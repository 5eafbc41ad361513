// The entry of the script-tag bundle dist/afflio-portal.js: defines <afflio-portal> (element.ts) and
// window.AfflioPortal ({ mount, AfflioPortalElement }), what the one-file IIFE exposed before the
// bundle was split into chunks (see vite.classic-entry.ts).
import { AfflioPortalElement, mount } from './element.ts'

;(globalThis as { AfflioPortal?: object }).AfflioPortal = { mount, AfflioPortalElement }
