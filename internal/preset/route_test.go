package preset

import "testing"

func TestRoutes(t *testing.T) {
	for _, c := range []struct {
		preset, rel string
		fm          map[string]string
		want        string
	}{
		{"docusaurus", "intro.md", nil, "/intro"},
		{"docusaurus", "01-usage/02-ReducingBoilerplate.md", map[string]string{"id": "reducing-boilerplate"}, "/usage/reducing-boilerplate"},
		{"docusaurus", "01-usage/03 - Testing.mdx", nil, "/usage/Testing"},
		{"docusaurus", "usage/01-intro.md", map[string]string{"parse_number_prefixes": "false"}, "/usage/01-intro"},
		{"docusaurus", "blog/2021-01-31-notes.md", nil, "/blog/2021-01-31-notes"},
		{"docusaurus", "usage/index.md", nil, "/usage"},
		{"docusaurus", "usage/README.md", map[string]string{"id": "ignored"}, "/usage"},
		{"docusaurus", "usage/storage/Storage.md", nil, "/usage/storage"},
		{"docusaurus", "usage/storage/Storage.md", map[string]string{"slug": "own"}, "/usage/storage/own"},
		{"docusaurus", "usage/a.md", map[string]string{"slug": "../top"}, "/top"},
		{"docusaurus", "usage/a.md", map[string]string{"slug": "/"}, "/"},
		{"docusaurus", "index.md", nil, "/"},
		{"vitepress", "guide/index.md", nil, "/guide"},
		{"vitepress", "guide/getting-started.md", map[string]string{"slug": "x"}, "/guide/getting-started"},
		{"vitepress", "index.md", nil, "/"},
		{"vitepress", "guide/README.md", nil, "/guide/README"},
		{"hugo", "posts/a.md", map[string]string{"slug": "/x/y"}, "/x/y"},
		{"hugo", "posts/a.md", map[string]string{"slug": "plain"}, ""},
		{"", "posts/a.md", map[string]string{"slug": "b/c"}, "/posts/b/c"},
	} {
		var p *Preset
		if c.preset != "" {
			p = all[c.preset]
		}
		fm := func(k string) string { return c.fm[k] }
		if got := p.Route(c.rel, fm); got != c.want {
			t.Errorf("%s %s %v: route %q, want %q", c.preset, c.rel, c.fm, got, c.want)
		}
	}
}
