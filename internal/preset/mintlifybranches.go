package preset

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"
)

// ReasonVersion is a page of a documentation version other than the default one (Mintlify
// `navigation.versions`): the help center holds the version readers see first.
const ReasonVersion = "other version"

// mintlifyBranches reads which pages the navigation names only under a language or a version that is not
// the default one (`default: true`, else the first of its list; languages and versions nest either way),
// and why: ReasonLocale when a language on the way is not the default, else ReasonVersion. A page the
// default branch names too is published. A folder gets the reason of the pages named in it when none of
// those is published and they share it (v1/en: other version, v1/pt-BR: locale, v1 neither), so that a
// file the navigation does not name (a hidden page) follows its folder.
// Paths are relative to the docs folder (prefix: see sitePrefix), without extension.
func mintlifyBranches(site, docs string) (pages, folders map[string]string) {
	_, nav, err := mintlifyConfig(site)
	if err != nil || nav == nil {
		return nil, nil
	}
	named := map[string]string{}
	branchPages(nav, "", named)
	prefix := sitePrefix(site, docs)
	pages, folders = map[string]string{}, map[string]string{}
	mixed := map[string]bool{} // folders with published pages, or pages left out for different reasons
	for p, reason := range named {
		p, ok := underDocs(p, prefix)
		if !ok {
			continue
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if prev, seen := folders[d]; reason == "" || seen && prev != reason {
				mixed[d] = true
			}
			folders[d] = reason
		}
		if reason != "" {
			pages[p] = reason
		}
	}
	for d := range mixed {
		delete(folders, d)
	}
	if len(pages) == 0 {
		return nil, nil
	}
	return pages, folders
}

// branchPages adds to out each page v names, with the reason its branch is not published ("" for the
// default branch, which wins over any other).
func branchPages(v any, reason string, out map[string]string) {
	add := func(p string) {
		if _, seen := out[p]; reason == "" || !seen {
			out[p] = reason
		}
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			branchPages(e, reason, out)
		}
	case map[string]any:
		for key, why := range map[string]string{"languages": ReasonLocale, "versions": ReasonVersion} {
			list, _ := x[key].([]any)
			def := defaultEntry(list)
			for i, e := range list {
				r := reason
				if i != def && (r == "" || why == ReasonLocale) {
					r = why
				}
				branchPages(e, r, out)
			}
		}
		if r, ok := x["root"].(string); ok {
			add(navPage(r))
		}
		for k, e := range x {
			if k == "languages" || k == "versions" {
				continue
			}
			if list, ok := e.([]any); ok && k == "pages" {
				for _, p := range list {
					if s, ok := p.(string); ok {
						add(navPage(s))
					}
				}
			}
			branchPages(e, reason, out)
		}
	}
}

// defaultEntry is the index of the entry of a languages or versions list marked `default: true`, else 0.
func defaultEntry(list []any) int {
	for i, e := range list {
		if m, ok := e.(map[string]any); ok && m["default"] == true {
			return i
		}
	}
	return 0
}

// branchReason is why the docs-relative path rel (a folder when dir is set) is not published as the
// navigation's default branch: the reason of its page, else of its nearest folder the navigation names
// pages in.
func (f *Filter) branchReason(rel string, dir bool) string {
	if f.pages == nil {
		return ""
	}
	if dir {
		return f.folders[rel]
	}
	if r := f.pages[strings.TrimSuffix(rel, path.Ext(rel))]; r != "" {
		return r
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if r, ok := f.folders[d]; ok {
			return r
		}
	}
	return ""
}

// mintignoreDefaults are the files and folders Mintlify leaves out without being told (its .mintignore
// documentation, "Default ignored patterns"; the dot-folders are never walked anyway).
var mintignoreDefaults = []string{"node_modules/", "build/", "dist/", "coverage/", "tmp/", "temp/",
	"README.md", "LICENSE.md", "CHANGELOG.md", "CONTRIBUTING.md"}

// mintignore reads the .mintignore of the site folder (gitignore patterns, from that folder) after
// Mintlify's defaults: the files Mintlify does not publish.
func mintignore(site, docs string) func(rel string, dir bool) bool {
	lines := append([]string(nil), mintignoreDefaults...)
	if b, err := os.ReadFile(filepath.Join(site, ".mintignore")); err == nil && len(b) <= maxConfig {
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	ign := ignore.CompileIgnoreLines(lines...)
	prefix := sitePrefix(site, docs)
	return func(rel string, dir bool) bool {
		if prefix != "." {
			rel = prefix + "/" + rel
		}
		if dir {
			return ign.MatchesPath(rel + "/")
		}
		return ign.MatchesPath(rel)
	}
}
