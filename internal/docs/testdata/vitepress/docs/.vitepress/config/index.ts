import { defineConfig } from 'vitepress'
import { sharedConfig } from './shared'

export default defineConfig({
  ...sharedConfig,
  // the English pages are the root locale
  locales: {
    root: { label: 'English', lang: 'en-US', link: '/', themeConfig: { nav: [{ text: 'Guide', link: '/guide/' }] } },
    'zh': { label: '简体中文', lang: 'zh-CN', link: '/zh/' },
    /* translations hosted elsewhere have no folder here */
    es: { label: 'Español', link: 'https://es.example.org/' },
  },
})
