// Labels and badge colours shared by several screens.

type BadgeColor = 'primary' | 'secondary' | 'success' | 'info' | 'warning' | 'error' | 'neutral'

export const companyStatusLabel: Record<string, string> = {
  trial: 'Trial',
  active: 'Active',
  suspended: 'Suspended',
  deleting: 'Deleting'
}

export const companyStatusColor: Record<string, BadgeColor> = {
  trial: 'info',
  active: 'success',
  suspended: 'warning',
  deleting: 'error'
}

export const planOptions = [
  { label: 'Trial', value: 'trial' },
  { label: 'Starter', value: 'starter' },
  { label: 'Growth', value: 'growth' },
  { label: 'Enterprise', value: 'enterprise' }
] as const

export const planLabel: Record<string, string> = Object.fromEntries(planOptions.map(p => [p.value, p.label]))

export const userStatusColor: Record<string, BadgeColor> = {
  active: 'success',
  inactive: 'neutral'
}

export function formatNumber(n: number | null | undefined): string {
  return n == null ? '' : new Intl.NumberFormat('en-MY').format(n)
}
