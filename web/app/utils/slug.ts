/** The slug rule the server enforces: lowercase a-z, 0-9 and single hyphens between them. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const slugMaxLength = 63

/** A slug suggestion for a company name: "Kedai Kopi Ah-Wah Sdn. Bhd." → "kedai-kopi-ah-wah-sdn-bhd". */
export function slugify(name: string, maxLength = 40): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return base.slice(0, maxLength).replace(/-+$/, '')
}

/** Keeps only what a slug may hold while the user types (no trimming of a trailing hyphen). */
export function cleanSlugInput(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+/, '')
}
