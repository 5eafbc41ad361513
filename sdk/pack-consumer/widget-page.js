// A host app's page, built by vite: the portal by `mount`, and all three custom elements.
import { mount } from '@afflio/widget'
import '@afflio/widget/element'
import '@afflio/widget/apply'
import '@afflio/widget/console/element'

const partners = document.getElementById('partners')
if (partners) mount(partners, { token: partners.dataset.token, baseUrl: location.origin })
