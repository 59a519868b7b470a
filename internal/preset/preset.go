// Package preset knows the documentation generators whose trees atender reads: for each, how to recognise a
// repository that uses it, where its pages live, which files it does not publish, what its frontmatter
// fields mean, where its navigation metadata is data, and which converters its syntax needs. A preset is a
// bundle of defaults: every setting the user writes overrides it.
package preset

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/atender/atender/internal/findup"
)

// Preset is one generator's defaults.
type Preset struct {
	Name  string // as written in `preset:` (docusaurus, starlight, …)
	Title string // as the generator is called (Docusaurus, Starlight, …)
	// DocsRoot is where the generator reads pages, relative to the repository root, when no folder is given.
	DocsRoot string
	// Slugs is the slug scheme of pages without `slug:` ("path": the generator's URLs are paths, so two
	// pages of the same name in different folders must not collide).
	Slugs string
	// SitePrefix is the path under which the generator serves the docs (Docusaurus: /docs).
	SitePrefix string
	// Fields maps frontmatter fields of the generator to atender's ("title", "summary", …) or to Ignore.
	Fields map[string]string
	// Rules are diagnostic severities the generator's trees need (the user's `rules:` override each); see
	// also RulesFor.
	Rules map[string]string
	// Converters name the constructs of the generator's syntax to turn into Markdown Atender shows.
	Converters []string
	// Drafts says that `draft: true` keeps a page out of the generator's published site.
	Drafts bool
	// StaticDir is the folder of the generator's project (relative to it) whose files the site serves from
	// its root as they are (Docusaurus static/, Astro public/); "" when none.
	StaticDir string
	// Index names the files (without extension, lowercase) that are their folder's page, so that their slug
	// is the folder's; nil means index, readme and _index.
	Index []string

	markers     []string                                     // files or folders that say a repository uses the generator
	detect      func(dir string) bool                        // extra check on a marker's folder ("" when markers suffice)
	unpublished func(f *Filter, rel string, dir bool) string // why a path is not published, "" when it is
	nav         func(site, docs string) (*Nav, error)
	siteRules   func(site string) map[string]string             // rules the project's config sets (see RulesFor)
	basePath    func(site string) string                        // the path the project's config serves the site under (see SitePrefixFor)
	route       func(rel string, fm func(string) string) string // see Route
	// locales reads the first-level folders of the languages other than the default from the generator's
	// config (site is its project folder, docs the docs folder); ok false when the config does not say, and
	// the folders are guessed from their names and pages (isLocaleFolder).
	locales func(site, docs string) (folders map[string]bool, ok bool)
}

// maxConfig bounds the size of a generator's config file that is read (crewAI's docs.json, 35 versions
// in 4 languages, is 2.3 MB).
const maxConfig = 4 << 20

// Ignore is the Fields target of a field that is the generator's own and means nothing in Atender.
const Ignore = "ignore"

// Reasons a page is not published by its generator (the summary counts left-out pages by reason).
const (
	ReasonPartial  = "partial"    // a file meant to be included in others (_snippet.mdx)
	ReasonSnippet  = "snippet"    // a file in the generator's snippet folder
	ReasonNotFound = "404 page"   // the site's page-not-found page
	ReasonLocale   = "locale"     // a page of a language other than the source language
	ReasonDraft    = "draft"      // draft: true
	ReasonAsset    = "not a page" // a file the generator serves as is (public/, static/)
)

var all = map[string]*Preset{}

func register(p *Preset) *Preset {
	all[p.Name] = p
	return p
}

