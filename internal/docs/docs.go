package docs

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/atender/atender/internal/preset"
)

// Options are the settings that shape pages (config file `defaults`, `exclude`, `links`, `assets`, …).
type Options struct {
	DefaultStatus   string
	DefaultCategory string
	Exclude         []string // gitignore-style patterns, relative to the docs folder
	SummaryLength   int      // default 200
	MaxFileSize     int64    // default 1 MiB
	LinksBaseURL    string   // prefix of /knowledge/<slug> links; "" keeps them site-relative
	AssetsBaseURL   string   // where relative images are published; "" makes them errors
	Strict          bool     // every warning is an error
	// Rules set diagnostic codes to "error", "warning" or "off" (config file `rules:`).
	Rules map[string]string
	// Slugs is how a slug missing from the frontmatter is derived: "file" (default; the file name, index and
	// README taking their folder's) or "path" (the relative path: guide/variables.md → guide-variables).
	Slugs string
	// SitePrefix is the old site's path prefix of the docs (e.g. "/docs"), stripped from site-path links.
	SitePrefix string
	// Admonitions: "convert" (default; `:::tip Title` … `:::` becomes a block quote with a bold label) or
	// "keep" (sent as written).
	Admonitions string
	// TitleHeading is what to do with a first heading that repeats the frontmatter title: "warn" (default),
	// "strip" (remove it) or "keep" (keep it, silently).
	TitleHeading string
	// Preset names the generator the tree was written for (docusaurus, starlight, mintlify, mkdocs,
	// vitepress, hugo): its defaults apply where these options leave a setting empty. "" detects it from the
	// repository; "none" uses none.
	Preset string
	// Fields maps a frontmatter field of the generator to one of atender's (title, summary, …) or to
	// "ignore"; it extends and overrides the preset's mapping.
	Fields map[string]string
	// RepoURL is the repository's web address (https://github.com/org/repo): links to files of the repository
	// outside the docs folder point at its web view there, at RepoRef (default: the checked-out branch).
	RepoURL string
	RepoRef string

	// set by Load from the preset
	gen          *preset.Preset // the generator (nil: none)
	filter       *preset.Filter
	drafts       bool
	indexNames   []string          // file names that are their folder's page (nil: index, readme, _index)
	folderTitles map[string]string // folder → title from the generator's navigation
	navTitles    map[string]string // page → title from the generator's navigation
	repoRoot     string            // the repository holding the docs folder, for RepoURL
	site         string            // the generator's project folder ("" when unknown)
	aliases      map[string]string // import alias with its slash (@assets/) → its folder, relative to the docs folder
	staticDir    string            // the folder the site serves from its root (Docusaurus static/), relative to the docs folder
	snippets     bool              // MkDocs' `--8<-- "file"` lines are replaced by the file
	mdxMarkdown  bool              // .md pages that use MDX syntax are read as MDX (Docusaurus)
	vueMarkdown  bool              // .md pages are Vue templates: their components are converted (VitePress)
	include      func(from, target string) ([]byte, error)

	// htmlFromPageURL: the generator serves page.md as page/ (MkDocs' directory URLs) and leaves relative
	// URLs in raw HTML, and links that name no page file, to the browser: they are relative to that folder.
	htmlFromPageURL bool
	postURLs        map[string]string // a blog's posts folder → the folder its posts are served as (see preset.BlogPostURLs)
	generated       map[string]string // a page whose content a plugin generates → what generates it
	templateField   string            // the field that names the template a page is rendered from (MkDocs `template:`, VitePress `layout:`)
	linkField       string            // the field that sends a page's sidebar entry to another site (Mintlify `url:`)
	hugoBuild       bool              // Hugo's build options (`build: {render: never}`, cascaded) leave pages out
}

// Page is one article as it would be sent.
type Page struct {
	Path        string   `json:"path"` // relative to the docs folder, forward slashes
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Summary     string   `json:"summary"`
	Category    string   `json:"category"`              // category slug
	Subcategory string   `json:"subcategory,omitempty"` // subcategory slug
	Tags        []string `json:"tags"`                  // tag names as written
	Keywords    []string `json:"keywords"`
	Status      string   `json:"status"`
	Content     string   `json:"-"`
	// Sources says where fallbacks came from: "frontmatter", "heading", "filename", "folder", "paragraph",
	// "description", "default".
	Sources map[string]string `json:"sources"`
}

// Category is a category or subcategory the tree uses.
type Category struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	SortOrder   *int   `json:"sortOrder,omitempty"`
	Parent      string `json:"parent,omitempty"` // category slug, for subcategories
	// Explicit is set when a _category.yml gave the values; only then does sync update a remote category.
	Explicit bool   `json:"explicit"`
	Path     string `json:"path,omitempty"` // the folder, when it came from one
}

