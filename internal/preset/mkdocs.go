package preset

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"
	yaml "go.yaml.in/yaml/v3"
)

// MkDocs (mkdocs.org), Material for MkDocs included: mkdocs.yml beside docs/ (or its docs_dir); every
// Markdown file there is published but those exclude_docs names; `nav:` titles the pages and sections of the
// sidebar; `status:` in frontmatter is a page badge of Material, not an article status.
var _ = register(&Preset{
	Name: "mkdocs", Title: "MkDocs",
	DocsRoot: "docs", Slugs: "path",
	markers: []string{"mkdocs.yml", "mkdocs.yaml", "mkdocs?*.yml", "mkdocs?*.yaml"},
	detect:  isMkdocsConfig,
	// MkDocs builds with a broken link or image and warns (validation.links.not_found: warn): so does
	// atender (pages generated at build time, such as a CLI reference, are not in the repository).
	// A missing snippet is no error either (pymdownx.snippets' check_paths is off by default).
	// The blog plugin's `slug:` may hold dots (mkdocs-2.0): a valid Atender slug is made from it, with a warning.
	Rules: map[string]string{"broken-link": "warning", "broken-image": "warning", "include": "warning", "invalid-slug": "warning", "empty-body": "warning"},
	Fields: ignoring("status", "template", "icon", "hide", "search", "subtitle", "render_macros", "comments",
		"social", "robots"),
	Converters: []string{"admonitions", "tabs", "icons", "heading-attrs", "includes", "code-meta", "components"},
	unpublished: func(f *Filter, rel string, dir bool) string {
		if f.exclude != nil && f.exclude(rel, dir) {
			return "exclude_docs"
		}
		return ""
	},
	nav: mkdocsNav,
	// A page is served at its path without the extension, index.md and README.md at their folder's; with
	// directory URLs (the default) as a folder: setup/x.md is setup/x/.
	route: func(rel string, _ func(string) string) string { return fileRoute(rel, "index", "README") },
})

// mkdocsConfig is the part of mkdocs.yml atender reads. The file is read as YAML nodes: its values carry
// Python tags (!!python/name:…) that no plain decoder accepts.
type mkdocsConfig struct {
	file    string
	docsDir string
	exclude string
	repoURL string
	nav     *yaml.Node
	// dirURLs is use_directory_urls (default true): page.md is served as page/, so a relative URL in raw
	// HTML, which MkDocs leaves to the browser, is relative to that folder.
	dirURLs bool
	// blogs are the blog plugin instances (their folders relative to docs_dir).
	blogs []mkdocsBlog
	// siteURL, siteName: the config sets site_url, site_name (a config that builds a site, not a fragment)
	siteURL, siteName bool
}

// readMkdocs reads the site's MkDocs config: mkdocs.yml (or .yaml), else, for a site built with
// `mkdocs build -f mkdocs-online.yml`, the first mkdocs*.yml that sets site_url (or site_name), with what
// it INHERITs. nil when there is none.
func readMkdocs(site string) *mkdocsConfig {
	var fallback *mkdocsConfig
	for _, file := range mkdocsFiles(site) {
		c := readMkdocsFile(file, 0)
		switch {
		case c == nil:
		case filepath.Base(file) == "mkdocs.yml" || filepath.Base(file) == "mkdocs.yaml" || c.siteURL:
			return c
		case fallback == nil && c.siteName:
			fallback = c
		}
	}
	return fallback
}

// isMkdocsConfig accepts mkdocs.yml, and another mkdocs*.yml that sets site_url or site_name (with what it
// INHERITs).
func isMkdocsConfig(marker string) bool {
	if b := filepath.Base(marker); b == "mkdocs.yml" || b == "mkdocs.yaml" {
		return true
	}
	c := readMkdocsFile(marker, 0)
	return c != nil && (c.siteURL || c.siteName)
}

// mkdocsFiles lists the MkDocs configs of a folder: mkdocs.yml and mkdocs.yaml first, then the other
// mkdocs*.yml and mkdocs*.yaml, sorted.
func mkdocsFiles(site string) []string {
	out := []string{filepath.Join(site, "mkdocs.yml"), filepath.Join(site, "mkdocs.yaml")}
	for _, pat := range []string{"mkdocs?*.yml", "mkdocs?*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(site, pat))
		out = append(out, m...)
	}
	return out
}

