// The onboarding wizard's steps (brief: /company/setup). Only step 1 is built so far.

export interface SetupStep {
  key: string
  title: string
  description: string
  icon: string
  ready: boolean
}

export const setupSteps: SetupStep[] = [
  { key: 'basics', title: 'Basic info', description: 'Company details & localization', icon: 'i-lucide-building-2', ready: true },
  { key: 'products', title: 'Products', description: 'Your catalog', icon: 'i-lucide-package', ready: false },
  { key: 'training', title: 'AI training', description: 'Documents, FAQs, brand voice', icon: 'i-lucide-graduation-cap', ready: false },
  { key: 'team', title: 'Team', description: 'Invite your agents', icon: 'i-lucide-users', ready: false },
  { key: 'config', title: 'Configuration', description: 'Channels and rules', icon: 'i-lucide-settings', ready: false }
]

export const weekdays = [
  { key: 'mon', label: 'Monday' },
  { key: 'tue', label: 'Tuesday' },
  { key: 'wed', label: 'Wednesday' },
  { key: 'thu', label: 'Thursday' },
  { key: 'fri', label: 'Friday' },
  { key: 'sat', label: 'Saturday' },
  { key: 'sun', label: 'Sunday' }
] as const

export type WeekdayKey = typeof weekdays[number]['key']

export interface DayHours { open: boolean, start: string, end: string }

/** Mon–Fri 09:00–18:00, weekend closed. */
export function defaultBusinessHours(): Record<WeekdayKey, DayHours> {
  const out = {} as Record<WeekdayKey, DayHours>
  for (const { key } of weekdays) {
    out[key] = { open: key !== 'sat' && key !== 'sun', start: '09:00', end: '18:00' }
  }
  return out
}

/** Field errors for business hours: an open day needs a start before its end. */
export function businessHoursErrors(hours: Record<string, DayHours>): { name: string, message: string }[] {
  const errors: { name: string, message: string }[] = []
  const time = /^([01]\d|2[0-3]):[0-5]\d$/
  for (const { key, label } of weekdays) {
    const h = hours[key]
    if (!h?.open) continue
    if (!time.test(h.start) || !time.test(h.end)) {
      errors.push({ name: `business_hours.${key}`, message: `${label}: enter opening and closing times` })
    } else if (h.start >= h.end) {
      errors.push({ name: `business_hours.${key}`, message: `${label}: closing time must be after opening time` })
    }
  }
  return errors
}

/** The native names the language picker shows. */
export const languageLabel: Record<string, string> = {
  en: 'English',
  ms: 'Bahasa Malaysia',
  zh: '中文',
  ta: 'தமிழ்'
}
