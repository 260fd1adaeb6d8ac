/**
 * Time formatting in the company's time zone and date format when the company profile is
 * loaded (company portal), else in the browser's zone with DD/MM/YYYY.
 */
export function useFormat() {
  const profile = useState<{ timezone?: string, date_format?: string } | null>('company:profile', () => null)
  const opts = computed(() => ({
    timeZone: profile.value?.timezone || undefined,
    dateFormat: profile.value?.date_format || undefined
  }))
  return {
    dateTime: (v: string | null | undefined) => formatDateTime(v, opts.value),
    date: (v: string | null | undefined) => formatDate(v, opts.value),
    relative: (v: string | null | undefined) => formatRelative(v, new Date(), opts.value),
    timeZone: computed(() => opts.value.timeZone || browserTimeZone())
  }
}
