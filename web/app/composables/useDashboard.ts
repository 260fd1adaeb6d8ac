/** The home screens' numbers for the company admin and the agent. */
export function useDashboard() {
  const api = useApi()
  return {
    company: () => call(api.GET('/api/v1/company/dashboard')),
    agent: () => call(api.GET('/api/v1/agent/dashboard'))
  }
}
