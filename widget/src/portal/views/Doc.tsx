// A rules document or resource, read in place: "Read" opens it (which the server counts as read, for
// a read_resource step) and shows its text or link; terms get "I accept" at the version shown.
import type { PortalResource } from '@afflio/sdk/types'
import { AfflioApiError } from '@afflio/sdk/portal'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Loading } from '../../kit/states.tsx'

export function Doc({ id, title }: { id: string; title: string }) {
  const { t, stores } = usePortal()
  const open = useValue(false)
  const doc = useValue<PortalResource | null>(null)
  const err = useValue('')
  const busy = useValue(false)
  const fail = (error: unknown) => (err.value = apiErrors(error, [], t('error')).form!)
  const load = async () => {
    err.value = ''
    doc.value = null
    try {
      doc.value = await stores.resources.open(id)
    } catch (error) {
      fail(error)
    }
  }
  const accept = async (d: PortalResource) => {
    busy.value = true
    err.value = ''
    try {
      doc.value = await stores.resources.accept(d)
    } catch (error) {
      // A newer version was published while the partner read this one: show it instead.
      if (error instanceof AfflioApiError && error.code === 'conflict') {
        await load()
        err.value = t('ob.changed')
      } else fail(error)
    } finally {
      busy.value = false
    }
  }
  const d = doc.value
  return (
    <div>
      <button
        type="button"
        class="btn alt"
        aria-expanded={open.value}
        aria-controls={open.value ? `doc-${id}` : undefined}
        onClick={() => {
          open.value = !open.value
          if (open.value && !d) void load()
        }}
      >
        {t(open.value ? 'ob.hide' : 'ob.read')}
        <span class="sr"> {title}</span>
      </button>
      {open.value && (
        <div id={`doc-${id}`} class="doc">
          {d && (
            <>
              {d.content && <p class="pre">{d.content}</p>}
              {d.url && (
                <p>
                  <a href={d.url} target="_blank" rel="noopener noreferrer">
                    {t('res.open')}
                    <span class="sr"> {d.title}</span>
                  </a>
                </p>
              )}
              {d.kind === 'terms' &&
                (d.acceptedVersion === d.version ? (
                  <p class="ok">{t('ob.accepted', { v: d.version })}</p>
                ) : (
                  <button type="button" class="btn" disabled={busy.value} onClick={() => void accept(d)}>
                    {t('ob.accept')}
                  </button>
                ))}
            </>
          )}
          {err.value ? (
            <p class="err" role="alert">
              {err.value}
            </p>
          ) : (
            !d && <Loading />
          )}
        </div>
      )}
    </div>
  )
}
