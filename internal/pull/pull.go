// Package pull writes a Knowledge Base as a docs tree that kb sync reads back unchanged: a folder per
// category and subcategory with _category.yml, one file per article named after its slug, frontmatter with
// every field, and the stored content as the body.
package pull

import (
	"bytes"
	"path"
	"sort"

	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
	yaml "go.yaml.in/yaml/v3"
)

// Options filter what is pulled.
type Options struct {
	Statuses   []string // empty: every status, archived included
	Categories []string // category slugs; empty: all
	// LinksBaseURL is links.baseUrl: links to /knowledge/<slug> under it (or site-relative when "") are
	// what kb sync makes of links between files, so they become relative .md paths again.
	LinksBaseURL string
}

// File is one file to write, relative to the target folder.
type File struct {
	Path    string
	Content []byte
	Slug    string // articles only
}

// Tree is what a pull writes.
type Tree struct {
	Files    []File
	Articles int
	Warnings []string
	// NotPulled names the articles left out because they cannot become a file ("slug (id)"): no known
	// category, or a slug that is not a safe file name. The warnings say why.
	NotPulled []string
}

// frontmatter fields in the order an author reads them. summary is always written, even empty, so that an
// empty remote summary does not come back as the first paragraph.
type frontmatter struct {
	Title       string   `yaml:"title"`
	Slug        string   `yaml:"slug"`
	Summary     string   `yaml:"summary"`
	Category    string   `yaml:"category"`
	Subcategory string   `yaml:"subcategory,omitempty"`
	Tags        []string `yaml:"tags,omitempty"`
	Keywords    []string `yaml:"keywords,omitempty"`
	Status      string   `yaml:"status"`
}

type categoryFile struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description,omitempty"`
	SortOrder   int    `yaml:"sortOrder"`
}

// Build lays out the remote inventory as files.
func Build(r *inventory.Remote, o Options) *Tree {
	ix := inventory.NewIndex(r)
	t := &Tree{}
	wantStatus := set(o.Statuses)
	wantCat := set(o.Categories)
	usedCat, usedSub := map[string]*kb.Category{}, map[slug.SubKey]*kb.Subcategory{}
	var picked []*kb.Article
	where := map[string]string{} // slug → file path, of the articles pulled
	arts := append([]kb.Article(nil), r.Articles...)
	sort.Slice(arts, func(i, j int) bool { return arts[i].Slug < arts[j].Slug })
	for i := range arts {
		a := &arts[i]
		if len(wantStatus) > 0 && !wantStatus[a.Status] {
			continue
		}
		cat := ix.CatByID[a.CategoryID]
		if cat == nil {
			t.Warnings = append(t.Warnings, "article "+a.ID+" ("+a.Slug+") has no known category; not pulled")
			t.NotPulled = append(t.NotPulled, a.Slug+" ("+a.ID+")")
			continue
		}
		if len(wantCat) > 0 && !wantCat[cat.Slug] {
			continue
		}
		if !slug.Valid(a.Slug) || !slug.Valid(cat.Slug) {
			t.Warnings = append(t.Warnings, "article "+a.ID+" has a slug atender cannot use as a file name ("+cat.Slug+"/"+a.Slug+"); not pulled")
			t.NotPulled = append(t.NotPulled, a.Slug+" ("+a.ID+")")
			continue
		}
		dir := cat.Slug
		usedCat[cat.Slug] = cat
		if sub := ix.SubByID[a.SubcategoryID]; sub != nil && slug.Valid(sub.Slug) {
			dir = path.Join(dir, sub.Slug)
			usedSub[slug.Sub(cat.Slug, sub.Slug)] = sub
		}
		picked = append(picked, a)
		where[a.Slug] = path.Join(dir, a.Slug+".md")
		t.Articles++
	}
	// Links between pulled articles become relative .md paths, as an author writes them; kb sync turns
	// them back into exactly the links Atender holds. Images and other links stay as they are.
	for _, a := range picked {
		p := where[a.Slug]
		t.Files = append(t.Files, File{Path: p, Content: render(a, ix, Relink(a.Content, p, where, o.LinksBaseURL)), Slug: a.Slug})
	}
	for s, c := range usedCat {
		b, _ := yaml.Marshal(categoryFile{Title: c.Title, Description: c.Description, SortOrder: c.SortOrder})
		t.Files = append(t.Files, File{Path: path.Join(s, "_category.yml"), Content: b})
	}
	for k, c := range usedSub {
		b, _ := yaml.Marshal(categoryFile{Title: c.Title, Description: c.Description, SortOrder: c.SortOrder})
		t.Files = append(t.Files, File{Path: path.Join(k.Category, k.Sub, "_category.yml"), Content: b})
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Path < t.Files[j].Path })
	return t
}

// Article renders one remote article as a file's content (frontmatter and body).
func Article(a *kb.Article, ix *inventory.Index) []byte { return render(a, ix, a.Content) }

func render(a *kb.Article, ix *inventory.Index, content string) []byte {
	fm := frontmatter{Title: a.Title, Slug: a.Slug, Summary: a.Summary, Keywords: a.Keywords, Status: a.Status}
	if c := ix.CatByID[a.CategoryID]; c != nil {
		fm.Category = c.Slug
	}
	if s := ix.SubByID[a.SubcategoryID]; s != nil {
		fm.Subcategory = s.Slug
	}
	for _, id := range a.TagIDs {
		// The name when it maps back to the same slug (sync matches tags by slug), else the slug.
		if tg := ix.TagByID[id]; tg != nil {
			if slug.Make(tg.Name) == tg.Slug {
				fm.Tags = append(fm.Tags, tg.Name)
			} else {
				fm.Tags = append(fm.Tags, tg.Slug)
			}
		}
	}
	return Render(fm, content)
}

// Render joins frontmatter and body.
func Render(fm frontmatter, content string) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	enc.Encode(fm)
	enc.Close()
	b.WriteString("---\n")
	b.WriteString(content)
	if len(content) > 0 && content[len(content)-1] != '\n' {
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		if x != "" {
			m[x] = true
		}
	}
	return m
}
