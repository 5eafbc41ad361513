// @afflio/sdk/portal: the partner-scoped client for the browser (the widget uses it), without the
// server client. Takes an embed token, never an API key.
export { AfflioPortal } from './portal-client.ts'
export { TokenRefresher } from './token-refresh.ts'
export type { TokenRefresherOptions } from './token-refresh.ts'
export type { AfflioPortalOptions, PortalCommissionsApi, PortalLinksApi, PortalPayoutDetailsApi, PortalPayoutsApi } from './portal-client.ts'
export type { RequestOptions, WriteOptions } from './http.ts'
export { AfflioApiError, AfflioError, AfflioNetworkError, AfflioTimeoutError } from './errors.ts'
export type * from './types.ts'
