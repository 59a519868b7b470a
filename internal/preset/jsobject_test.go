package preset

import (
	"maps"
	"slices"
	"testing"
)

func TestObjectKeys(t *testing.T) {
	for _, c := range []struct {
		src  string
		ok   bool
		want []string
	}{
		{`export default { locales: { root: { label: 'English' }, fr: { label: "Français", link: '/fr/' } } }`, true, []string{"root", "fr"}},
		{`locales: { "root": {}, 'pt-BR': {}, // 'xx': {}
		  /* es: {} */ ko, ...more, ja: { nav: [{ text: 'a}', link: "/b{" }] } }`, true, []string{"root", "pt-BR", "ko", "ja"}},
		{`search: { locales: { ...zhSearch } }, locales: { root: {}, zh: zh.config }`, true, []string{"root", "zh"}},
		{`const l = {}; export default { locales: l }`, false, nil},
		{`notlocales: { root: {} }`, false, nil},
		{`locales: { root: {`, false, nil},
	} {
		got, ok := objectKeys(c.src, "locales", "root")
		if ok != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("%s:\n%v %v, want %v %v", c.src, got, ok, c.want, c.ok)
		}
	}
}

// VitePress' translations are the keys of its config's `locales:` but root; a config whose locales are not
// written in place leaves them to be guessed, and a config without locales has none.
func TestVitePressLocales(t *testing.T) {
	for _, c := range []struct {
		files map[string]string
		want  map[string]bool
		ok    bool
	}{
		{map[string]string{".vitepress/config.mts": "export default { locales: { root: {}, zh: {}, '/fr/': {} } }"}, map[string]bool{"zh": true, "fr": true}, true},
		{map[string]string{".vitepress/config/index.ts": "export default { ...shared, locales: { root: {}, ja: {} } }", ".vitepress/config/shared.ts": "export const shared = { search: { locales: { ...x } } }"}, map[string]bool{"ja": true}, true},
		{map[string]string{".vitepress/config.ts": "export default { title: 'x' }"}, nil, true},
		{map[string]string{".vitepress/config.ts": "import { locales } from './l'\nexport default { locales }"}, nil, false},
		{map[string]string{".vitepress/theme/index.ts": ""}, nil, false},
	} {
		got, ok := vitepressLocales(write(t, c.files), "")
		if ok != c.ok || !maps.Equal(got, c.want) {
			t.Errorf("%v: %v %v, want %v %v", c.files, got, ok, c.want, c.ok)
		}
	}
}
