package docs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/slug"
	ignore "github.com/sabhiram/go-gitignore"
	yaml "go.yaml.in/yaml/v3"
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
	Files         int // Markdown files read (skipped ones not counted)
	Skipped       int // files with sync: false or ignored

	// context for Evaluate
	opts   Options
	byPath map[string]*parsed
	allMD  map[string]bool
	cats   map[string]*Category
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
	rewrite(p, t.Root, t.opts, t.byPath, t.allMD, &ds)
	for _, d := range append(ds, p.diags...) {
		if d.Severity == SevError {
			return nil
		}
	}
	return p.page
}

func copyCats(m map[string]*Category) map[string]*Category {
	out := make(map[string]*Category, len(m))
	for k, v := range m {
		c := *v
		out[k] = &c
	}
	return out
}

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

// Fields atender reads from frontmatter.
var knownFields = []string{"title", "slug", "summary", "category", "subcategory", "tags", "keywords", "status", "sync"}

// Fields of other tools, ignored; each is reported once per tree.
var foreignFields = map[string]string{
	"id": "Docusaurus", "sidebar_position": "Docusaurus", "sidebar_label": "Docusaurus", "sidebar_class_name": "Docusaurus",
	"hide_title": "Docusaurus", "hide_table_of_contents": "Docusaurus", "displayed_sidebar": "Docusaurus", "pagination_label": "Docusaurus",
	"weight": "Hugo", "linkTitle": "Hugo", "menu": "Hugo", "aliases": "Hugo", "date": "Hugo/Jekyll", "lastmod": "Hugo",
	"draft": "Hugo", "toc": "Hugo", "layout": "Hugo/Jekyll", "categories": "Hugo", "params": "Hugo", "publishDate": "Hugo",
	"expirydate": "Hugo", "url": "Hugo", "type": "Hugo", "outputs": "Hugo", "build": "Hugo", "cascade": "Hugo",
	"permalink": "Jekyll", "nav_order": "Just the Docs", "parent": "Just the Docs", "author": "", "image": "",
}

type fileEntry struct {
	rel string
	abs string
}

type parsed struct {
	rel    string
	page   *Page
	doc    *markdown.Doc
	body   []byte
	line0  int // body line offset: body line n is file line line0+n
	skip   bool
	diags  diags
	slugAt [2]int
	fields map[string]field
	// dropTitle says the title heading is removed from the body.
	dropTitle bool
	foreign   []field
}

