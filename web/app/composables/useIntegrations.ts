import type { BodyOf, ResponseOf } from '~/api/types'

/** A channel integration as a company admin sees it (the token only masked). */
export type Integration = ResponseOf<'/api/v1/company/integrations/telegram/revoke', 'post'>
export type IntegrationTest = ResponseOf<'/api/v1/company/integrations/telegram/test', 'post'>
export type IntegrationDelivery = NonNullable<ResponseOf<'/api/v1/company/integrations/delivery-log', 'get'>['items']>[number]
export type IntegrationAudit = NonNullable<ResponseOf<'/api/v1/company/integrations/audit-log', 'get'>['items']>[number]
export type IntegrationTokenBody = BodyOf<'/api/v1/company/integrations/telegram/token', 'put'>
export type Channel = 'telegram' | 'whatsapp'

/** The company's Telegram and WhatsApp (OnSend) integrations. */
export function useIntegrations() {
  const api = useApi()
  return {
    list: () => call(api.GET('/api/v1/company/integrations')),
    setToken: (ch: Channel, body: IntegrationTokenBody) => ch === 'telegram'
      ? call(api.PUT('/api/v1/company/integrations/telegram/token', { body }))
      : call(api.PUT('/api/v1/company/integrations/whatsapp/token', { body })),
    test: (ch: Channel) => ch === 'telegram'
      ? call(api.POST('/api/v1/company/integrations/telegram/test'))
      : call(api.POST('/api/v1/company/integrations/whatsapp/test')),
    connect: (ch: Channel) => ch === 'telegram'
      ? call(api.POST('/api/v1/company/integrations/telegram/connect'))
      : call(api.POST('/api/v1/company/integrations/whatsapp/connect')),
    revoke: (ch: Channel) => ch === 'telegram'
      ? call(api.POST('/api/v1/company/integrations/telegram/revoke'))
      : call(api.POST('/api/v1/company/integrations/whatsapp/revoke')),
    regenerateSecret: (ch: Channel) => ch === 'telegram'
      ? call(api.POST('/api/v1/company/integrations/telegram/regenerate-secret'))
      : call(api.POST('/api/v1/company/integrations/whatsapp/regenerate-secret')),
    sendTestWebhook: (ch: Channel) => ch === 'telegram'
      ? call(api.POST('/api/v1/company/integrations/telegram/send-test-webhook'))
      : call(api.POST('/api/v1/company/integrations/whatsapp/send-test-webhook')),
    setSignature: (header: string) => call(api.PUT('/api/v1/company/integrations/whatsapp/signature', { body: { header } })),
    deliveryLog: () => call(api.GET('/api/v1/company/integrations/delivery-log', { params: { query: { limit: 50 } } })),
    auditLog: () => call(api.GET('/api/v1/company/integrations/audit-log', { params: { query: { limit: 50 } } }))
  }
}
