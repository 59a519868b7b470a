package markdown

import (
	"regexp"
	"strings"
)

// Pictures of MDX pages become Markdown images, so that their paths are resolved and rewritten onto
// assets.baseUrl as every other image of the page: <img src alt title> and Astro's <Image>, with a src
// written as a string, as a Docusaurus expression ({require('@site/static/img/x.png').default},
// {useBaseUrl('img/x.png')}, an `@site/static/` path: files served from the site's root), or as the name
// of an imported picture (`import shot from './shot.png'`, then {shot} or Astro's {shot.src}). Mintlify's
// <Frame caption="…"> keeps its picture and shows the caption below it, in italics. Width, height and
// styling are left out.
func init() {
	RegisterElement(ElementConverter{Names: []string{"img", "Image"}, Convert: convertImage}) // counted when converted
	RegisterElement(ElementConverter{Names: []string{"Frame"}, Count: "frames", Convert: convertFrame})
}

// siteExprRe is a Docusaurus expression for a file of the site's static/ folder.
var siteExprRe = regexp.MustCompile(`^(?:useBaseUrl\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)(?:\.default)?)$`)

func convertImage(x *Editor, e *Element) {
	src, ok := imageSource(x, e)
	if !ok {
		return // left as written, with a warning
	}
	if strings.HasPrefix(src, "~/") {
		// an alias of the project's code (Nuxt's, Vite's), no path of the docs (`@/` and tsconfig's aliases are
		// resolved with the page's links)
		x.Warn(e, "jsx", "the picture "+openName(e.Name)+" is "+src+", a path alias of the site's code that atender does not resolve: it is not in the article")
		x.ReplaceElement(e, "")
		return
	}
	alt, title := strings.Join(strings.Fields(e.Open.String("alt")), " "), strings.TrimSpace(e.Open.String("title"))
	md := "![" + escapeText(alt) + "](" + linkDest(src)
	if title != "" {
		md += ` "` + strings.ReplaceAll(title, `"`, `\"`) + `"`
	}
	md += ")"
	if x.inHTML(e) { // inside HTML, Markdown is text: the picture stays HTML
		md = `<img src="` + attrEscape(src) + `" alt="` + attrEscape(alt) + `"`
		if title != "" {
			md += ` title="` + attrEscape(title) + `"`
		}
		md += " />"
	}
	x.Count("images")
	if e.Close != nil { // <Image …></Image>: nothing is shown between the tags
		if strings.TrimSpace(x.Children(e)) != "" {
			x.Warn(e, "jsx", "the text inside "+openName(e.Name)+" is not shown by a picture; it is left out")
		}
		x.ReplaceElement(e, md)
		return
	}
	x.ReplaceOpen(e, md)
}

// imageSource is the path or URL of a picture element, as Markdown writes it. ok is false when it cannot be
// known (the element is then left as written, with a warning).
func imageSource(x *Editor, e *Element) (string, bool) {
	a, has := e.Open.Attr("src")
	if !has || strings.TrimSpace(a.Value) == "" {
		x.Warn(e, "jsx", openName(e.Name)+" has no src: it is left as written")
		return "", false
	}
	if s := e.Open.String("src"); s != "" || !a.Expr {
		return sitePath(strings.TrimSpace(s)), true
	}
	expr := strings.TrimSpace(a.Value)
	if m := siteExprRe.FindStringSubmatch(expr); m != nil {
		if m[1] != "" {
			return "/" + strings.TrimLeft(m[1], "/"), true // useBaseUrl: from the site's root
		}
		if strings.HasPrefix(m[2], "@site/") || strings.HasPrefix(m[2], "./") || strings.HasPrefix(m[2], "../") {
			return sitePath(m[2]), true
		}
	}
	name := strings.TrimSuffix(strings.TrimSuffix(expr, ".src"), ".default")
	if imp, ok := x.Imports()[name]; ok && imp.Name == "" && isPicture(imp.From) {
		return sitePath(imp.From), true
	}
	x.Warn(e, "jsx", "the picture "+openName(e.Name)+" has src={"+short(expr)+"}, which atender cannot resolve: it is left as written (write the path as a string)")
	return "", false
}

// sitePath turns a Docusaurus `@site/static/x` (a file the site serves from its root) into `/x`; other paths
// stay as written.
func sitePath(p string) string {
	if rest, ok := strings.CutPrefix(p, "@site/static/"); ok {
		return "/" + rest
	}
	return p
}

// isPicture reports whether an imported module is a picture file.
func isPicture(from string) bool {
	switch strings.ToLower(from[strings.LastIndexByte(from, '.')+1:]) {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "apng", "bmp", "ico":
		return true
	}
	return false
}

func convertFrame(x *Editor, e *Element) {
	caption := strings.Join(strings.Fields(e.Open.String("caption")), " ")
	switch {
	case caption == "":
		dropTags(x, e)
	case e.Close == nil:
		x.ReplaceOpen(e, "*"+escapeText(caption)+"*")
	default:
		// the caption below the picture, as a paragraph of its own
		x.ReplaceOpen(e, "")
		x.ReplaceClose(e, "\n*"+escapeText(caption)+"*")
	}
}
