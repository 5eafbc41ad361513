// A checkout page that only reads the click: the server client must be shaken out of the bundle.
import { isCurrency } from '@afflio/sdk'
import { checkoutReferenceId } from '@afflio/sdk/browser'

document.body.dataset.ref = String(checkoutReferenceId()) + isCurrency('USD')
