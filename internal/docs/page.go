package docs

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/slug"
)

type parsed struct {
	rel    string
	page   *Page
	doc    *markdown.Doc
	body   []byte
	line0  int // body line offset: body line n is file line line0+n
	skip   bool
	held   string // for sync: false, the slug the page would have (see heldSlug)
	diags  diags
	slugAt [2]int
	fields map[string]field
	// dropTitle says the title heading is removed from the body.
	dropTitle bool
	foreign   []field
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
			p.skip, p.held = true, heldSlug(p)
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
