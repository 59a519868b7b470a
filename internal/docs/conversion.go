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
		ds.warnf("jsx", p.rel, p.fileLine(r.ComponentLine), r.ComponentCol, "component%s %s: no converter knows %s, so %s tags are left out and the text inside is kept", plural(len(r.Components)), componentList(r.Components), them(len(r.Components)), their(len(r.Components)))
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

// componentList names components with their counts, most used first: "<Badges> ×8, <Frame>".
func componentList(m map[string]int) string {
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
		parts[i] = "<" + n + ">"
		if m[n] > 1 {
			parts[i] += fmt.Sprintf(" ×%d", m[n])
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int) string { return map[bool]string{true: "s", false: ""}[n > 1] }
func them(n int) string   { return map[bool]string{true: "them", false: "it"}[n > 1] }
func their(n int) string  { return map[bool]string{true: "their", false: "its"}[n > 1] }