// Load reads the tree under root. It returns an error only when root cannot be read at all; everything
// wrong inside the tree is a Diagnostic.
func Load(root string, o Options) (*Tree, error) {
	if o.SummaryLength <= 0 {
		o.SummaryLength = 200
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = 1 << 20
	}
	if o.DefaultStatus == "" {
		o.DefaultStatus = facts.StatusDraft
	}
	st, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("docs folder %s does not exist: pass the folder that holds your Markdown files (or set `path` in .atender.yaml)", root)
		}
		return nil, fmt.Errorf("docs folder %s: %w", root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is a file; pass the folder that holds your Markdown files", root)
	}
	t := &Tree{Root: root}
	var ds diags
	if !facts.ValidStatus(o.DefaultStatus) {
		ds.errorf(".atender.yaml", 1, 1, "defaults.status %q is not a status: use %s", o.DefaultStatus, strings.Join(facts.Statuses, ", "))
	}
	files, catFiles, allMD := walk(root, o, &ds, t)
	t.Files = len(files)

	// Parse in parallel: reading and goldmark dominate, and files are independent.
	results := make([]*parsed, len(files))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = parseFile(files[i], o)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	reportForeign(results, &ds)
	cats := loadCategoryFiles(root, catFiles, &ds)
	bySlug := map[string]*parsed{}
	byPath := map[string]*parsed{}
	for _, p := range results {
		ds = append(ds, p.diags...)
		p.diags = nil
		if p.skip {
			t.Skipped++
			t.Files--
			continue
		}
		if p.page == nil {
			continue
		}
		byPath[p.rel] = p
		resolveCategory(p, o, cats, &ds)
		if p.page.Slug == "" {
			continue
		}
		if prev, dup := bySlug[p.page.Slug]; dup {
			const hint = "slugs are public URLs and must be unique: set a different `slug:` in one of them"
			ds.errorf(p.rel, p.slugAt[0], p.slugAt[1], "duplicate slug %q: %s has it too; %s", p.page.Slug, prev.rel, hint)
			ds.errorf(prev.rel, prev.slugAt[0], prev.slugAt[1], "duplicate slug %q: %s has it too; %s", p.page.Slug, p.rel, hint)
			continue
		}
		bySlug[p.page.Slug] = p
	}

	// Links need every slug, so they are rewritten in a second pass.
	ok := make([]*parsed, 0, len(byPath))
	for _, p := range results {
		if byPath[p.rel] == p {
			ok = append(ok, p)
		}
	}
	linkDiags := make([]diags, len(ok))
	jobs = make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rewrite(ok[i], root, o, byPath, allMD, &linkDiags[i])
			}
		}()
	}
	for i := range ok {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i, p := range ok {
		ds = append(ds, linkDiags[i]...)
		if strings.TrimSpace(p.page.Content) == "" {
			ds.errorf(p.rel, p.line0+1, 1, "empty body: the article has a title but no content; write the article below the frontmatter")
		}
		p.doc, p.body = nil, nil
		t.Pages = append(t.Pages, p.page)
	}
	// Categories and subcategories the pages use, in a stable order.
	usedCat, usedSub := map[string]bool{}, map[string]bool{}
	for _, pg := range t.Pages {
		usedCat[pg.Category] = true
		if pg.Subcategory != "" {
			usedSub[pg.Category+"/"+pg.Subcategory] = true
		}
	}
	keys := make([]string, 0, len(cats))
	for k := range cats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := cats[k]
		if c.Parent == "" && usedCat[c.Slug] {
			t.Categories = append(t.Categories, c)
		} else if c.Parent != "" && usedSub[c.Parent+"/"+c.Slug] {
			t.Subcategories = append(t.Subcategories, c)
		}
	}
	if o.Strict {
		for i := range ds {
			if ds[i].Severity == SevWarning {
				ds[i].Severity = SevError
				ds[i].Message += " (--strict)"
			}
		}
	}
	sortDiags(ds)
	t.Diagnostics = ds
	t.opts, t.byPath, t.allMD, t.cats = o, byPath, allMD, cats
	return t, nil
}

// reportForeign warns once per tree about each field of another tool (Docusaurus, Hugo, …), at its first
// use: a warning per file would bury the real problems of a migrated tree.
func reportForeign(results []*parsed, ds *diags) {
	type first struct {
		rel       string
		line, col int
		n         int
	}
	seen := map[string]*first{}
	var order []string
	for _, p := range results {
		for _, fd := range p.foreign {
			if f, ok := seen[fd.Key]; ok {
				f.n++
				continue
			}
			seen[fd.Key] = &first{p.rel, fd.Line, fd.Col, 1}
			order = append(order, fd.Key)
		}
	}
	for _, k := range order {
		f := seen[k]
		tool := foreignFields[k]
		if tool != "" {
			tool = " (" + tool + ")"
		}
		ds.warnf(f.rel, f.line, f.col, "field `%s`%s is ignored by atender; %d file(s) in the tree use it", k, tool, f.n)
	}
}

// walk lists the Markdown files and _category.yml files in a deterministic order.
func walk(root string, o Options, ds *diags, t *Tree) (files []fileEntry, catFiles map[string]string, allMD map[string]bool) {
	catFiles, allMD = map[string]string{}, map[string]bool{}
	var ign *ignore.GitIgnore
	if b, err := os.ReadFile(filepath.Join(root, ".atenderignore")); err == nil {
		ign = ignore.CompileIgnoreLines(strings.Split(string(b), "\n")...)
	}
	var excl *ignore.GitIgnore
	if len(o.Exclude) > 0 {
		excl = ignore.CompileIgnoreLines(o.Exclude...)
	}
	ignored := func(rel string, dir bool) bool {
		cand := rel
		if dir {
			cand += "/"
		}
		return ign != nil && (ign.MatchesPath(cand) || ign.MatchesPath(rel)) || excl != nil && (excl.MatchesPath(cand) || excl.MatchesPath(rel))
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	realRoot, _ = filepath.Abs(realRoot)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			ds.errorf(rel, 1, 1, "cannot read: %v (check its permissions)", errors.Unwrap(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if strings.HasPrefix(name, ".") || name == "node_modules" || ignored(rel, true) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				ds.warnf(rel, 1, 1, "symlink cannot be followed (%v); skipped", errors.Unwrap(err))
				return nil
			}
			abs, _ := filepath.Abs(target)
			if abs != realRoot && !strings.HasPrefix(abs, realRoot+string(filepath.Separator)) {
				ds.warnf(rel, 1, 1, "symlink points outside the docs folder (%s); not followed", target)
				return nil
			}
			fi, err := os.Stat(p)
			if err != nil {
				return nil
			}
			if fi.IsDir() {
				ds.warnf(rel, 1, 1, "symlinked folder not followed (its target is inside the docs folder and is read there)")
				return nil
			}
		}
		lower := strings.ToLower(name)
		if lower == "_category.yml" || lower == "_category.yaml" {
			catFiles[path.Dir(rel)] = p
			return nil
		}
		if !strings.HasSuffix(lower, ".md") && !strings.HasSuffix(lower, ".markdown") {
			return nil
		}
		allMD[rel] = true
		if ignored(rel, false) {
			t.Skipped++
			return nil
		}
		files = append(files, fileEntry{rel: rel, abs: p})
		return nil
	})
	return files, catFiles, allMD
}

