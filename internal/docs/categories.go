package docs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/atender/atender/internal/safefile"
	"github.com/atender/atender/internal/slug"
	yaml "go.yaml.in/yaml/v3"
)

// resolveCategory applies category ← frontmatter ← first folder, subcategory ← frontmatter ← second folder.
func resolveCategory(p *parsed, o Options, cats map[string]*Category, ds *diags) {
	pg := p.page
	dirs := strings.Split(path.Dir(p.rel), "/")
	if dirs[0] == "." {
		dirs = nil
	}
	fd := p.fields["category"]
	switch {
	case pg.Category != "":
		name := pg.Category
		pg.Category = slug.Make(name)
		if pg.Category == "" {
			ds.errorf("invalid-category", p.rel, fd.Line, fd.Col, "category %q has no letter or digit to make a slug from", name)
			pg.Category = ""
			break
		}
		if _, ok := cats[pg.Category]; !ok {
			title := name
			if slug.Valid(name) {
				title = humanize(name)
			}
			cats[pg.Category] = &Category{Slug: pg.Category, Title: title}
		}
	case len(dirs) > 0:
		pg.Category, pg.Sources["category"] = folderCategory(dirs[0], dirs[0], "", cats, o.folderTitles), "folder"
		if pg.Subcategory == "" && len(dirs) > 1 {
			pg.Subcategory, pg.Sources["subcategory"] = folderCategory(dirs[1], dirs[0]+"/"+dirs[1], pg.Category, cats, o.folderTitles), "folder"
			return
		}
	case o.DefaultCategory != "":
		pg.Category, pg.Sources["category"] = slug.Make(o.DefaultCategory), "default"
		if _, ok := cats[pg.Category]; !ok {
			cats[pg.Category] = &Category{Slug: pg.Category, Title: o.DefaultCategory}
		}
	case o.gen != nil:
		ds.errorf("no-category", p.rel, 1, 1, "no category: a page at the root of the docs folder needs one; for a %s tree set `defaults: {category: Docs}` in .atender.yaml (moving the file would change its URL on the %s site), or `category:` in this page's frontmatter", o.gen.Title, o.gen.Title)
	default:
		ds.errorf("no-category", p.rel, 1, 1, "no category: a file at the root of the docs folder needs `category:` in its frontmatter (or set defaults.category in .atender.yaml, or move it into a category folder)")
	}
	if pg.Subcategory != "" && pg.Sources["subcategory"] == "frontmatter" {
		name := pg.Subcategory
		pg.Subcategory = slug.Make(name)
		key := catKey(pg.Category, pg.Subcategory)
		if _, ok := cats[key]; !ok && pg.Subcategory != "" {
			cats[key] = &Category{Slug: pg.Subcategory, Title: name, Parent: pg.Category}
		}
	}
}

// catKey is the key of a category (parent "") or of a subcategory of parent in the map of a tree's
// categories: a subcategory's slug is unique only within its category.
func catKey(parent, sl string) string {
	if parent == "" {
		return sl
	}
	return slug.Sub(parent, sl).String()
}

// folderCategory returns the slug of the (sub)category of a folder, registering it on first use, titled as
// the generator's navigation titles the folder (navTitles), else after the folder's name.
func folderCategory(name, dir, parent string, cats map[string]*Category, navTitles map[string]string) string {
	for _, c := range cats {
		if c.Path == dir {
			return c.Slug
		}
	}
	sl := slug.Make(name)
	key := catKey(parent, sl)
	if c, ok := cats[key]; ok {
		if c.Path == "" {
			c.Path = dir
		}
		return sl
	}
	title := navTitles[dir]
	if title == "" {
		title = humanize(name)
	}
	cats[key] = &Category{Slug: sl, Title: title, Parent: parent, Path: dir}
	return sl
}

type categoryFile struct {
	Title       *string `yaml:"title"`
	Slug        *string `yaml:"slug"`
	Description *string `yaml:"description"`
	SortOrder   *int    `yaml:"sortOrder"`
}

