// Package preview shows a docs tree as readers of the help center will see it after a sync: a home page of
// categories and articles, one page per article at its public path, the tree's problems in place. The
// pages come from the tree that sync sends (after conversion and link rewriting); the preview renders that
// Markdown, it never reads the files itself. Server serves them live; Render writes them as static files.
package preview

import (
	"cmp"
	"slices"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/redact"
	"github.com/atender/atender/internal/slug"
)

// Status is how an article compares with the Knowledge Base, in the remote view.
type Status string

// The statuses of the remote view; "" means offline (not compared).
const (
	StatusNew       Status = "new"
	StatusChanged   Status = "changed"
	StatusUnchanged Status = "unchanged"
	StatusConflict  Status = "conflict"
)

// Remote is the remote view of one article: its status and, for a changed one, the unified diff of what
// sync would change.
type Remote struct {
	Status Status
	Diff   string
	Note   string // why, for a conflict
}

// Options shape the site: where article links of the content point and the remote comparison.
type Options struct {
	// LinksBaseURL is the prefix sync puts before /knowledge/<slug> in links between articles (config
	// links.baseUrl); such links are sent to the preview's own pages.
	LinksBaseURL string
	// Remote, when set, gives the remote view of each article by slug.
	Remote map[string]Remote
	// RemoteBase names the KB compared with, for the header.
	RemoteBase string
	// Secrets, when set, are masked in every page Render writes (an article quoting the user's own key);
	// Written.Masked names each page that had one.
	Secrets *redact.Redactor
}

// Site is a tree arranged for reading.
type Site struct {
	Root     string
	Sections []*Section
	Articles []*Article          // in home-page order
	BySlug   map[string]*Article // articles by slug
	Failed   []*FileProblems     // files with problems that give no article
	// SlugTaken are the articles whose slug an earlier file has (see Article.SlugOf), in path order.
	SlugTaken []*Article
	Problems  []*FileProblems // every file with a diagnostic, in path order
	Errors    int
	Warnings  int
	opts      Options
	known     map[string]bool // slugs with a page here
}

// Section is a category (or, as a child, a subcategory) with its articles.
type Section struct {
	Slug        string
	Title       string
	Description string
	Articles    []*Article
	Subsections []*Section
	order       *int
}

// Article is one page as it will be published.
type Article struct {
	Page     *docs.Page
	Errors   []docs.Diagnostic
	Warnings []docs.Diagnostic
	Remote   Remote
	// SlugOf is the article that has this one's slug already, when two files give the same slug (an error
	// of both): the page at /knowledge/<slug> is that first one's, and this one is shown at its file's page
	// instead of being written over it.
	SlugOf *Article
}

// FileProblems are the diagnostics of one file.
type FileProblems struct {
	Path        string
	Article     *Article // nil when the file gives no article
	Diagnostics []docs.Diagnostic
}

// Build arranges a loaded tree: categories in their sort order (then title), subcategories below them,
// articles in the tree's order.
func Build(t *docs.Tree, o Options) *Site {
	s := &Site{Root: t.Root, BySlug: make(map[string]*Article, len(t.Pages)), opts: o, known: make(map[string]bool, len(t.Pages))}
	byPath := map[string]*FileProblems{}
	for _, d := range t.Diagnostics {
		fp := byPath[d.Path]
		if fp == nil {
			fp = &FileProblems{Path: d.Path}
			byPath[d.Path] = fp
			s.Problems = append(s.Problems, fp)
		}
		fp.Diagnostics = append(fp.Diagnostics, d)
		switch d.Severity {
		case docs.SevError:
			s.Errors++
		case docs.SevWarning:
			s.Warnings++
		}
	}
	slices.SortStableFunc(s.Problems, func(a, b *FileProblems) int { return strings.Compare(a.Path, b.Path) })

	cats := map[string]*Section{}
	subs := map[slug.SubKey]*Section{}
	for _, c := range t.Categories {
		cats[c.Slug] = &Section{Slug: c.Slug, Title: c.Title, Description: c.Description, order: c.SortOrder}
	}
	for _, c := range t.Subcategories {
		subs[slug.Sub(c.Parent, c.Slug)] = &Section{Slug: c.Slug, Title: c.Title, Description: c.Description, order: c.SortOrder}
	}
	for _, pg := range t.Pages {
		a := &Article{Page: pg, Remote: o.Remote[pg.Slug]}
		if fp := byPath[pg.Path]; fp != nil {
			fp.Article = a
			for _, d := range fp.Diagnostics {
				if d.Severity == docs.SevError {
					a.Errors = append(a.Errors, d)
				} else if d.Severity == docs.SevWarning {
					a.Warnings = append(a.Warnings, d)
				}
			}
		}
		if first := s.BySlug[pg.Slug]; first != nil {
			a.SlugOf = first
		} else {
			s.BySlug[pg.Slug] = a
		}
		s.known[pg.Slug] = true
		sec := section(cats, pg.Category, pg.Category, nil)
		if pg.Subcategory != "" {
			sub := section(subs, slug.Sub(pg.Category, pg.Subcategory), pg.Subcategory, sec)
			sub.Articles = append(sub.Articles, a)
		} else {
			sec.Articles = append(sec.Articles, a)
		}
	}
	for _, fp := range s.Problems {
		if fp.Article == nil {
			s.Failed = append(s.Failed, fp)
		} else if fp.Article.SlugOf != nil {
			s.SlugTaken = append(s.SlugTaken, fp.Article)
		}
	}
	for _, c := range cats {
		if len(c.Articles) > 0 || len(c.Subsections) > 0 {
			s.Sections = append(s.Sections, c)
		}
	}
	sortSections(s.Sections)
	for _, c := range s.Sections {
		sortSections(c.Subsections)
		s.Articles = append(s.Articles, c.Articles...)
		for _, sub := range c.Subsections {
			s.Articles = append(s.Articles, sub.Articles...)
		}
	}
	return s
}

// section finds or makes the section of key; a new subsection joins parent.
func section[K comparable](m map[K]*Section, key K, sl string, parent *Section) *Section {
	sec := m[key]
	if sec == nil {
		sec = &Section{Slug: sl, Title: sl}
		m[key] = sec
	}
	if parent != nil && !slices.Contains(parent.Subsections, sec) {
		parent.Subsections = append(parent.Subsections, sec)
	}
	return sec
}

// sortSections orders by sortOrder (those without one last), then title, then slug.
func sortSections(ss []*Section) {
	slices.SortStableFunc(ss, func(a, b *Section) int {
		switch {
		case a.order != nil && b.order != nil && *a.order != *b.order:
			return cmp.Compare(*a.order, *b.order)
		case (a.order == nil) != (b.order == nil):
			if a.order != nil {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.Slug, b.Slug))
	})
}

// articleSlug returns the slug of an article link of the content (facts.PublicPath, with or without the
// links base URL, in any form a browser follows to the page), and the rest (fragment or query); ok is false
// for any other destination or a slug the site has no page for.
func (s *Site) articleSlug(dest string) (sl, rest string, ok bool) {
	sl, rest, ok = slug.FromLink(dest, slug.LinkRules{BaseURL: s.opts.LinksBaseURL, AlsoBare: true, Lenient: true})
	if !ok || !s.known[sl] {
		return "", "", false
	}
	return sl, rest, true
}

// RemoteBase is the KB the articles were compared with ("" offline).
func (s *Site) RemoteBase() string { return s.opts.RemoteBase }
