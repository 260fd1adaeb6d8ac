/**
 * Time formatting in the company's time zone and date format (company and agent portals),
 * else in the browser's zone with DD/MM/YYYY (platform admin).
 */
export function useFormat() {
  const { me } = useAuth()
  // A just-saved profile wins over the session's copy until /auth/me is refreshed.
  const profile = useState<{ timezone?: string, date_format?: string } | null>('company:profile', () => null)
  const opts = computed(() => ({
    timeZone: profile.value?.timezone || me.value?.company?.timezone || undefined,
    dateFormat: profile.value?.date_format || me.value?.company?.date_format || undefined
  }))
  return {
    dateTime: (v: string | null | undefined) => formatDateTime(v, opts.value),
    date: (v: string | null | undefined) => formatDate(v, opts.value),
    relative: (v: string | null | undefined) => formatRelative(v, new Date(), opts.value),
    timeZone: computed(() => opts.value.timeZone || browserTimeZone()),
    /** The company's currency (MYR when unknown). */
    currency: computed(() => me.value?.company?.currency || 'MYR'),
    /** Minor units as money, in the given currency or else the company's (RM 1,299.00). */
    money: (minor: number, currency?: string) => formatMoney(minor, currency || me.value?.company?.currency || 'MYR')
  }
}
