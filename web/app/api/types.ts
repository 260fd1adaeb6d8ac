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

export type Me = ResponseOf<'/api/v1/auth/me', 'get'>
export type Role = Me['role']
export type Tenant = ResponseOf<'/api/v1/public/tenant', 'get'>
export type Reference = ResponseOf<'/api/v1/public/reference', 'get'>
export type Industry = Reference['industries'][number]
export type Overview = ResponseOf<'/api/v1/platform/overview', 'get'>
export type CompanyPage = ResponseOf<'/api/v1/platform/companies', 'get'>
export type Company = CompanyPage['items'][number]
export type CompanyStatus = Company['status']
export type CompanyDetail = ResponseOf<'/api/v1/platform/companies/{id}', 'get'>
export type CompanyCreate = BodyOf<'/api/v1/platform/companies', 'post'>
export type CompanyCreated = ResponseOf<'/api/v1/platform/companies', 'post'>
export type CompanyUpdate = BodyOf<'/api/v1/platform/companies/{id}', 'patch'>
export type AdminCreate = BodyOf<'/api/v1/platform/companies/{id}/admins', 'post'>
export type UserCreated = ResponseOf<'/api/v1/platform/companies/{id}/admins', 'post'>
export type User = CompanyDetail['admins'][number]
export type Profile = ResponseOf<'/api/v1/company/profile', 'get'>
export type ProfileUpdate = BodyOf<'/api/v1/company/profile', 'put'>
export type BusinessHours = ProfileUpdate['business_hours']
export type Weekday = keyof BusinessHours
export type TeamPage = ResponseOf<'/api/v1/company/users', 'get'>
export type TeamUserCreate = BodyOf<'/api/v1/company/users', 'post'>
export type TeamUserUpdate = BodyOf<'/api/v1/company/users/{id}', 'patch'>
export type CompanyDashboard = ResponseOf<'/api/v1/company/dashboard', 'get'>
export type AgentDashboard = ResponseOf<'/api/v1/agent/dashboard', 'get'>
