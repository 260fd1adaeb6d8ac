// The sidebar of each portal, as in the brief's FRONTEND STRUCTURE. `soon` marks pages that
// exist but only show a "Coming soon" state for now.
import type { Portal } from './access'

export interface NavItem {
  label: string
  icon: string
  to: string
  soon?: boolean
}

export const portalNav: Record<Portal, { title: string, items: NavItem[], footer: NavItem[] }> = {
  admin: {
    title: 'Platform admin',
    items: [
      { label: 'Dashboard', icon: 'i-lucide-layout-dashboard', to: '/admin/dashboard' },
      { label: 'Companies', icon: 'i-lucide-building-2', to: '/admin/companies' },
      { label: 'Analytics', icon: 'i-lucide-chart-line', to: '/admin/analytics', soon: true },
      { label: 'Templates', icon: 'i-lucide-library', to: '/admin/templates' },
      { label: 'Playbooks', icon: 'i-lucide-book-open', to: '/admin/playbooks' }
    ],
    footer: [
      { label: 'Settings', icon: 'i-lucide-settings', to: '/admin/settings', soon: true },
      { label: 'Profile', icon: 'i-lucide-user', to: '/admin/profile' }
    ]
  },
  company: {
    title: 'Company admin',
    items: [
      { label: 'Dashboard', icon: 'i-lucide-layout-dashboard', to: '/company/dashboard' },
      { label: 'Setup', icon: 'i-lucide-list-checks', to: '/company/setup' },
      { label: 'Conversations', icon: 'i-lucide-messages-square', to: '/company/conversations' },
      { label: 'Unassigned', icon: 'i-lucide-inbox', to: '/company/conversations/unassigned' },
      { label: 'Transfers', icon: 'i-lucide-arrow-left-right', to: '/company/conversations/transfers' },
      { label: 'Contacts', icon: 'i-lucide-contact', to: '/company/contacts' },
      { label: 'Team', icon: 'i-lucide-users', to: '/company/users' },
      { label: 'Products', icon: 'i-lucide-package', to: '/company/products' },
      { label: 'Packages', icon: 'i-lucide-boxes', to: '/company/packages' },
      { label: 'Training', icon: 'i-lucide-graduation-cap', to: '/company/training' },
      { label: 'AI model', icon: 'i-lucide-bot', to: '/company/ai-model' },
      { label: 'Templates', icon: 'i-lucide-library', to: '/company/templates' },
      { label: 'Integrations', icon: 'i-lucide-plug', to: '/company/integrations' },
      { label: 'Analytics', icon: 'i-lucide-chart-line', to: '/company/analytics', soon: true }
    ],
    footer: [
      { label: 'Settings', icon: 'i-lucide-settings', to: '/company/settings' },
      { label: 'Profile', icon: 'i-lucide-user', to: '/company/profile' }
    ]
  },
  agent: {
    title: 'Agent',
    items: [
      { label: 'Dashboard', icon: 'i-lucide-layout-dashboard', to: '/agent/dashboard' },
      { label: 'Conversations', icon: 'i-lucide-messages-square', to: '/agent/conversations' },
      { label: 'Contacts', icon: 'i-lucide-contact', to: '/agent/contacts' },
      { label: 'Products', icon: 'i-lucide-package', to: '/agent/products' }
    ],
    footer: [
      { label: 'Profile', icon: 'i-lucide-user', to: '/agent/profile' }
    ]
  }
}
