// `pnpm demo`: the Afflio API with seeded data, and the fictional SaaS that uses it, in one process.
// The API listens on :8787 and the site on :3000, so the script tag really crosses origins.
import { fileURLToPath } from 'node:url'
import { banner, startDemo } from './server.ts'

// PORT and SITE_PORT move the two servers; a port in use stops the demo with one line naming which to set.
const demo = await startDemo({
  sitePort: Number(process.env.SITE_PORT ?? 3000),
  apiPort: Number(process.env.PORT ?? 8787),
  dataDir: fileURLToPath(new URL('../.data', import.meta.url)),
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
for (const line of banner(demo)) console.log(line)