// Tree is a loaded docs folder.
type Tree struct {
	Root          string
	Pages         []*Page
	Categories    []*Category
	Subcategories []*Category
	Diagnostics   []Diagnostic
	Files         int // pages read (left-out ones not counted)
	Skipped       int // pages left out: the sum of LeftOut
	// LeftOut counts the pages that are not articles, by reason: "sync: false", "excluded" (.atenderignore or
	// exclude), "empty section page", and what the tree's generator does not publish ("partial", "snippet",
	// "404 page", "locale", "draft", …).
	LeftOut map[string]int
	// Preset is the generator preset the tree was read with ("" for none); PresetFrom says how it was
	// chosen: "config" or the marker file it was detected from.
	Preset, PresetFrom string
	// Converted counts generator constructs turned into Markdown, by converter; Components counts the
	// components that had no converter (warned about), by name.
	Converted, Components map[string]int
	// Held are the slugs of pages left out that still stand for their article (`sync: false`, a draft its
	// generator does not publish, a page left out by a rule such as `empty-body: off`): their articles are
	// left alone, never pruned and never updated.
	Held []string

	// context for Evaluate
	opts  Options
	links *linkIndex
	cats  map[string]*Category
}

// Evaluate derives the page that content would give as the file rel of this tree (links resolved against
// the tree as it is now). Conflict detection uses it on earlier versions of a file from Git. It returns nil
// when that content has errors.
func (t *Tree) Evaluate(rel string, content []byte) *Page {
	p := parseContent(&parsed{rel: rel}, content, t.opts)
	if p.page == nil || p.skip {
		return nil
	}
	var ds diags
	resolveCategory(p, t.opts, copyCats(t.cats), &ds)
	if p.page.Slug == "" {
		return nil
	}
	if !analyzeBody(context.Background(), p, t.opts, &ds) {
		return nil
	}
	rewrite(p, t.Root, t.opts, t.links, &ds)
	for _, d := range applyRules(append(ds, p.diags...), t.opts.Rules, false) {
		// A link that today's tree cannot resolve (its target was deleted or renamed since) does not make an
		// earlier version unreadable: conflict detection ignores link destinations anyway.
		if d.Severity == SevError && !linkCodes[d.Code] {
			return nil
		}
	}
	return p.page
}

// linkCodes are the diagnostics about where a link or image points.
var linkCodes = map[Code]bool{"broken-link": true, "broken-image": true, "excluded-link": true, "outside-link": true,
	"site-link": true, "site-image": true, "relative-asset": true, "unrewritable-link": true}

// Reasons a page is left out that are not its generator's.
const (
	ReasonSyncFalse   = "sync: false"
	ReasonExcluded    = "excluded"
	ReasonSection     = "empty section page"
	ReasonEmpty       = "empty page"         // no text at all, under a generator that publishes it with its title alone
	ReasonAPIPage     = "OpenAPI page"       // no text of its own: the generator renders it from the operation it names
	ReasonGenerated   = "generated index"    // its content is written by a plugin (an MkDocs blog's list of posts)
	ReasonTemplate    = "template page"      // no text of its own: rendered from the template it names (a redirect)
	ReasonLinkPage    = "external link page" // no text of its own: its sidebar entry links to another site (Mintlify `url:`)
	ReasonNotRendered = "not rendered"       // Hugo's build options: shown inside other pages, never at a URL of its own
	// ReasonComponents is a page whose body is only components without text (an interactive widget).
	ReasonComponents = "component-only page"
)

// addCounts adds the counts of add to m (made when needed).
func addCounts(m, add map[string]int) map[string]int {
	for k, v := range add {
		if m == nil {
			m = map[string]int{}
		}
		m[k] += v
	}
	return m
}

// leave counts one page left out.
func (t *Tree) leave(reason string) {
	if t.LeftOut == nil {
		t.LeftOut = map[string]int{}
	}
	t.LeftOut[reason]++
	t.Skipped++
}

// Read is the number of pages found: articles, pages with errors, and pages left out.
func (t *Tree) Read() int { return t.Files + t.Skipped }

// Errors counts error diagnostics.
func (t *Tree) Errors() int { return t.count(SevError) }

// Warnings counts warning diagnostics.
func (t *Tree) Warnings() int { return t.count(SevWarning) }

func (t *Tree) count(s Severity) int {
	n := 0
	for _, d := range t.Diagnostics {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Load reads the tree under root. It returns an error only when root cannot be read at all; everything
// wrong inside the tree is a Diagnostic.
func Load(root string, o Options) (*Tree, error) {
	return LoadContext(context.Background(), root, o)
}

// check refuses option values that no configuration can mean (config validates them first; this guards
// other callers).
func (o *Options) check() error {
	for _, c := range []struct {
		name, v string
		ok      []string
	}{
		{"slugs", o.Slugs, []string{"", "file", "path"}},
		{"markdown.admonitions", o.Admonitions, []string{"", "convert", "keep"}},
		{"markdown.titleHeading", o.TitleHeading, []string{"", "warn", "strip", "keep"}},
	} {
		if !slices.Contains(c.ok, c.v) {
			return fmt.Errorf("%s: %q is not one of %s", c.name, c.v, strings.Join(c.ok[1:], ", "))
		}
	}
	return checkFields(o.Fields)
}
