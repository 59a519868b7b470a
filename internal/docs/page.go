package docs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/preset"
	"github.com/atender/atender/internal/slug"
)

type parsed struct {
	rel  string
	page *Page
	doc  *markdown.Doc
	// body is the Markdown after the frontmatter. For a file on disk it is not kept between the two passes
	// of Load (10,000 pages would hold every file at once): the second pass reads the file again, from abs,
	// and checks that it is the same (size and hash) before using bodyOffset.
	body       []byte
	abs        string
	size       int
	sum        uint64
	bodyOffset int
	line0      int // body line offset: body line n is file line line0+n
	skip       bool
	reason     string // why a skipped page is left out
	// noRender and noRenderBelow: Hugo builds no page of this one, or of those below its folder (see hugoRender)
	noRender, noRenderBelow bool
	route                   string // the page's site route as its generator serves it (see preset.Route), "/"-rooted; "" when none
	held                    string // for sync: false, the slug the page would have (see heldSlug)
	diags                   diags
	slugAt                  [2]int
	fields                  map[string]field
	// navTitle is the page's sidebar label (sidebar_label, sidebar.label, sidebarTitle), a title fallback.
	navTitle string
	// genBy says what the generator renders the page from, when its content is not (all) in the file.
	genBy generatedBy
	// dropTitle says the title heading is removed from the body.
	dropTitle bool
	foreign   []field
	// shift says how far converted admonitions moved each body line's text (see markdown.ConvertAdmonitions).
	shift []int
	// lineMap maps the analysed body's lines to the body's when snippets were included (see fileLine).
	lineMap []int
	// before counts the generator constructs of the source (see constructs); converted and components are
	// what the page's conversion turned into Markdown and the components only warned about.
	before     []int
	converted  map[string]int
	components map[string]int
	// imports counts the MDX import/export paragraphs removed from the body (reported once per tree).
	imports  int
	importAt [2]int
}

// parseContent derives the page of one file from its bytes (the file on disk, or an earlier version of it
// from Git).
func parseContent(p *parsed, raw []byte, o Options) *parsed {
	ds := &p.diags
	f := fileEntry{rel: p.rel}
	if !isText(raw, p.rel, ds) {
		return p
	}
	size := len(raw)
	raw = normalize(raw)
	if len(bytes.TrimSpace(raw)) == 0 {
		ds.errorf("empty-file", f.rel, 1, 1, "empty file: write the article, or delete the file")
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
			ds.errorf("duplicate-field", f.rel, fd.Line, fd.Col, "field `%s` appears twice (also on line %d)", fd.Key, prev.Line)
			continue
		}
		p.fields[fd.Key] = fd
	}
	p.navTitle = sidebarLabel(p.fields)
	p.genBy = generatedFrom(p.rel, p.fields, o) // read before a preset's field mapping ignores the fields
	p.route = o.gen.Route(f.rel, p.text)        // id: and slug: too
	draft := o.drafts && isTrue(p.fields["draft"].Value)
	if o.hugoBuild {
		p.noRender, p.noRenderBelow = hugoRender(p)
	}
	handled := mapFields(p, o.Fields)
	checkControl("frontmatter", f.rel, p.fields, ds)
	str := p.stringField
	if heldBack(p, o, draft) {
		return p
	}
	checkSecrets(f.rel, raw, ds)
	otherFields(p, fm.fields, handled)
	pg.Tags, pg.Keywords = listField(p, "tags", pg.Tags), listField(p, "keywords", pg.Keywords)
	pg.Status = o.DefaultStatus
	pg.Sources["status"] = "default"
	if s, ok := str("status"); ok {
		fd := p.fields["status"]
		if !facts.ValidStatus(s) {
			ds.errorf("invalid-status", f.rel, fd.Line, fd.Col, "status %q is not one of %s", s, strings.Join(facts.Statuses, ", "))
		}
		pg.Status, pg.Sources["status"] = s, "frontmatter"
	}

	p.line0 = fm.bodyLine - 1
	if p.abs == "" {
		p.body = raw[fm.bodyOffset:]
	} else {
		p.size, p.sum, p.bodyOffset = size, maphash.Bytes(hashSeed, raw), fm.bodyOffset
	}
	if s, ok := str("title"); ok {
		pg.Title, pg.Sources["title"] = s, "frontmatter"
	}
	s, ok := str("slug")
	sc := decideSlug(f.rel, s, ok, p.fields["slug"], o)
	p.slugAt, pg.Slug = sc.at, sc.slug
	if sc.source != "" {
		pg.Sources["slug"] = sc.source
	}
	slugProblems(ds, f.rel, sc)
	// summary ← frontmatter ← description (Docusaurus/Hugo) ← first paragraph
	if fd, present := p.fields["summary"]; present {
		// An explicit summary, even an empty one, is the author's choice (and what `kb pull` writes).
		s, _ := str("summary")
		if _, isStr := asString(fd.Value); isStr {
			pg.Summary, pg.Sources["summary"] = s, "frontmatter"
		}
	} else if s, ok := str("description"); ok {
		pg.Summary, pg.Sources["summary"] = s, "description"
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

// isText reports a file that is text (no NUL byte, valid UTF-8), else an error at the first bad byte.
func isText(raw []byte, rel string, ds *diags) bool {
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		line, col := lineCol(raw, i)
		ds.errorf("binary-file", rel, line, col, "contains a NUL byte: this looks like a binary file, not Markdown")
		return false
	}
	if !utf8.Valid(raw) {
		line, col := lineCol(raw, firstInvalid(raw))
		ds.errorf("invalid-utf8", rel, line, col, "not valid UTF-8: re-save the file as UTF-8")
		return false
	}
	return true
}

