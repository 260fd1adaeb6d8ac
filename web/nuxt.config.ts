// Sembang web UI: a client-only SPA, generated into .output/public and embedded in the Go binary.
// It must never reach another host: icons are bundled, fonts are the system stack.
export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  ssr: false,
  modules: ['@nuxt/ui'],
  css: ['~/assets/css/main.css'],
  devtools: { enabled: false },
  telemetry: false,

  app: {
    head: {
      title: 'Sembang',
      htmlAttrs: { lang: 'en' },
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]
    }
  },

  // No @nuxt/fonts: it would download font files from Google/Bunny at build time
  // or reference them at run time. The theme uses the system font stack.
  ui: {
    fonts: false,
    theme: { colors: ['primary', 'secondary', 'success', 'info', 'warning', 'error', 'neutral'] }
  },

  icon: {
    provider: 'none',
    fallbackToApi: false,
    iconifyApiEndpoint: '/_icons-disabled',
    clientBundle: {
      scan: true,
      // Icons chosen at run time (navigation, status maps) or used inside Nuxt UI components.
      icons: [
        'lucide:chevron-down', 'lucide:chevron-up', 'lucide:chevron-left', 'lucide:chevron-right',
        'lucide:chevrons-left', 'lucide:chevrons-right', 'lucide:x', 'lucide:check', 'lucide:minus',
        'lucide:plus', 'lucide:loader-circle', 'lucide:menu', 'lucide:panel-left', 'lucide:panel-left-open',
        'lucide:panel-left-close', 'lucide:search', 'lucide:eye', 'lucide:eye-off', 'lucide:copy',
        'lucide:copy-check', 'lucide:upload', 'lucide:image', 'lucide:file', 'lucide:info',
        'lucide:circle-alert', 'lucide:circle-check', 'lucide:circle-x', 'lucide:triangle-alert',
        'lucide:ellipsis', 'lucide:ellipsis-vertical', 'lucide:arrow-up', 'lucide:arrow-down',
        'lucide:arrow-left', 'lucide:arrow-right', 'lucide:arrow-up-right', 'lucide:rotate-ccw',
        'lucide:sun', 'lucide:moon', 'lucide:monitor', 'lucide:log-out', 'lucide:user',
        'lucide:calendar', 'lucide:clock', 'lucide:hash', 'lucide:grip-vertical', 'lucide:lightbulb',
        'lucide:square', 'lucide:star', 'lucide:folder', 'lucide:folder-open',
        'lucide:thumbs-down', 'lucide:archive', 'lucide:user-minus', 'lucide:sticky-note', 'lucide:badge-check', 'lucide:lock',
        // Contacts (timeline kinds, channels)
        'lucide:contact', 'lucide:messages-square', 'lucide:user-round-check', 'lucide:git-commit-horizontal', 'lucide:alarm-clock',
        'lucide:history', 'lucide:phone', 'lucide:send', 'lucide:circle',
        // Packages and the chat sidebar's product cards
        'lucide:boxes', 'lucide:layout-template', 'lucide:sparkles', 'lucide:pencil', 'lucide:trash-2',
        // Notifications, transfers and reminders (icons chosen by kind at run time)
        'lucide:bell', 'lucide:bell-off', 'lucide:user-plus', 'lucide:arrow-left-right', 'lucide:check-check', 'lucide:list-todo',
        'lucide:alarm-clock', 'lucide:arrow-right-left',
        // The admin's conversation list (filters, attachments)
        'lucide:filter-x', 'lucide:paperclip',
        // Training (knowledge tabs, documents, rebuild) and the admin's playbooks
        'lucide:file-text', 'lucide:message-circle-question', 'lucide:megaphone', 'lucide:brain', 'lucide:book-open',
        'lucide:layers', 'lucide:refresh-cw', 'lucide:file-up', 'lucide:download', 'lucide:graduation-cap', 'lucide:list-checks',
        // The AI model page (overview, configuration, versions)
        'lucide:bot', 'lucide:gauge', 'lucide:sliders-horizontal', 'lucide:git-compare', 'lucide:rocket', 'lucide:undo-2',
        'lucide:file-json', 'lucide:coins', 'lucide:zap', 'lucide:thumbs-up', 'lucide:database', 'lucide:languages',
        // The chat's AI suggestion panel (source badges, safety note)
        'lucide:wifi-off', 'lucide:shield-alert', 'lucide:wand-sparkles',
        // A/B tests of model versions
        'lucide:split', 'lucide:flask-conical', 'lucide:trophy', 'lucide:circle-stop',
        // The AI model's test & monitor tab
        'lucide:bookmark-plus', 'lucide:play', 'lucide:library',
        // Integrations (secret rotation, revoke, signature check, test webhook, log panels)
        'lucide:key-round', 'lucide:unplug', 'lucide:shield-check', 'lucide:send-horizontal', 'lucide:inbox'
      ]
    }
  },

  // Only the SPA shell is written; the Go server answers every other path with index.html.
  nitro: {
    prerender: { crawlLinks: false, routes: ['/'] }
  },

  experimental: {
    // No polling of /_nuxt/builds for new deployments.
    appManifest: false
  },

  vite: {
    build: { sourcemap: false }
  },

  // `npm run dev` talks to a running `sembang dev` (default http://localhost:8080) on the
  // same origin, as the embedded build does.
  $development: {
    nitro: {
      devProxy: {
        '/api': { target: `${process.env.SEMBANG_URL || 'http://localhost:8080'}/api` },
        '/media': { target: `${process.env.SEMBANG_URL || 'http://localhost:8080'}/media` }
      }
    } as Record<string, unknown> // Nuxt's fallback Nitro types omit devProxy
  },

  typescript: {
    typeCheck: false
  }
})