// loadCategoryFiles reads _category.yml files of the first two folder levels.
func loadCategoryFiles(root string, files map[string]string, ds *diags) map[string]*Category {
	cats := map[string]*Category{}
	dirs := make([]string, 0, len(files))
	for d := range files {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs) // parents before children
	for _, dir := range dirs {
		rel := dir + "/" + path.Base(filepath.ToSlash(files[dir]))
		parts := strings.Split(dir, "/")
		docusaurus := isDocusaurusCategory(path.Base(rel))
		if dir == "." || len(parts) > 2 {
			if !docusaurus { // Docusaurus names every sidebar folder; only two levels are Atender's
				ds.warnf("category-file", rel, 1, 1, "_category.yml is read only in first- and second-level folders (categories and subcategories); ignored here")
			}
			continue
		}
		b, err := safefile.Read(files[dir], maxSmallFile)
		var nr *safefile.NotRegularError
		var tl *safefile.TooLargeError
		switch {
		case errors.As(err, &nr): // replaced since the walk
			ds.warnf("not-regular", rel, 1, 1, "not a regular file (%s); skipped", nr.Kind)
			continue
		case errors.As(err, &tl):
			ds.errorf("file-too-large", rel, 1, 1, "_category.yml is larger than %s; not read", safefile.Size(tl.Limit))
			continue
		case err != nil:
			ds.errorf("unreadable", rel, 1, 1, "cannot read: %v", err)
			continue
		}
		cf, ok := decodeCategoryFile(rel, b, docusaurus, ds)
		if !ok {
			continue
		}
		parent := ""
		if len(parts) == 2 {
			parent = slug.Make(parts[0])
			for _, c := range cats {
				if c.Path == parts[0] {
					parent = c.Slug
				}
			}
		}
		c := &Category{Slug: slug.Make(parts[len(parts)-1]), Title: humanize(parts[len(parts)-1]), Parent: parent, Path: dir, Explicit: true}
		if cf.Slug != nil {
			if !slug.Valid(*cf.Slug) {
				ds.errorf("category-file-invalid", rel, 1, 1, "slug %q is not valid: use lowercase a–z, 0–9 and single hyphens", *cf.Slug)
			} else {
				c.Slug = *cf.Slug
			}
		}
		// Its title and description are sent to Atender and shown by kb ls and the reports, like a page's.
		text := map[string]field{}
		for k, v := range map[string]*string{"title": cf.Title, "description": cf.Description} {
			if v != nil {
				key := k
				if docusaurus {
					key = map[string]string{"title": "label", "description": "description"}[k]
				}
				l, col := keyLine(b, key, 1, `^\s*"?%s"?\s*:`)
				text[k] = field{Key: k, Value: *v, Line: l, Col: col}
			}
		}
		checkControl("category-file-invalid", rel, text, ds)
		if cf.Title != nil {
			c.Title = *cf.Title
		}
		if cf.Description != nil {
			c.Description = *cf.Description
		}
		c.SortOrder = cf.SortOrder
		cats[catKey(parent, c.Slug)] = c
	}
	return cats
}

func copyCats(m map[string]*Category) map[string]*Category {
	out := make(map[string]*Category, len(m))
	for k, v := range m {
		c := *v
		out[k] = &c
	}
	return out
}

// sectionCategory lets a Hugo section page (an _index.md or index.md of a category or subcategory folder,
// with frontmatter and no text) describe its folder's category, as a _category.yml would. It returns that
// category, or nil when the page is not a section page or the folder already has a _category.yml.
func sectionCategory(p *parsed, cats map[string]*Category) *Category {
	base := strings.ToLower(path.Base(p.rel))
	dir := path.Dir(p.rel)
	if base != "_index.md" && base != "index.md" && base != "index.mdx" || dir == "." || strings.Count(dir, "/") > 1 {
		return nil
	}
	for _, c := range cats {
		if c.Path != dir || c.Explicit {
			continue
		}
		pg := p.page
		if pg.Sources["title"] == "frontmatter" {
			c.Title = pg.Title
		}
		if src := pg.Sources["summary"]; src == "frontmatter" || src == "description" {
			c.Description = pg.Summary
		}
		c.Explicit = true
		return c
	}
	return nil
}

// docusaurusCategory is the part of a Docusaurus _category_.json or _category_.yml atender reads: the
// sidebar label (the category's title), its position (sort order) and the generated index's description.
type docusaurusCategory struct {
	Label    *string  `json:"label" yaml:"label"`
	Position *float64 `json:"position" yaml:"position"`
	Link     *struct {
		Type        *string `json:"type" yaml:"type"`
		Slug        *string `json:"slug" yaml:"slug"`
		Description *string `json:"description" yaml:"description"`
	} `json:"link" yaml:"link"`
}

// decodeDocusaurus reads a _category_.json or _category_.yml (JSON is YAML).
func decodeDocusaurus(b []byte) (docusaurusCategory, error) {
	var dc docusaurusCategory
	err := yaml.Unmarshal(b, &dc)
	return dc, err
}

// readDocusaurusCategory reads a _category_.json (or its YAML form: JSON is YAML) into a categoryFile.
// Fields of Docusaurus' sidebar only (collapsed, className, customProps) mean nothing in Atender.
func readDocusaurusCategory(b []byte) (categoryFile, error) {
	var cf categoryFile
	dc, err := decodeDocusaurus(b)
	if err != nil {
		return cf, err
	}
	cf.Title = dc.Label
	if dc.Position != nil {
		n := int(math.Round(*dc.Position))
		cf.SortOrder = &n
	}
	if dc.Link != nil {
		cf.Description = dc.Link.Description
	}
	return cf, nil
}

// decodeCategoryFile reads a category file: atender's _category.yml (its fields only) or Docusaurus'
// _category_.json / _category_.yml.
func decodeCategoryFile(rel string, b []byte, docusaurus bool, ds *diags) (categoryFile, bool) {
	var cf categoryFile
	var err error
	if docusaurus {
		cf, err = readDocusaurusCategory(b)
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		err = dec.Decode(&cf)
	}
	if docusaurus && err != nil {
		ds.errorf("category-file-invalid", rel, 1, 1, "invalid %s: %s (Docusaurus fields read: label, position, link.description)", path.Base(rel), strings.TrimPrefix(err.Error(), "yaml: "))
		return cf, false
	}
	if err != nil && !errors.Is(err, io.EOF) {
		line := 1
		if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
			fmt.Sscan(m[1], &line)
		}
		ds.errorf("category-file-invalid", rel, line, 1, "invalid _category.yml: %s (fields: title, slug, description, sortOrder)", strings.TrimPrefix(err.Error(), "yaml: "))
		return cf, false
	}
	return cf, true
}
