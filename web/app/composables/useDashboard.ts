/** The company admin's home screen numbers (the agent's come with reminders: useReminders). */
export function useDashboard() {
  const api = useApi()
  return {
    company: () => call(api.GET('/api/v1/company/dashboard'))
  }
}