// text is a frontmatter field as text, trimmed; "" when it is missing or not text.
func (p *parsed) text(key string) string {
	s, _ := asString(p.fields[key].Value)
	return strings.TrimSpace(s)
}

// stringField is a frontmatter string, trimmed; ok is false when it is missing or empty, or (an error) not
// a string.
func (p *parsed) stringField(key string) (string, bool) {
	fd, ok := p.fields[key]
	if !ok {
		return "", false
	}
	s, ok := asString(fd.Value)
	if !ok {
		p.diags.errorf("field-type", p.rel, fd.Line, fd.Col, "field `%s` must be a string, got %s", key, typeName(fd.Value))
		return "", false
	}
	s = strings.TrimSpace(s)
	return s, s != ""
}

// otherFields keeps the fields other generators use (reported per tree) and warns about unknown ones.
func otherFields(p *parsed, fields []field, handled map[string]bool) {
	for _, fd := range fields {
		if handled[fd.Key] || isKnown(fd.Key) || fd.Key == "description" {
			continue
		}
		if _, foreign := foreignFields[fd.Key]; foreign {
			p.foreign = append(p.foreign, fd)
			continue
		}
		if s := suggest(fd.Key); s != "" {
			p.diags.warnf("unknown-field", p.rel, fd.Line, fd.Col, "unknown field `%s` is ignored: did you mean `%s`?", fd.Key, s)
		} else {
			p.diags.warnf("unknown-field", p.rel, fd.Line, fd.Col, "unknown field `%s` is ignored (atender reads %s)", fd.Key, strings.Join(knownFields, ", "))
		}
	}
}

// listField is the list field k (tags or keywords), or def when it is missing or (an error) not a list; a
// tag must make a tag slug.
func listField(p *parsed, k string, def []string) []string {
	fd, ok := p.fields[k]
	if !ok {
		return def
	}
	list, ok := asList(fd.Value)
	if !ok {
		p.diags.errorf("field-type", p.rel, fd.Line, fd.Col, "field `%s` must be a list of strings or a comma-separated string, got %s", k, typeName(fd.Value))
		return def
	}
	if k == "tags" {
		for _, tg := range list {
			if slug.Make(tg) == "" {
				p.diags.errorf("invalid-tag", p.rel, fd.Line, fd.Col, "tag %q has no letter or digit to make a tag slug from", tg)
			}
		}
	}
	return list
}

