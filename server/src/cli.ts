// afflio serve | migrate | seed | rotate-secrets: the server's command line. Configuration comes from the environment (env.ts).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { connect, migrate, reach } from './kernel/db/connect.ts'
import { rotateSecrets, secretBoxFor } from './kernel/secrets.ts'
import { readEnv } from './env.ts'
import { seed } from './seed.ts'
import { serve } from './serve.ts'

const USAGE = `usage: afflio <command>   (afflio help: this text)
  serve     run migrations, then serve the API (HOST, PORT, DATABASE_URL, AFFLIO_ADMIN_TOKEN)
  migrate   bring the database schema up to date
  seed      add a demo program with partners, clicks and sales; prints its keys
  rotate-secrets  seal every stored secret under AFFLIO_ENCRYPTION_KEY (legacy plain text, and values of
            the keys in AFFLIO_ENCRYPTION_KEY_PREVIOUS); then the previous keys can be retired`

async function main(command: string | undefined) {
  if (!command || ['help', '--help', '-h'].includes(command)) return console.log(USAGE)
  if (!['serve', 'migrate', 'seed', 'rotate-secrets'].includes(command)) {
    console.error(`afflio: unknown command '${command}'\n${USAGE}`)
    process.exitCode = 2
    return
  }
  const env = readEnv()
  if (!/^postgres/.test(env.DATABASE_URL)) mkdirSync(dirname(env.DATABASE_URL.replace(/^sqlite:(\/\/)?/, '')), { recursive: true })
  // Only serve's and seed's first start make up a key (the key file of a new SQLite database): seed writes
  // clicks, whose visitors' addresses are hashed under a key derived from it. migrate needs none. A database
  // that holds programs never gets a new key: without its key file, serve and seed refuse (connect.ts).
  const db = opening(env.DATABASE_URL, () => connect({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
    encryptionKey: env.AFFLIO_ENCRYPTION_KEY,
    previousEncryptionKeys: env.AFFLIO_ENCRYPTION_KEY_PREVIOUS,
    createKeyFile: command === 'serve' || command === 'seed',
    // A command that needs the key refuses without one before it opens the database: nothing is written, migrations included.
    requireKey: command !== 'migrate',
    backgroundCheckpoints: command === 'serve',
  }))
  // Postgres connects on the first query: one before the migrations, so an unreachable server is said as such.
  await opening(env.DATABASE_URL, () => reach(db))
  const applied = await migrate(db)
  if (applied.length) console.log(`migrated: ${applied.join(', ')}`)
  else if (command === 'migrate') console.log('migrate: the schema is up to date')
  if (command === 'migrate') return db.destroy()
  if (command === 'rotate-secrets') {
    const box = secretBoxFor(db)
    const r = await rotateSecrets(db)
    console.log(`rotate-secrets: ${r.resealed} sealed again under key ${box.keyId}, ${r.current} already under it, ${r.failed.length} unreadable`)
    for (const f of r.failed) console.error(`  ${f.table}.${f.column} ${f.row}: ${f.error}`)
    if (r.failed.length) process.exitCode = 1
    return db.destroy()
  }
  if (command === 'seed') {
    const s = await seed(db)
    console.log(`program ${s.program.id}\npublishable key ${s.publishableKey}\nsecret key ${s.secretKey} (shown once)`)
    return db.destroy()
  }
  const { port, close } = await serve(db, env)
  console.log(`Afflio API on http://${env.HOST}:${port}`)
  // A stop (SIGTERM from systemd, Docker or Kubernetes; Ctrl-C) lets requests in flight finish and the
  // loops record what they were sending, then closes the database; a second signal stops at once.
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    console.log(`afflio: ${signal}: finishing the requests in flight, then stopping`)
    close()
      .then(() => db.destroy())
      .then(
        () => process.exit(0),
        (err) => {
          console.error('afflio: stopping failed:', err)
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/**
 * Runs what opens the database; its failure (unreachable, refused, not a database, a path that cannot be one)
 * names the database, without a password, and DATABASE_URL: the driver's own words name neither.
 * A missing encryption key has its own message and no code: it passes as it is.
 */
function opening<T>(url: string, open: () => T): T {
  const explain = (err: unknown): never => {
    if (!(err instanceof Error) || (err as { code?: unknown }).code === undefined) throw err
    throw new Error(`Cannot open the database ${databaseName(url)} (DATABASE_URL): ${err.message}`, { cause: err })
  }
  try {
    const opened = open()
    return (opened instanceof Promise ? opened.catch(explain) : opened) as T
  } catch (err) {
    return explain(err)
  }
}

function databaseName(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url.replace(/^sqlite:(\/\/)?/, '')
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    // libpq takes a password as a parameter too (`?password=`, `?sslpassword=`)
    for (const name of [...u.searchParams.keys()]) if (/pass/i.test(name)) u.searchParams.set(name, '***')
    return u.toString()
  } catch {
    return 'postgres://…'
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