func parseFile(f fileEntry, o Options) *parsed {
	p := &parsed{rel: f.rel}
	ds := &p.diags
	fi, err := os.Stat(f.abs)
	if err != nil {
		ds.errorf(f.rel, 1, 1, "cannot read: %v", errors.Unwrap(err))
		return p
	}
	if fi.Size() > o.MaxFileSize {
		ds.errorf(f.rel, 1, 1, "file is %d bytes, over the limit of %d (max-file-size in .atender.yaml); split the article", fi.Size(), o.MaxFileSize)
		return p
	}
	raw, err := os.ReadFile(f.abs)
	if err != nil {
		ds.errorf(f.rel, 1, 1, "cannot read: %v (check its permissions)", errors.Unwrap(err))
		return p
	}
	return parseContent(p, raw, o)
}

// parseContent derives the page of one file from its bytes (the file on disk, or an earlier version of it
// from Git).
func parseContent(p *parsed, raw []byte, o Options) *parsed {
	ds := &p.diags
	f := fileEntry{rel: p.rel}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		line, col := lineCol(raw, i)
		ds.errorf(f.rel, line, col, "contains a NUL byte: this looks like a binary file, not Markdown")
		return p
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(raw) {
		i := firstInvalid(raw)
		line, col := lineCol(raw, i)
		ds.errorf(f.rel, line, col, "not valid UTF-8: re-save the file as UTF-8")
		return p
	}
	if bytes.Contains(raw, []byte("\r")) {
		raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		ds.errorf(f.rel, 1, 1, "empty file: write the article, or delete the file")
		return p
	}
	fm, ok := splitFrontmatter(f.rel, raw, ds)
	if !ok {
		return p
	}
	pg := &Page{Path: f.rel, Sources: map[string]string{}, Tags: []string{}, Keywords: []string{}}
	p.fields = map[string]field{}
	for _, fd := range fm.fields {
		if prev, dup := p.fields[fd.Key]; dup {
			ds.errorf(f.rel, fd.Line, fd.Col, "field `%s` appears twice (also on line %d)", fd.Key, prev.Line)
			continue
		}
		p.fields[fd.Key] = fd
	}
	str := func(key string) (string, bool) {
		fd, ok := p.fields[key]
		if !ok {
			return "", false
		}
		s, ok := asString(fd.Value)
		if !ok {
			ds.errorf(f.rel, fd.Line, fd.Col, "field `%s` must be a string, got %s", key, typeName(fd.Value))
			return "", false
		}
		s = strings.TrimSpace(s)
		return s, s != ""
	}
	// sync: false leaves the file out entirely.
	if fd, ok := p.fields["sync"]; ok {
		b, ok := asBool(fd.Value)
		if !ok {
			ds.errorf(f.rel, fd.Line, fd.Col, "field `sync` must be true or false, got %s", typeName(fd.Value))
		} else if !b {
			p.skip = true
			return p
		}
	}
	for _, fd := range fm.fields {
		if isKnown(fd.Key) || fd.Key == "description" {
			continue
		}
		if _, foreign := foreignFields[fd.Key]; foreign {
			p.foreign = append(p.foreign, fd)
			continue
		}
		if s := suggest(fd.Key); s != "" {
			ds.warnf(f.rel, fd.Line, fd.Col, "unknown field `%s` is ignored: did you mean `%s`?", fd.Key, s)
		} else {
			ds.warnf(f.rel, fd.Line, fd.Col, "unknown field `%s` is ignored (atender reads %s)", fd.Key, strings.Join(knownFields, ", "))
		}
	}
	for _, k := range []string{"tags", "keywords"} {
		fd, ok := p.fields[k]
		if !ok {
			continue
		}
		list, ok := asList(fd.Value)
		if !ok {
			ds.errorf(f.rel, fd.Line, fd.Col, "field `%s` must be a list of strings or a comma-separated string, got %s", k, typeName(fd.Value))
			continue
		}
		if k == "tags" {
			for _, tg := range list {
				if slug.Make(tg) == "" {
					ds.errorf(f.rel, fd.Line, fd.Col, "tag %q has no letter or digit to make a tag slug from", tg)
				}
			}
			pg.Tags = list
		} else {
			pg.Keywords = list
		}
	}
	pg.Status = o.DefaultStatus
	pg.Sources["status"] = "default"
	if s, ok := str("status"); ok {
		fd := p.fields["status"]
		if !facts.ValidStatus(s) {
			ds.errorf(f.rel, fd.Line, fd.Col, "status %q is not one of %s", s, strings.Join(facts.Statuses, ", "))
		}
		pg.Status, pg.Sources["status"] = s, "frontmatter"
	}

	body := raw[fm.bodyOffset:]
	p.body = body
	p.line0 = fm.bodyLine - 1
	p.doc = markdown.Analyze(body)
	// title ← frontmatter ← the first # heading (then removed from the body) ← filename
	base := strings.TrimSuffix(path.Base(f.rel), path.Ext(f.rel))
	if s, ok := str("title"); ok {
		pg.Title, pg.Sources["title"] = s, "frontmatter"
		// A heading that repeats the title shows twice, since Atender shows the title itself. It is the
		// author's text, so it is reported, not removed.
		if p.doc.Title != "" && strings.EqualFold(p.doc.Title, s) {
			ds.warnf(f.rel, p.line0+p.doc.TitleLine, 1, "the heading %q repeats the title; Atender shows the title above the article, so it will appear twice (remove the heading, or the `title:` field)", p.doc.Title)
		}
	} else if p.doc.Title != "" {
		pg.Title, pg.Sources["title"] = p.doc.Title, "heading"
		p.dropTitle = true
	} else {
		pg.Title, pg.Sources["title"] = humanize(base), "filename"
	}
	// slug ← frontmatter ← filename (index/README take their folder's name)
	if s, ok := str("slug"); ok {
		fd := p.fields["slug"]
		p.slugAt = [2]int{fd.Line, fd.Col}
		if !slug.Valid(s) {
			sugg := slug.Make(s)
			hint := ""
			if sugg != "" {
				hint = fmt.Sprintf(" (e.g. %q)", sugg)
			}
			ds.errorf(f.rel, fd.Line, fd.Col, "slug %q is not valid: use lowercase a–z, 0–9 and single hyphens%s; it is the article's public URL, so atender never changes it for you", s, hint)
		} else {
			pg.Slug, pg.Sources["slug"] = s, "frontmatter"
		}
	} else {
		name := base
		switch strings.ToLower(base) {
		case "index", "readme", "_index":
			if dir := path.Dir(f.rel); dir != "." {
				name = path.Base(dir)
			}
		}
		p.slugAt = [2]int{1, 1}
		pg.Slug, pg.Sources["slug"] = slug.Make(name), "filename"
		if pg.Slug == "" {
			ds.errorf(f.rel, 1, 1, "cannot derive a slug from the file name %q: set `slug:` in the frontmatter", path.Base(f.rel))
		}
	}
	// summary ← frontmatter ← description (Docusaurus/Hugo) ← first paragraph
	if fd, present := p.fields["summary"]; present {
		// An explicit summary, even an empty one, is the author's choice (and what `kb pull` writes).
		s, _ := str("summary")
		if _, isStr := asString(fd.Value); isStr {
			pg.Summary, pg.Sources["summary"] = s, "frontmatter"
		}
	} else if s, ok := str("description"); ok {
		pg.Summary, pg.Sources["summary"] = s, "description"
	} else if p.doc.FirstParagraph != "" {
		pg.Summary, pg.Sources["summary"] = markdown.Summary(p.doc.FirstParagraph, o.SummaryLength), "paragraph"
	}
	if s, ok := str("category"); ok {
		pg.Category, pg.Sources["category"] = s, "frontmatter"
	}
	if s, ok := str("subcategory"); ok {
		pg.Subcategory, pg.Sources["subcategory"] = s, "frontmatter"
	}
	p.page = pg
	return p
}

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
			ds.errorf(p.rel, fd.Line, fd.Col, "category %q has no letter or digit to make a slug from", name)
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
		pg.Category, pg.Sources["category"] = folderCategory(dirs[0], dirs[0], "", cats), "folder"
		if pg.Subcategory == "" && len(dirs) > 1 {
			pg.Subcategory, pg.Sources["subcategory"] = folderCategory(dirs[1], dirs[0]+"/"+dirs[1], pg.Category, cats), "folder"
			return
		}
	case o.DefaultCategory != "":
		pg.Category, pg.Sources["category"] = slug.Make(o.DefaultCategory), "default"
		if _, ok := cats[pg.Category]; !ok {
			cats[pg.Category] = &Category{Slug: pg.Category, Title: o.DefaultCategory}
		}
	default:
		ds.errorf(p.rel, 1, 1, "no category: a file at the root of the docs folder needs `category:` in its frontmatter (or set defaults.category in .atender.yaml, or move it into a category folder)")
	}
	if pg.Subcategory != "" && pg.Sources["subcategory"] == "frontmatter" {
		name := pg.Subcategory
		pg.Subcategory = slug.Make(name)
		key := pg.Category + "/" + pg.Subcategory
		if _, ok := cats[key]; !ok && pg.Subcategory != "" {
			cats[key] = &Category{Slug: pg.Subcategory, Title: name, Parent: pg.Category}
		}
	}
}

