package preview

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// An article's page is written without a template: its text must come out as html/template writes the same
// string in an element and in <title>, byte for byte, hostile or broken input included.
func TestTextIsEscapedAsTheTemplatesEscapeIt(t *testing.T) {
	oracle := template.Must(template.New("t").Parse(`<p>{{.}}</p><title>{{.}}</title>`))
	for _, s := range []string{
		"", "plain title", `<script>alert("x")</script>`, `a & b's "c" + d > e < f`, "nul\x00byte",
		"caf\xc3\xa9 \xff\xfe broken", "\ufdd0\uffff non-characters", "&amp; already escaped", "🙂 <b>bold</b>",
		"javascript:alert(1)", "`backtick` = equal",
	} {
		var want, got bytes.Buffer
		if err := oracle.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		got.WriteString("<p>")
		writeText(&got, s)
		got.WriteString("</p><title>")
		writeText(&got, s)
		got.WriteString("</title>")
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got.String(), want.String())
		}
	}
}

// The home page's links are written without a template too: an href must come out as html/template writes
// the same string in a URL attribute (scheme filter, percent-encoding, attribute escaping).
func TestURLIsEscapedAsTheTemplatesEscapeIt(t *testing.T) {
	oracle := template.Must(template.New("t").Parse(`<a href="{{.}}">x</a>`))
	for _, s := range []string{
		"", "/", "../../index.html", "/knowledge/refunds", "knowledge/a-b_c.d~e/index.html#steps", "file/guide%252Fa%20b.md.html",
		"javascript:alert(1)", "JavaScript:x", "vbscript:x", "data:text/html,x", "https://example.com/a?b=1&c=2", "mailto:a@b.c",
		"knowledge/a:b/index.html", "a b/ü/\x00/<\"'>+", "%zz%4", "100%", "%41%4a", "caf\xc3\xa9 \xff",
	} {
		var want, got bytes.Buffer
		if err := oracle.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		got.WriteString(`<a href="`)
		writeURL(&got, s)
		got.WriteString(`">x</a>`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got.String(), want.String())
		}
	}
}

// What an author writes in frontmatter is shown as text on the article's page and the home page, never as
// markup.
func TestArticleFrontmatterIsText(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"guides/_category.yml": "title: Guides <i>&</i> more\n",
		"guides/hostile.md":    "---\ntitle: \"<script>window.pwned=1</script> & co\"\nsummary: \"It's <b>bold</b> + \\\"quoted\\\"\"\ntags: [\"<img src=x onerror=alert(1)>\", a+b]\n---\nBody.\n",
	})
	_, hs := newTestServer(t, dir)
	code, _, body := get(t, hs.URL+"/knowledge/hostile")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	mustContain(t, "article", body,
		"<title>&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; co · Help center preview</title>",
		"<h1>&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; co </h1>",
		`<p class="lead">It&#39;s &lt;b&gt;bold&lt;/b&gt; &#43; &#34;quoted&#34;</p>`,
		"<li>&lt;img src=x onerror=alert(1)&gt;</li><li>a&#43;b</li>",
		`›</span> Guides &lt;i&gt;&amp;&lt;/i&gt; more</nav>`)
	mustLack(t, "article", body, "<script>window", "<b>bold", "<img src=x", "<i>&")
	_, _, home := get(t, hs.URL+"/")
	mustContain(t, "home", home,
		`<li data-search="&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; co it&#39;s &lt;b&gt;bold&lt;/b&gt; &#43; &#34;quoted&#34; &lt;img src=x onerror=alert(1)&gt; a&#43;b"><a href="/knowledge/hostile"><span class="a-title">&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; co</span>`)
	mustLack(t, "home", home, "<script>window", "<b>bold", "<img src=x")
	if strings.Count(body, "<title>") != 1 || !strings.HasSuffix(body, "</html>\n") {
		t.Errorf("the page is not one whole document:\n%s", body)
	}
}
