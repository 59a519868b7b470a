export const sharedConfig = {
  title: 'Example',
  themeConfig: { search: { provider: 'algolia', options: { locales: { ...zhSearch } } } },
}
