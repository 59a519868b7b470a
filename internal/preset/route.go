package preset

import (
	"path"
	"regexp"
	"strings"
)

// Route is the site route of the page rel (a path relative to the docs folder, forward slashes) as the
// generator serves it, without the site prefix: "/"-rooted, without a trailing slash ("/" for the home
// page); "" when the generator gives the page no route but its path. fm reads one of the page's frontmatter
// fields as text ("" when it is missing). Extensionless links are URLs of the old site: they resolve
// against the route of the page they are written in, and to the page whose route they name. A nil preset,
// and a generator without a route function, take a `slug:` with a slash as the page's route (Docusaurus
// and Hugo write routes that way).
func (p *Preset) Route(rel string, fm func(field string) string) string {
	if p == nil || p.route == nil {
		return slugRoute(rel, fm("slug"))
	}
	return p.route(rel, fm)
}

// slugRoute is the route a `slug:` with a slash gives a page, "" for any other slug.
func slugRoute(rel, s string) string {
	if !strings.Contains(s, "/") {
		return ""
	}
	return joinRoute(path.Dir(rel), s)
}

// joinRoute resolves a route as a URL path is resolved: s as is when it starts with a slash, else against
// the folder dir (relative to the docs folder, "." for its root).
func joinRoute(dir, s string) string {
	if !strings.HasPrefix(s, "/") {
		s = path.Join("/", dir, s)
	}
	return path.Clean(s)
}

// fileRoute is the route of a page served at its path without the extension, an index page at its
// folder's (VitePress, Starlight): guide/index.md → /guide.
func fileRoute(rel string, index ...string) string {
	noExt := strings.TrimSuffix(rel, path.Ext(rel))
	for _, n := range index {
		if path.Base(noExt) == n {
			noExt = path.Dir(noExt)
			break
		}
	}
	return path.Clean("/" + noExt)
}

// docusaurusRoute is a Docusaurus doc's route: a `slug:` starting with a slash as written; else the folder
// (number prefixes removed from each part) joined with the `slug:`, or, without one, the folder itself for
// a category index (index, README, or the folder's own name), else the `id:`, else the file name without
// its number prefix (01-intro.md → intro; `parse_number_prefixes: false` keeps it).
func docusaurusRoute(rel string, fm func(string) string) string {
	dir := path.Dir(rel)
	dirRoute := "/"
	if dir != "." {
		parts := strings.Split(dir, "/")
		for i, s := range parts {
			parts[i] = stripNumberPrefix(s)
		}
		dirRoute = "/" + strings.Join(parts, "/")
	}
	s := fm("slug")
	if strings.HasPrefix(s, "/") {
		return path.Clean(s)
	}
	name := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	if s == "" && categoryIndex(name, dir) {
		return dirRoute
	}
	if s == "" {
		s = fm("id")
	}
	if s == "" {
		s = name
		if fm("parse_number_prefixes") != "false" {
			s = stripNumberPrefix(name)
		}
	}
	return path.Clean(path.Join(dirRoute, s))
}

// categoryIndex reports a Docusaurus category index: a page named index or README, or named as its folder.
func categoryIndex(name, dir string) bool {
	n := strings.ToLower(name)
	return n == "index" || n == "readme" || dir != "." && n == strings.ToLower(path.Base(dir))
}

var (
	numberPrefixRe = regexp.MustCompile(`^\d+\s*[-_.]+\s*([^-_.\s].*)$`)
	// dateOrVersionRe matches names that start like a date or a version (2021-01-31-notes, 1.2.3-changes):
	// Docusaurus keeps their digits.
	dateOrVersionRe = regexp.MustCompile(`^(\d{2,4}[-_.]\d{2}[-_.]\d{2}|\d+[-_.]\d+[-_.]\d+)`)
)

// stripNumberPrefix removes the ordering prefix Docusaurus drops from a file or folder name (01-intro →
// intro, 2. guides → guides).
func stripNumberPrefix(name string) string {
	if dateOrVersionRe.MatchString(name) {
		return name
	}
	if m := numberPrefixRe.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return name
}
