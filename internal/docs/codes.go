package docs

import (
	"fmt"
	"sort"
	"strings"
)

// A Code names a kind of diagnostic. Codes are stable: scripts filter on them, and `rules:` in the config
// file sets each to error, warning or off.
type Code = string

// codeInfo describes a code. Codes whose problem leaves no page to send (an unreadable file, an invalid slug)
// are fixed: a rule can raise nothing about them and lower nothing either.
type codeInfo struct {
	Fixed bool
	What  string
}

// Codes lists every diagnostic code with what it means (the README's table is checked against it).
var Codes = map[Code]codeInfo{
	"unreadable":            {true, "a file or folder cannot be read"},
	"not-regular":           {false, "a FIFO, socket or device with a Markdown name; skipped"},
	"symlink":               {false, "a symlink that is not followed"},
	"file-too-large":        {true, "a file over max-file-size"},
	"binary-file":           {true, "a NUL byte: not a text file"},
	"invalid-utf8":          {true, "not valid UTF-8"},
	"empty-file":            {true, "nothing in the file"},
	"too-complex":           {true, "Markdown that would take the parser minutes (hostile or generated)"},
	"frontmatter":           {true, "frontmatter that cannot be read"},
	"duplicate-field":       {true, "a frontmatter field given twice"},
	"field-type":            {true, "a frontmatter field of the wrong type"},
	"unknown-field":         {false, "a frontmatter field atender does not read"},
	"foreign-field":         {false, "a field of another tool (Docusaurus, Hugo, VitePress, MkDocs, …); once per tree"},
	"invalid-tag":           {true, "a tag with no letter or digit"},
	"invalid-status":        {true, "a status that is not one of Atender's"},
	"invalid-slug":          {false, "a slug that is not a valid Atender slug (warning or off: a valid one is made from it)"},
	"no-slug":               {true, "no slug can be made: set `slug:`"},
	"duplicate-slug":        {true, "two files with the same slug"},
	"no-category":           {true, "a page with no category"},
	"invalid-category":      {true, "a category name with no letter or digit"},
	"category-file":         {false, "a _category.yml where it is not read"},
	"category-file-invalid": {true, "a _category.yml that cannot be read"},
	"empty-body":            {false, "a page with a title but no text (off or warning: the page is left out)"},
	"title-heading":         {false, "a heading that repeats the title (see markdown.titleHeading)"},
	"raw-html":              {false, "raw HTML, passed through as is"},
	"jsx":                   {false, "a component no converter knows (MDX and VitePress: its tags left out, its text and text attributes kept; elsewhere: shown as text), or JSX the article cannot hold (an expression, an attribute); once per file"},
	"mdx-syntax":            {true, "MDX that cannot be read: an element never closed, or closed by another's tag"},
	"mdx-import":            {false, "MDX import/export lines, removed; once per tree"},
	"shortcode":             {false, "a Hugo shortcode, shown as text"},
	"include":               {false, "an include that cannot be read (missing, outside the repository, nested too deep): an MkDocs snippet (`--8<-- \"file\"`), a Mintlify `<Snippet file>`, an imported MDX partial"},
	"generator-syntax":      {false, "a generator's construct no converter handled (tabs, :::, !!!, {#id}, icons, imports), shown as text"},
	"broken-link":           {false, "a link to a file that does not exist"},
	"broken-image":          {false, "an image or file that does not exist"},
	"excluded-link":         {false, "a link to a file left out of the sync"},
	"outside-link":          {false, "a link or image outside the docs folder"},
	"site-link":             {false, "a link to a path on another site"},
	"category-link":         {false, "a link to a category's generated index page (Docusaurus), pointed at the category's first article"},
	"site-image":            {false, "an image path on another site, with no assets.baseUrl"},
	"relative-asset":        {false, "a relative image or file, with no assets.baseUrl"},
	"unrewritable-link":     {false, "a link written with escapes that cannot be rewritten"},
	"empty-tree":            {false, "no Markdown file under the docs folder"},
	"config":                {true, "a setting that cannot be used"},
	"secret":                {true, "an API key (sa_live_…, sa_test_…) written in a page: it would be published"},
}

// applyRules sets the severity of each diagnostic by rules (code → error, warning or off), then, under
// --strict, raises every remaining warning. Invalid rules are themselves errors.
func applyRules(ds diags, rules map[string]string, strict bool) diags {
	var bad diags
	for code, sev := range rules {
		info, ok := Codes[code]
		switch {
		case !ok:
			bad.errorf("config", ".atender.yaml", 1, 1, "rules: unknown code %q%s (codes are printed in brackets at the end of each diagnostic)", code, suggestCode(code))
		case sev != "error" && sev != "warning" && sev != "off":
			bad.errorf("config", ".atender.yaml", 1, 1, "rules: %s: %q is not error, warning or off", code, sev)
		case info.Fixed && sev != "error":
			bad.errorf("config", ".atender.yaml", 1, 1, "rules: %s cannot be set to %s: it leaves no article to send (%s)", code, sev, info.What)
		}
	}
	out := ds[:0]
	for _, d := range ds {
		switch rules[d.Code] {
		case "off":
			if _, known := Codes[d.Code]; known && !Codes[d.Code].Fixed {
				continue
			}
		case "warning":
			if !Codes[d.Code].Fixed {
				d.Severity = SevWarning
			}
		case "error":
			d.Severity = SevError
		}
		out = append(out, d)
	}
	out = append(out, bad...)
	if strict {
		for i := range out {
			if out[i].Severity == SevWarning {
				out[i].Severity = SevError
				out[i].Message += " (--strict)"
			}
		}
	}
	return out
}

// severityOf is the severity a diagnostic of code would have under rules ("off" when dropped).
func severityOf(code Code, def Severity, rules map[string]string) string {
	if Codes[code].Fixed {
		return string(def)
	}
	if r, ok := rules[code]; ok {
		return r
	}
	return string(def)
}

func suggestCode(c string) string {
	best, bestD := "", 4
	for k := range Codes {
		if d := levenshtein(c, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// CodeTable renders the codes for the README.
func CodeTable() string {
	keys := make([]string, 0, len(Codes))
	for k := range Codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("| code | what | `rules:` can change it |\n|---|---|---|\n")
	for _, k := range keys {
		tun := "yes"
		if Codes[k].Fixed {
			tun = "no"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k, Codes[k].What, tun)
	}
	return b.String()
}
