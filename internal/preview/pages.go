package preview

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"net/url"
	"strings"

	"github.com/atender/atender/internal/facts"
)

//go:embed web
var webFS embed.FS

// CSP is the Content-Security-Policy of every page: scripts and styles only from the preview itself (no
// inline script, whatever the content holds), images from anywhere the content points (assets.baseUrl),
// no plugin, frame or form.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"articles": func(d *pageData, as []*Article) template.HTML {
		var b bytes.Buffer
		writeArticles(&b, d.V, as)
		return template.HTML(b.String()) // writeArticles escapes what it writes
	},
}).ParseFS(webFS, "web/pages.html"))

// view says where the pages are: served (site-absolute paths) or written to disk (paths relative to the
// page, so that the folder opens from disk).
type view struct {
	static bool
	up     string // from the page to the site's root, for static pages: "", "../" or "../../"
}

var served = view{}

func (v view) Home() string {
	if v.static {
		return v.up + "index.html"
	}
	return "/"
}

func (v view) Article(slug string) string {
	if v.static {
		return v.up + "knowledge/" + slug + "/index.html"
	}
	return facts.PublicPath(slug)
}

func (v view) Asset(name string) string {
	if v.static {
		return v.up + "_preview/" + name
	}
	return "/_preview/" + name
}

func (v view) Problems() string {
	if v.static {
		return v.up + "problems/index.html"
	}
	return "/problems"
}

// Link is where an article's page is: its public path, or, for one whose slug an earlier file has, its
// file's page.
func (v view) Link(a *Article) string {
	if a.SlugOf != nil {
		return v.File(a.Page.Path)
	}
	return v.Article(a.Page.Slug)
}

// File is the error page of a file that gives no article. Its name is the escaped path, one path segment
// (a link escapes it once more, as a URL must).
func (v view) File(path string) string {
	if v.static {
		return v.up + "file/" + url.PathEscape(fileName(path))
	}
	return "/file/" + url.PathEscape(path)
}

func (v view) Events() string { return "/_preview/events" }

// fileName is the static file of a file's error page.
func fileName(path string) string { return url.PathEscape(path) + ".html" }

type pageData struct {
	V       view
	Static  bool
	Live    bool
	CSP     string
	Version string
	Title   string
	Site    *Site

	Article     *Article
	Category    string
	Subcategory string
	File        *FileProblems
	Failure     string
	Missing     string

	chrome *chrome // made already for the view, or nil
}

// chrome is what every page of one view of a site has around its own content: the head before its title,
// the frame after it (stylesheet, script, the header bar) and the bottom (the footer). Render makes it once
// per view rather than once per page; a served page makes its own.
type chrome struct {
	head, frame, bottom string
}

// makeChrome renders the chrome of d's view.
func (d *pageData) makeChrome() (*chrome, error) {
	if d.chrome != nil {
		return d.chrome, nil
	}
	c := &chrome{}
	for _, part := range []struct {
		name string
		to   *string
	}{{"head", &c.head}, {"frame", &c.frame}, {"bottom", &c.bottom}} {
		var b bytes.Buffer
		if err := pages.ExecuteTemplate(&b, part.name, d); err != nil {
			return nil, err
		}
		*part.to = b.String()
	}
	d.chrome = c
	return c, nil
}

// Top is the top of a page up to its own content: the head, the page's title, the frame.
func (d *pageData) Top() (template.HTML, error) {
	var b bytes.Buffer
	if err := d.writeTop(&b); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // html/template escaped the chrome, writeText the title
}

// Bottom is the end of a page after its own content: the footer.
func (d *pageData) Bottom() (template.HTML, error) {
	c, err := d.makeChrome()
	if err != nil {
		return "", err
	}
	return template.HTML(c.bottom), nil // html/template escaped it
}

// writeTop writes Top to b.
func (d *pageData) writeTop(b *bytes.Buffer) error {
	c, err := d.makeChrome()
	if err != nil {
		return err
	}
	b.WriteString(c.head)
	b.WriteString("<title>")
	writeText(b, d.Title)
	b.WriteString(" · Help center preview</title>\n")
	b.WriteString(c.frame)
	return nil
}

func (s *Site) data(v view, title string) *pageData {
	return &pageData{V: v, Static: v.static, CSP: CSP, Title: title, Site: s}
}

// writeHome writes the home page.
func (s *Site) writeHome(w io.Writer, d *pageData) error {
	return pages.ExecuteTemplate(w, "home", d)
}

func (s *Site) writeProblems(w io.Writer, d *pageData) error {
	d.Title = "Problems"
	return pages.ExecuteTemplate(w, "problems", d)
}

func (s *Site) writeFile(w io.Writer, d *pageData, fp *FileProblems) error {
	d.File, d.Title = fp, fp.Path
	return pages.ExecuteTemplate(w, "file", d)
}

// sectionTitles are the titles of an article's category and subcategory, for its breadcrumb.
func (s *Site) sectionTitles(a *Article) (string, string) {
	for _, c := range s.Sections {
		if c.Slug != a.Page.Category {
			continue
		}
		for _, sub := range c.Subsections {
			if sub.Slug == a.Page.Subcategory {
				return c.Title, sub.Title
			}
		}
		return c.Title, ""
	}
	return a.Page.Category, a.Page.Subcategory
}

// file finds the problems of a file by its path.
func (s *Site) file(path string) *FileProblems {
	for _, fp := range s.Problems {
		if fp.Path == path {
			return fp
		}
	}
	return nil
}

// trimSlash is a request path without its trailing slashes.
func trimSlash(p string) string { return strings.TrimRight(p, "/") }
