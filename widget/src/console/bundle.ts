// The entry of the script-tag bundle dist/afflio-console.js: defines <afflio-console> (element.ts) and
// window.AfflioConsole ({ mount, AfflioConsoleElement }), what the one-file IIFE exposed before the
// bundle was split into chunks (see vite.classic-entry.ts).
import { AfflioConsoleElement, mount } from './element.ts'

;(globalThis as { AfflioConsole?: object }).AfflioConsole = { mount, AfflioConsoleElement }