// maxInherit bounds a chain of INHERITed MkDocs configs.
const maxInherit = 4

// readMkdocsFile reads one MkDocs config over the one it INHERITs (a path relative to it): its settings
// override the parent's, and the blog plugins of both count.
func readMkdocsFile(file string, depth int) *mkdocsConfig {
	b, err := os.ReadFile(file)
	if err != nil || len(b) > maxConfig {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0]
	c := &mkdocsConfig{docsDir: "docs", dirURLs: true}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k, v := m.Content[i].Value, m.Content[i+1]; k == "INHERIT" && depth < maxInherit {
			if parent := readMkdocsFile(filepath.Join(filepath.Dir(file), filepath.FromSlash(v.Value)), depth+1); parent != nil {
				c = parent
			}
		}
	}
	c.file = file
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i].Value, m.Content[i+1]
		switch k {
		case "docs_dir":
			c.docsDir = v.Value
		case "exclude_docs":
			c.exclude = v.Value
		case "repo_url":
			c.repoURL = v.Value
		case "nav":
			c.nav = v
		case "use_directory_urls":
			c.dirURLs = v.Value != "false"
		case "plugins":
			c.blogs = append(c.blogs, blogDirs(v)...)
		case "site_url":
			c.siteURL = true
		case "site_name":
			c.siteName = true
		}
	}
	return c
}

// RepoURL is the repository web address the generator's config names (MkDocs' repo_url), "" when none.
func (p *Preset) RepoURL(site string) string {
	if p == nil || p.Name != "mkdocs" || site == "" {
		return ""
	}
	if c := readMkdocs(site); c != nil {
		return c.repoURL
	}
	return ""
}

// mkdocsBlog is one instance of Material's blog plugin: its folder, its posts' folder, and the folder a post
// is served as relative to the blog's (post_url_format "{date}/{slug}" with post_url_date_format
// "yyyy/MM/dd": yyyy/MM/dd/post; the names are placeholders, only the depth matters).
type mkdocsBlog struct {
	dir, postDir, served string
}

// blogDirs reads each blog plugin in `plugins:` (a list of names or of one-key mappings, or a mapping):
// Material's blog plugin ("blog", "material/blog"; default blog_dir: blog, post_dir: {blog}/posts).
func blogDirs(plugins *yaml.Node) []mkdocsBlog {
	var out []mkdocsBlog
	add := func(name string, conf *yaml.Node) {
		if name != "blog" && name != "material/blog" {
			return
		}
		dir, postDir, format, dateFormat, enabled := "blog", "{blog}/posts", "{date}/{slug}", "yyyy/MM/dd", true
		if conf != nil && conf.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(conf.Content); i += 2 {
				switch k, v := conf.Content[i].Value, conf.Content[i+1]; k {
				case "blog_dir":
					dir = v.Value
				case "post_dir":
					postDir = v.Value
				case "post_url_format":
					format = v.Value
				case "post_url_date_format":
					dateFormat = v.Value
				case "enabled":
					enabled = v.Value != "false"
				}
			}
		}
		if enabled {
			dir = navPath(dir)
			served := strings.NewReplacer("{date}", dateFormat, "{slug}", "post", "{file}", "post", "{categories}", "category").Replace(format)
			out = append(out, mkdocsBlog{dir: dir, postDir: navPath(strings.ReplaceAll(postDir, "{blog}", dir)), served: strings.Trim(served, "/")})
		}
	}
	pairs := func(m *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			add(m.Content[i].Value, m.Content[i+1])
		}
	}
	switch plugins.Kind {
	case yaml.MappingNode:
		pairs(plugins)
	case yaml.SequenceNode:
		for _, it := range plugins.Content {
			if it.Kind == yaml.ScalarNode {
				add(it.Value, nil)
			} else if it.Kind == yaml.MappingNode {
				pairs(it)
			}
		}
	}
	return out
}

// HTMLFromPageURL reports that relative URLs in a page's raw HTML are relative to the page's URL, a folder
// named after the page (MkDocs' use_directory_urls: guide/setup.md is served as guide/setup/), not to the
// file's folder: the generator rewrites the links and images of Markdown, never those of raw HTML.
func (p *Preset) HTMLFromPageURL(site string) bool {
	if p == nil || p.Name != "mkdocs" || site == "" {
		return false
	}
	c := readMkdocs(site)
	return c != nil && c.dirURLs
}

