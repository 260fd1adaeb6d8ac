import type { Profile, ProfileUpdate } from '~/api/types'

/** The signed-in company admin's company profile (onboarding step 1, settings). */
export function useCompanyProfile() {
  const api = useApi()
  const profile = useState<Profile | null>('company:profile', () => null)

  async function load(force = false): Promise<Profile> {
    if (profile.value && !force) return profile.value
    profile.value = await call(api.GET('/api/v1/company/profile'))
    return profile.value
  }

  async function save(body: ProfileUpdate): Promise<Profile> {
    profile.value = await call(api.PUT('/api/v1/company/profile', { body }))
    return profile.value
  }

  async function uploadLogo(file: File): Promise<Profile> {
    profile.value = await call(api.POST('/api/v1/company/logo', {
      body: { file } as any,
      bodySerializer: () => {
        const fd = new FormData()
        fd.append('file', file)
        return fd
      }
    }))
    return profile.value
  }

  async function removeLogo(): Promise<Profile> {
    profile.value = await call(api.DELETE('/api/v1/company/logo'))
    return profile.value
  }

  return { profile, load, save, uploadLogo, removeLogo }
}