// slugProblems says what is wrong with the slug decideSlug chose, if anything.
func slugProblems(ds *diags, rel string, sc slugChoice) {
	switch {
	case sc.fixed:
		// `rules: {invalid-slug: warning}`: the user lets atender make a valid slug of another tool's
		// (Hugo's `slug: hugo_build`), and hears which.
		ds.warnf("invalid-slug", rel, sc.at[0], sc.at[1], "slug %q is not valid; %q is used instead", sc.given, sc.slug)
	case sc.given != "":
		sugg, hint, code := slug.Make(sc.given), "", "invalid-slug"
		if sugg != "" {
			hint = fmt.Sprintf(" (e.g. %q)", sugg)
		} else {
			code = "no-slug" // nothing to make a slug of: no rule can let this page through
		}
		ds.errorf(code, rel, sc.at[0], sc.at[1], "slug %q is not valid: use lowercase a–z, 0–9 and single hyphens%s; it is the article's public URL, so atender never changes it for you", sc.given, hint)
	case sc.slug == "":
		ds.errorf("no-slug", rel, 1, 1, "cannot derive a slug from the file name %q: set `slug:` in the frontmatter", path.Base(rel))
	}
}

// heldBack leaves a page out when its frontmatter says `sync: false`, or it is a draft its generator does
// not publish: its article, if any, is left alone in Atender.
func heldBack(p *parsed, o Options, draft bool) bool {
	if fd, ok := p.fields["sync"]; ok {
		b, ok := asBool(fd.Value)
		if !ok {
			p.diags.errorf("field-type", p.rel, fd.Line, fd.Col, "field `sync` must be true or false, got %s", typeName(fd.Value))
		} else if !b {
			p.skip, p.held, p.reason = true, heldSlug(p, o), ReasonSyncFalse
			return true
		}
	}
	if draft {
		p.skip, p.held, p.reason = true, heldSlug(p, o), preset.ReasonDraft
		return true
	}
	return false
}

// analyzeBody parses the body of a page and applies the fallbacks that need it: title ← frontmatter ← the
// first # heading (then removed from the body) ← filename; summary ← … ← first paragraph. Load does this
// in its second pass, one file at a time, so that a goldmark analysis lives only until its page is rendered.
// It reports false when the body cannot be parsed (the page is then left out).
func analyzeBody(ctx context.Context, p *parsed, o Options, ds *diags) bool {
	pg := p.page
	if p.body == nil && p.abs != "" {
		raw, err := os.ReadFile(p.abs)
		if err != nil {
			ds.errorf("unreadable", p.rel, 1, 1, "cannot read: %v (check its permissions)", errors.Unwrap(err))
			return false
		}
		size := len(raw)
		raw = normalize(raw)
		if size != p.size || maphash.Bytes(hashSeed, raw) != p.sum {
			ds.errorf("unreadable", p.rel, 1, 1, "the file changed while atender was reading it; run again")
			return false
		}
		p.body = raw[p.bodyOffset:]
	}
	body, lineMap := inlineSnippets(p, p.body, o, ds)
	p.lineMap = lineMap
	mo := markdown.Options{KeepAdmonitions: o.Admonitions == "keep",
		MDX: strings.EqualFold(path.Ext(p.rel), ".mdx") || o.mdxMarkdown && markdown.LooksLikeMDX(body), Vue: o.vueMarkdown}
	if o.include != nil {
		mo.Include = func(target string) ([]byte, error) { return o.include(p.rel, target) }
	}
	a, err := analyzeBounded(ctx, body, mo)
	if err != nil {
		var ce *markdown.ComplexityError
		var se *markdown.SyntaxError
		switch {
		case errors.As(err, &se):
			ds.errorf("mdx-syntax", p.rel, p.fileLine(se.Line), se.Col, "%s; the page is not sent until its MDX can be read", se.Reason)
		case errors.As(err, &ce):
			ds.errorf("too-complex", p.rel, p.fileLine(ce.Line), 1, "refused to parse: %s; this looks like generated or hostile input, not an article (split or fix the file, or exclude it)", ce.Reason)
		case errors.Is(err, errParseTimeout):
			ds.errorf("too-complex", p.rel, 1, 1, "parsing took longer than %s and was abandoned; the file is too complex to be an article (split or fix it, or exclude it)", parseTimeout)
		}
		return false // or cancelled: Load returns ctx's error
	}
	// What the source held, to count what conversion removed: scanned once the parser has accepted the
	// file, so a refused one (120,000 hostile lines) is not read line by line first.
	p.before = constructs(p.body)
	useConversion(p, a.Result, ds)
	doc := a.Doc
	p.doc, p.body, p.shift = doc, a.Body, a.Shift
	doc.Title = headingAttrs.ReplaceAllString(doc.Title, "") // "Install {#install}" is titled "Install"
	if pg.Sources["title"] == "frontmatter" {
		// A heading that repeats the title shows twice, since Atender shows the title itself. It is the
		// author's text, so by default it is reported, not removed (markdown.titleHeading: strip removes it).
		repeats := doc.Title != "" && strings.EqualFold(doc.Title, pg.Title)
		if repeats && o.TitleHeading == "strip" {
			p.dropTitle = true
		} else if repeats && o.TitleHeading != "keep" {
			ds.warnf("title-heading", p.rel, p.fileLine(doc.TitleLine), 1, "the heading %q repeats the title; Atender shows the title above the article, so it will appear twice (remove the heading or the `title:` field, or set markdown.titleHeading: strip)", doc.Title)
		}
	} else if doc.Title != "" {
		pg.Title, pg.Sources["title"] = doc.Title, "heading"
		p.dropTitle = true
	} else if p.navTitle != "" {
		pg.Title, pg.Sources["title"] = p.navTitle, "sidebar"
	} else if t := o.navTitles[p.rel]; t != "" {
		pg.Title, pg.Sources["title"] = t, "navigation"
	} else {
		pg.Title, pg.Sources["title"] = humanize(strings.TrimSuffix(path.Base(p.rel), path.Ext(p.rel))), "filename"
	}
	if _, ok := pg.Sources["summary"]; !ok && doc.FirstParagraph != "" {
		pg.Summary, pg.Sources["summary"] = markdown.Summary(doc.FirstParagraph, o.SummaryLength), "paragraph"
	}
	return true
}