// folderCategory returns the slug of the (sub)category of a folder, registering it on first use.
func folderCategory(name, dir, parent string, cats map[string]*Category) string {
	for _, c := range cats {
		if c.Path == dir {
			return c.Slug
		}
	}
	sl := slug.Make(name)
	key := sl
	if parent != "" {
		key = parent + "/" + sl
	}
	if c, ok := cats[key]; ok {
		if c.Path == "" {
			c.Path = dir
		}
		return sl
	}
	cats[key] = &Category{Slug: sl, Title: humanize(name), Parent: parent, Path: dir}
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
		if dir == "." || len(parts) > 2 {
			ds.warnf(rel, 1, 1, "_category.yml is read only in first- and second-level folders (categories and subcategories); ignored here")
			continue
		}
		b, err := os.ReadFile(files[dir])
		if err != nil {
			ds.errorf(rel, 1, 1, "cannot read: %v", err)
			continue
		}
		var cf categoryFile
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&cf); err != nil && !errors.Is(err, io.EOF) {
			line := 1
			if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
				fmt.Sscan(m[1], &line)
			}
			ds.errorf(rel, line, 1, "invalid _category.yml: %s (fields: title, slug, description, sortOrder)", strings.TrimPrefix(err.Error(), "yaml: "))
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
				ds.errorf(rel, 1, 1, "slug %q is not valid: use lowercase a–z, 0–9 and single hyphens", *cf.Slug)
			} else {
				c.Slug = *cf.Slug
			}
		}
		if cf.Title != nil {
			c.Title = *cf.Title
		}
		if cf.Description != nil {
			c.Description = *cf.Description
		}
		c.SortOrder = cf.SortOrder
		key := c.Slug
		if parent != "" {
			key = parent + "/" + c.Slug
		}
		cats[key] = c
	}
	return cats
}

func isKnown(k string) bool {
	for _, f := range knownFields {
		if f == k {
			return true
		}
	}
	return false
}

// suggest returns the known field closest to k, when it is a likely typo.
func suggest(k string) string {
	best, bestD := "", 3
	lk := strings.ToLower(k)
	for _, f := range knownFields {
		if d := levenshtein(lk, f); d < bestD && d <= max(1, len(f)/3) {
			best, bestD = f, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// humanize turns a file or folder name into a title: "getting-started" → "Getting started".
func humanize(name string) string {
	s := strings.NewReplacer("-", " ", "_", " ").Replace(name)
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return name
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

func lineCol(b []byte, off int) (int, int) {
	before := b[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
