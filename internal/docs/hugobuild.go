package docs

import (
	"path"
	"strings"
)

// Hugo builds no page of its own for a page whose build options say `render: never` (`build:`, or
// `_build:` before Hugo 0.145), nor for a headless bundle (`headless: true`), and an _index.md's
// `cascade:` gives its build options to every page below it: Hugo's docs keep their glossary terms and
// shared snippets (_common/) that way, shown inside other pages, never at a URL of their own.

// notRendered reports build options (the value of `build:` or `_build:`) that say the page is not rendered.
func notRendered(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	switch r := plain(m["render"]).(type) {
	case string:
		return strings.EqualFold(r, "never") || strings.EqualFold(r, "false")
	case bool:
		return !r
	}
	return false
}

// plain is a decoded value without the source text kept beside it (see sourced).
func plain(v any) any {
	if s, ok := v.(sourced); ok {
		return s.value
	}
	return v
}

// hugoRender reads a Hugo page's build options: own, it is not rendered itself; cascaded, the pages below
// its folder are not (an _index.md's `cascade:` build options, a map or a list of maps without a _target).
func hugoRender(p *parsed) (own, cascaded bool) {
	for _, k := range []string{"build", "_build"} {
		own = own || notRendered(p.fields[k].Value)
	}
	own = own || isTrue(p.fields["headless"].Value) && strings.EqualFold(path.Base(p.rel), "index.md")
	if !strings.EqualFold(path.Base(p.rel), "_index.md") {
		return own, false
	}
	var cs []any
	switch c := p.fields["cascade"].Value.(type) {
	case map[string]any:
		cs = []any{c}
	case []any:
		cs = c
	}
	for _, c := range cs {
		m, ok := c.(map[string]any)
		if !ok || m["_target"] != nil || m["target"] != nil {
			continue
		}
		for _, k := range []string{"build", "_build"} {
			cascaded = cascaded || notRendered(m[k])
		}
	}
	return own, cascaded
}

// leaveNotRendered leaves out, with ReasonNotRendered, each page Hugo does not render: its own build
// options say so, or an _index.md above it cascades them. It runs once every page's frontmatter is read.
// Like a draft, such a page holds its article: one synced before it was left out is left alone, never pruned.
func leaveNotRendered(results []*parsed, o Options) {
	var under []string // folders whose pages are not rendered
	for _, p := range results {
		if p.noRenderBelow {
			under = append(under, path.Dir(p.rel))
		}
	}
	for _, p := range results {
		if p.skip || p.page == nil {
			continue
		}
		below := false
		for _, d := range under {
			below = below || p.rel != path.Join(d, "_index.md") && (d == "." || strings.HasPrefix(p.rel, d+"/"))
		}
		if p.noRender || below {
			p.skip, p.held, p.reason = true, heldSlug(p, o), ReasonNotRendered
		}
	}
}