var hashSeed = maphash.MakeSeed()

// headingAttrs is a heading's trailing attribute list: an id `{#install}`, classes `{ .beta }`, or both.
var headingAttrs = regexp.MustCompile(`\s*\{\s*[#.][^{}]*\}\s*$`)

// normalize strips a byte order mark and turns CRLF and CR line endings into LF.
func normalize(raw []byte) []byte {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if bytes.Contains(raw, []byte("\r")) {
		raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	}
	return raw
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

// parseTimeout bounds the time spent on one file's body (converting admonitions, checking and parsing): a
// backstop behind the linear checks for a hostile construct they do not know. A real 1 MiB article takes
// tens of milliseconds.
var parseTimeout = 10 * time.Second

var errParseTimeout = errors.New("parse timeout")

// analysis is what analyzeBounded makes of a body: the body as parsed (converted), how far each line's text
// moved, the parse, and what was converted.
type analysis struct {
	*markdown.Result
	err error
}

// analyzeBounded runs the Markdown pipeline on body (converters, complexity check, parse), all within one
// budget: it gives up after parseTimeout and returns at once when ctx is done. The conversion and the parse
// stop when given up on, so an abandoned parse frees its memory.
func analyzeBounded(ctx context.Context, body []byte, o markdown.Options) (analysis, error) {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops an abandoned conversion
	done := make(chan analysis, 1)
	o.Parse = analyze // read here: an abandoned parse may outlive the load
	go func() {
		r, err := markdown.Process(cctx, body, o)
		done <- analysis{r, err}
	}()
	t := time.NewTimer(parseTimeout)
	defer t.Stop()
	select {
	case a := <-done:
		if a.err != nil && ctx.Err() != nil {
			return analysis{}, ctx.Err()
		}
		return a, a.err
	case <-t.C:
		return analysis{}, errParseTimeout
	case <-ctx.Done():
		return analysis{}, ctx.Err()
	}
}

// col turns a column of the analysed body (line is the body's, 1-based) into the file's column.
func (p *parsed) col(line, col int) int {
	if line >= 1 && line <= len(p.shift) {
		col -= p.shift[line-1]
	}
	return max(col, 1)
}
