// @afflio/server as a library: build the app on your own database, or serve it.
export { createApp, type App, type AppOptions } from './app.ts'
export { connect, migrate, type Db } from './kernel/db/connect.ts'
export { readEnv, type Env } from './env.ts'
export { seed } from './seed.ts'
export { serve } from './serve.ts'
export { listen } from './kernel/http/listen.ts'