// Names lists the presets, sorted.
func Names() []string {
	out := make([]string, 0, len(all))
	for n := range all {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the preset of a name, or an error that lists the names.
func Get(name string) (*Preset, error) {
	if p, ok := all[strings.ToLower(strings.TrimSpace(name))]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("unknown preset %q: use one of %s (or none)", name, strings.Join(Names(), ", "))
}

// detectOrder is the order in which presets are tried: a marker that another generator's repository may
// also hold (a Hugo config.toml) comes last.
var detectOrder = []string{"docusaurus", "starlight", "mintlify", "mkdocs", "vitepress", "hugo"}

// Detection says which preset a tree uses and why.
type Detection struct {
	Preset *Preset
	// Marker is the file that gave it away, absolute; Site is its folder (the generator's project root).
	Marker, Site string
}

// Detect looks for a generator's marker in the docs folder and in each folder above it, up to the
// repository root (the nearest folder with a .git) and at most maxUp levels. It returns nil when none is
// found.
func Detect(docsRoot string) *Detection {
	abs, err := filepath.Abs(docsRoot)
	if err != nil {
		return nil
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	var det *Detection
	findup.Search(abs, findup.Bound{MaxUp: maxUp}, func(dir string) bool {
		det = markerAt(dir)
		return det != nil
	})
	return det
}

// markerAt is the first preset, in detectOrder, whose marker is in dir, or nil.
func markerAt(dir string) *Detection {
	for _, n := range detectOrder {
		if marker, ok := all[n].marker(dir); ok {
			return &Detection{Preset: all[n], Marker: marker, Site: dir}
		}
	}
	return nil
}

// maxUp bounds how far above the docs folder a generator's config is looked for (Starlight's pages are in
// src/content/docs, three levels under astro.config.mjs).
const maxUp = 3

// Site finds the generator's project folder for a tree whose preset was named, not detected: the folder of
// its marker, in the docs folder or above it, else in a docs/ or website/ folder beside one of those (Jest
// and Redux keep docs/ at the repository root and docusaurus.config.* in website/); "" when there is none.
func (p *Preset) Site(docsRoot string) string {
	d := Detect(docsRoot)
	if d != nil && d.Preset == p {
		return d.Site
	}
	abs, err := filepath.Abs(docsRoot)
	if err != nil {
		return ""
	}
	site := ""
	findup.Search(abs, findup.Bound{MaxUp: maxUp}, func(dir string) bool {
		if at, ok := p.markerIn(dir); ok {
			site = filepath.Join(dir, at)
		}
		return site != ""
	})
	return site
}

// SitePrefixFor is the path under which the generator's project in site serves the docs: the preset's
// own (Docusaurus: /docs), else what the project's config says (Astro's `base: '/obsidian-typings'`).
func (p *Preset) SitePrefixFor(site string) string {
	if p.SitePrefix != "" || p.basePath == nil || site == "" {
		return p.SitePrefix
	}
	return p.basePath(site)
}

// RulesFor is the preset's rules for the generator's project in site ("" when unknown): its own, with
// those its config sets on top (Docusaurus' onBrokenLinks: 'warn' builds a site with broken links).
func (p *Preset) RulesFor(site string) map[string]string {
	if p.siteRules == nil || site == "" {
		return p.Rules
	}
	extra := p.siteRules(site)
	if len(extra) == 0 {
		return p.Rules
	}
	out := maps.Clone(p.Rules)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, extra)
	return out
}

// Filter says which paths of one docs folder the generator does not publish.
type Filter struct {
	p       *Preset
	docs    string
	locales map[string]bool // first-level folder → it looks like a translation (guessed, when not known)
	langs   map[string]bool // first-level folders of the languages other than the default, from the generator's config
	known   bool            // langs is what the generator's config says: any other folder is not a translation
	exclude func(rel string, dir bool) bool
	// pages and folders not published as the navigation's default language and version (Mintlify), with
	// why: see mintlifyBranches and branchReason.
	pages, folders map[string]string
}

// Filter returns the filter of the docs folder docs (site is the generator's project folder, "" when
// unknown). A nil preset publishes everything.
func (p *Preset) Filter(site, docs string) *Filter {
	f := &Filter{p: p, docs: docs, locales: map[string]bool{}}
	if p != nil && p.Name == "mkdocs" && site != "" {
		f.exclude = mkdocsExclude(site)
	}
	if p != nil && p.Name == "mintlify" && site != "" {
		f.exclude = mintignore(site, docs)
		f.pages, f.folders = mintlifyBranches(site, docs)
	}
	if p != nil && p.locales != nil && site != "" {
		f.langs, f.known = p.locales(site, docs)
	}
	return f
}

// Reason says why the generator does not publish rel (a path relative to the docs folder, a folder when
// dir is set), or "" when it does.
func (f *Filter) Reason(rel string, dir bool) string {
	if f == nil || f.p == nil || f.p.unpublished == nil {
		return ""
	}
	return f.p.unpublished(f, rel, dir)
}

// locale reports whether rel is, or is in, a first-level folder that translates the tree.
func (f *Filter) locale(rel string, dir bool) bool {
	first, _, nested := strings.Cut(rel, "/")
	if !nested && !dir {
		return false
	}
	if f.known {
		return f.langs[first]
	}
	if v, ok := f.locales[first]; ok {
		return v
	}
	v := isLocaleFolder(f.docs, first)
	f.locales[first] = v
	return v
}

// Nav reads the navigation metadata the generator keeps as data (site is the generator's project folder,
// docs the docs folder). It returns an empty Nav when there is none.
func (p *Preset) Nav(site, docs string) (*Nav, error) {
	if p == nil || p.nav == nil || site == "" {
		return &Nav{}, nil
	}
	return p.nav(site, docs)
}

// Nav is navigation metadata: titles of pages and of folders as the generator's sidebar shows them.
type Nav struct {
	// Source is the file it was read from.
	Source string
	// Pages maps a page (path relative to the docs folder) to its sidebar title.
	Pages map[string]string
	// Folders maps a folder (relative to the docs folder) to its section title.
	Folders map[string]string
}

// section is one navigation section: its title and the pages directly in it.
type section struct {
	title string
	pages []string
}

// folderTitles names folders after navigation sections: a section names the deepest folder that holds all
// of its pages, when no other section has pages in that folder or below it.
func folderTitles(secs []section) map[string]string {
	claim := map[string]map[int]bool{} // folder → sections with pages in it
	for i, s := range secs {
		for _, pg := range s.pages {
			for d := path.Dir(pg); d != "."; d = path.Dir(d) {
				if claim[d] == nil {
					claim[d] = map[int]bool{}
				}
				claim[d][i] = true
			}
		}
	}
	out := map[string]string{}
	for i, s := range secs {
		if len(s.pages) == 0 || s.title == "" {
			continue
		}
		common := path.Dir(s.pages[0])
		for _, pg := range s.pages[1:] {
			for common != "." && !strings.HasPrefix(pg, common+"/") {
				common = path.Dir(common)
			}
		}
		if common != "." && len(claim[common]) == 1 && claim[common][i] {
			out[common] = s.title
		}
	}
	return out
}

// localeRe matches a language folder (es, pt-BR, zh-CN, zh-hans).
var localeRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z]{2,4})?$`)

// isLocaleFolder reports whether a first-level folder looks like a translation of the tree: named like a
// language, and most of its pages have a page of the same path at the root of the docs folder. The check
// runs once per folder, on the folder's own files.
func isLocaleFolder(docs, name string) bool {
	if !localeRe.MatchString(name) {
		return false
	}
	mirrored, total := 0, 0
	filepath.WalkDir(filepath.Join(docs, name), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isPageName(d.Name()) || total >= 200 {
			return nil
		}
		total++
		rel, _ := filepath.Rel(filepath.Join(docs, name), p)
		base := strings.TrimSuffix(rel, filepath.Ext(rel))
		for _, ext := range []string{".md", ".mdx"} {
			if _, err := os.Stat(filepath.Join(docs, base+ext)); err == nil {
				mirrored++
				break
			}
		}
		return nil
	})
	return total > 0 && mirrored*2 >= total
}

func isPageName(n string) bool {
	l := strings.ToLower(n)
	return strings.HasSuffix(l, ".md") || strings.HasSuffix(l, ".mdx") || strings.HasSuffix(l, ".markdown")
}

// partial reports a file or folder whose name starts with an underscore (Docusaurus and Astro leave those
// out of the site: they are meant to be imported). Hugo's _index.md is not one.
func partial(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, "_") && !strings.EqualFold(part, "_index.md") && !strings.HasPrefix(strings.ToLower(part), "_category") {
			return true
		}
	}
	return false
}

// notFound reports the site's 404 page at the root of the docs folder.
func notFound(rel string) bool {
	l := strings.ToLower(rel)
	return l == "404.md" || l == "404.mdx"
}

// DocsRootFor is the docs folder of a repository whose root is dir, when no folder is given: the named
// preset's (name "" detects one), else "docs". The generator's project may be dir itself or its docs/ or
// website/ folder (a Docusaurus site in website/ reads website/docs); MkDocs' docs_dir is read from
// mkdocs.yml.
func DocsRootFor(name, dir string) string {
	var p *Preset
	at := "."
	switch name {
	case "none":
	case "":
		for _, n := range detectOrder {
			if where, ok := all[n].markerIn(dir); ok {
				p, at = all[n], where
				break
			}
		}
	default:
		if p = all[name]; p != nil {
			if where, ok := p.markerIn(dir); ok {
				at = where
			}
		}
	}
	if p == nil {
		return "docs"
	}
	if p.Name == "mkdocs" {
		if c := readMkdocs(filepath.Join(dir, at)); c != nil && c.docsDir != "" {
			return path.Join(at, c.docsDir)
		}
	}
	return path.Join(at, p.DocsRoot)
}

// markerIn finds one of the preset's markers in dir, or in its docs/ or website/ folder, and says where.
func (p *Preset) markerIn(dir string) (string, bool) {
	for _, at := range []string{".", "docs", "website"} {
		if _, ok := p.marker(filepath.Join(dir, at)); ok {
			return at, true
		}
	}
	return "", false
}

// marker is the first of the preset's markers in dir that its detect check (if any) accepts; a marker with
// a wildcard (mkdocs?*.yml) is each file it matches, sorted.
func (p *Preset) marker(dir string) (string, bool) {
	for _, m := range p.markers {
		cands := []string{filepath.Join(dir, filepath.FromSlash(m))}
		if strings.ContainsAny(m, "*?") {
			cands, _ = filepath.Glob(cands[0])
		}
		for _, marker := range cands {
			if _, err := os.Stat(marker); err == nil && (p.detect == nil || p.detect(marker)) {
				return marker, true
			}
		}
	}
	return "", false
}
