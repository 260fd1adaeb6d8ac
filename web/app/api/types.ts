// Named types derived from the generated OpenAPI schema (schema.d.ts, `npm run gen:api`).
// They are looked up by path and method, so they survive renames of the schema's component names.
import type { paths } from './schema'

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never
type SuccessOf<O> = O extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, 200 | 201 | 202>]>
  : never

/** The JSON body of a successful response of `method` on `path`. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = SuccessOf<paths[P][M]>

/** The JSON request body of `method` on `path`. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never

/** The query parameters of `method` on `path`. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

/** Items of a list the server may send as null (a Go nil slice). */
type ItemOf<L> = NonNullable<L> extends readonly (infer T)[] ? T : never

type MeBody = ResponseOf<'/api/v1/auth/me', 'get'>
/** The signed-in user; `company` is null for a super admin (the schema does not say so). */
export type Me = Omit<MeBody, 'company'> & { company: MeBody['company'] | null }
export type MeCompany = MeBody['company']
export type Role = Me['role']
type TenantBody = ResponseOf<'/api/v1/public/tenant', 'get'>
/** The subdomain's company; null on the platform's own domain. */
export type Tenant = { company: TenantBody['company'] | null }
export type Reference = ResponseOf<'/api/v1/public/reference', 'get'>
export type Industry = ItemOf<Reference['industries']>
export type Overview = ResponseOf<'/api/v1/platform/overview', 'get'>
export type CompanyPage = ResponseOf<'/api/v1/platform/companies', 'get'>
export type Company = ItemOf<CompanyPage['items']>
export type CompanyStatus = Company['status']
export type CompanyDetail = ResponseOf<'/api/v1/platform/companies/{id}', 'get'>
export type CompanyCreate = BodyOf<'/api/v1/platform/companies', 'post'>
export type CompanyCreated = ResponseOf<'/api/v1/platform/companies', 'post'>
export type CompanyUpdate = BodyOf<'/api/v1/platform/companies/{id}', 'patch'>
export type AdminCreate = BodyOf<'/api/v1/platform/companies/{id}/admins', 'post'>
export type UserCreated = ResponseOf<'/api/v1/platform/companies/{id}/admins', 'post'>
export type User = ItemOf<CompanyDetail['admins']>
export type Profile = ResponseOf<'/api/v1/company/profile', 'get'>
export type ProfileUpdate = BodyOf<'/api/v1/company/profile', 'put'>
export type BusinessHours = ProfileUpdate['business_hours']
export type TeamPage = ResponseOf<'/api/v1/company/users', 'get'>
export type TeamUserCreate = BodyOf<'/api/v1/company/users', 'post'>
export type TeamUserUpdate = BodyOf<'/api/v1/company/users/{id}', 'patch'>
export type CompanyDashboard = ResponseOf<'/api/v1/company/dashboard', 'get'>
export type TemplateGlobalPage = ResponseOf<'/api/v1/platform/templates', 'get'>
export type TemplateGlobalItem = ItemOf<TemplateGlobalPage['items']>
export type SuccessTemplate = TemplateGlobalItem['template']
export type SuccessTemplateBody = BodyOf<'/api/v1/platform/templates', 'post'>
export type TemplateVersion = ItemOf<ResponseOf<'/api/v1/platform/templates/{id}/versions', 'get'>['items']>
export type TemplateCompanyPage = ResponseOf<'/api/v1/company/templates', 'get'>
export type TemplateCompanyItem = ItemOf<TemplateCompanyPage['items']>
export type TemplateSetting = BodyOf<'/api/v1/company/templates/{id}/settings', 'put'>
export type TemplateTestBody = BodyOf<'/api/v1/company/template-test', 'post'>
export type TemplateTestResult = ResponseOf<'/api/v1/company/template-test', 'post'>
export type TemplateCandidate = ItemOf<TemplateTestResult['candidates']>
export type TemplateFilter = { q?: string, language?: string, category?: string, industry?: string }
export type ProductPage = ResponseOf<'/api/v1/company/products', 'get'>
export type ProductSummary = ItemOf<ProductPage['items']>
export type Product = ResponseOf<'/api/v1/company/products/{id}', 'get'>
export type ProductBody = BodyOf<'/api/v1/company/products', 'post'>
export type ProductQuery = QueryOf<'/api/v1/company/products', 'get'>
export type ProductImportPreview = ResponseOf<'/api/v1/company/products/import/preview', 'post'>
export type ProductImport = ResponseOf<'/api/v1/company/product-imports/{id}', 'get'>
