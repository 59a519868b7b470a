package docs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/atender/atender/internal/markdown"
)

// useConversion takes what the pipeline converted into the page: the lines of the analysed body mapped onto
// the file's, the constructs converted and the components only warned about (one `jsx` warning for the
// file, naming them), the MDX import/export blocks removed, and the converters' own diagnostics.
func useConversion(p *parsed, r *markdown.Result, ds *diags) {
	for _, d := range r.Diagnostics {
		sev := SevWarning
		if d.Error {
			sev = SevError
		}
		ds.add(d.Code, p.rel, p.fileLine(d.Line), d.Col, sev, "%s", d.Message)
	}
	p.converted = addCounts(p.converted, r.Converted)
	if len(r.Components) > 0 {
		p.components = addCounts(p.components, r.Components)
		ds.warnf("jsx", p.rel, p.fileLine(r.ComponentLine), r.ComponentCol, "%s", componentsMessage(r.Components, r.NoText))
	}
	if r.ESM > 0 {
		p.imports, p.importAt = r.ESM, [2]int{p.fileLine(r.ESMLine), 1}
	}
	// The lines above are the source's; from here on p.fileLine reads lines of the converted body.
	if r.LineMap != nil {
		m := make([]int, len(r.LineMap))
		for i, l := range r.LineMap {
			m[i] = l
			if l >= 1 && l <= len(p.lineMap) {
				m[i] = p.lineMap[l-1]
			}
		}
		p.lineMap = m
	}
}

// componentsMessage says what became of the components no converter knows: those with text (inside them, or
// in their text attributes) lose their tags and keep it; what those without any (<Foo />) render is not in
// the article.
func componentsMessage(all, noText map[string]int) string {
	withText := map[string]int{}
	for n, c := range all {
		if c > noText[n] {
			withText[n] = c - noText[n]
		}
	}
	var parts []string
	if len(withText) > 0 {
		n := len(withText)
		parts = append(parts, fmt.Sprintf("component%s %s: no converter knows %s, so %s tags are left out and %s text is kept (what is inside, and %s title, label, description or tip in bold above or in parentheses after)", plural(n), componentList(withText, ">"), them(n), their(n), their(n), their(n)))
	}
	if n := len(noText); n > 0 {
		parts = append(parts, fmt.Sprintf("component%s %s %s no text here; what %s is not in the article", plural(n), componentList(noText, " />"), pick(n, "has", "have"), pick(n, "it renders", "they render")))
	}
	return strings.Join(parts, "; ")
}

// componentList names components with their counts, most used first, each tag ending with end: "<Badges> ×8,
// <Frame>".
func componentList(m map[string]int, end string) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if m[names[i]] != m[names[j]] {
			return m[names[i]] > m[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "<" + n + end
		if m[n] > 1 {
			parts[i] += fmt.Sprintf(" ×%d", m[n])
		}
	}
	return strings.Join(parts, ", ")
}

func pick(n int, one, more string) string {
	if n > 1 {
		return more
	}
	return one
}

func plural(n int) string { return map[bool]string{true: "s", false: ""}[n > 1] }
func them(n int) string   { return map[bool]string{true: "them", false: "it"}[n > 1] }
func their(n int) string  { return map[bool]string{true: "their", false: "its"}[n > 1] }