// BlogPostURLs maps the posts folder of each MkDocs blog (post_dir, default blog_dir/posts, relative to the
// docs folder) to the folder a post is served as, relative to the docs folder: Material serves a post at
// blog_dir/ + post_url_format (default "{date}/{slug}": blog/yyyy/MM/dd/slug/), whatever its file is called,
// so a relative URL in its raw HTML (../../../../images/x.png) resolves from there. The date and slug are
// placeholders: only how deep the folder is matters to such a URL.
func (p *Preset) BlogPostURLs(site, docs string) map[string]string {
	if p == nil || p.Name != "mkdocs" || site == "" {
		return nil
	}
	c := readMkdocs(site)
	if c == nil || !c.dirURLs {
		return nil
	}
	out := map[string]string{}
	docsRel := func(d string) (string, bool) { // a folder of docs_dir as a path of the docs folder atender reads
		rel, err := filepath.Rel(docs, filepath.Join(site, c.docsDir, filepath.FromSlash(d)))
		rel = filepath.ToSlash(rel)
		return rel, err == nil && !strings.HasPrefix(rel, "../")
	}
	for _, b := range c.blogs {
		blog, ok1 := docsRel(b.dir)
		posts, ok2 := docsRel(b.postDir)
		if ok1 && ok2 {
			out[posts] = path.Join(blog, b.served)
		}
	}
	return out
}

// GeneratedIndexes maps the pages (relative to the docs folder) whose content a plugin of the generator
// generates to what generates it: the index page of each MkDocs blog (blog_dir/index.md), whose post list
// the blog plugin writes.
func (p *Preset) GeneratedIndexes(site, docs string) map[string]string {
	if p == nil || p.Name != "mkdocs" || site == "" {
		return nil
	}
	c := readMkdocs(site)
	if c == nil {
		return nil
	}
	out := map[string]string{}
	for _, b := range c.blogs {
		// blog_dir is relative to docs_dir; the docs folder atender reads may be another one.
		rel, err := filepath.Rel(docs, filepath.Join(site, c.docsDir, filepath.FromSlash(b.dir), "index.md"))
		if rel = filepath.ToSlash(rel); err != nil || strings.HasPrefix(rel, "../") {
			continue
		}
		out[rel] = "the blog plugin (its list of posts)"
	}
	return out
}

// mkdocsExclude compiles exclude_docs (gitignore patterns relative to docs_dir).
func mkdocsExclude(site string) func(rel string, dir bool) bool {
	c := readMkdocs(site)
	if c == nil || strings.TrimSpace(c.exclude) == "" {
		return nil
	}
	ign := ignore.CompileIgnoreLines(strings.Split(c.exclude, "\n")...)
	return func(rel string, dir bool) bool {
		if dir {
			return ign.MatchesPath(rel + "/")
		}
		return ign.MatchesPath(rel)
	}
}

// mkdocsNav reads `nav:`: `- Title: page.md` titles a page, `- Title: [ … ]` is a section.
func mkdocsNav(site, docs string) (*Nav, error) {
	c := readMkdocs(site)
	if c == nil || c.nav == nil {
		return &Nav{}, nil
	}
	n := &Nav{Source: c.file, Pages: map[string]string{}}
	var secs []section
	var walk func(items *yaml.Node, title string)
	walk = func(items *yaml.Node, title string) {
		if items.Kind != yaml.SequenceNode {
			return
		}
		s := section{title: title}
		for _, it := range items.Content {
			switch it.Kind {
			case yaml.ScalarNode:
				s.pages = append(s.pages, navPath(it.Value))
			case yaml.MappingNode:
				for i := 0; i+1 < len(it.Content); i += 2 {
					t, v := it.Content[i].Value, it.Content[i+1]
					if v.Kind == yaml.SequenceNode {
						walk(v, t)
					} else if v.Kind == yaml.ScalarNode && !strings.Contains(v.Value, "://") {
						p := navPath(v.Value)
						n.Pages[p] = t
						s.pages = append(s.pages, p)
					}
				}
			}
		}
		secs = append(secs, s)
	}
	walk(c.nav, "")
	n.Folders = folderTitles(secs)
	return n, nil
}

func navPath(p string) string { return path.Clean(strings.TrimPrefix(strings.TrimSpace(p), "/")) }
