package docs

import (
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/findup"
	"github.com/atender/atender/internal/preset"
)

// usePreset resolves the tree's generator preset (named in o, or detected from the repository) and fills
// the options it has defaults for, where o leaves them empty: slug scheme, site prefix, rules, field
// mapping, repository address. It also reads the generator's navigation metadata.
func usePreset(root string, o *Options, t *Tree) error {
	var p *preset.Preset
	site := ""
	switch name := strings.ToLower(strings.TrimSpace(o.Preset)); name {
	case "none":
	case "":
		if d := preset.Detect(root); d != nil {
			p, site = d.Preset, d.Site
			t.PresetFrom = d.Marker
			if rel, err := filepath.Rel(absDir(root), d.Marker); err == nil {
				t.PresetFrom = filepath.ToSlash(rel)
			}
		}
	default:
		var err error
		if p, err = preset.Get(name); err != nil {
			return err
		}
		site, t.PresetFrom = p.Site(root), "config"
	}
	o.repoRoot = repoRoot(root)
	docs := absDir(root) // the generator's files are named from site, an absolute path
	o.gen, o.filter = p, p.Filter(site, docs)
	o.site = site
	if p == nil {
		o.include = o.includer(root) // MDX includes are read with or without a preset
		return nil
	}
	t.Preset = p.Name
	if o.repoRoot == "" {
		o.repoRoot = site // a tree outside Git: the generator's project folder stands for the repository
	}
	if o.Slugs == "" && t.PresetFrom == "config" {
		// Slugs are public URLs: a detected preset never changes how they are made (a tree synced before
		// detection existed keeps its articles); naming the preset takes its scheme.
		o.Slugs = p.Slugs
	}
	if o.SitePrefix == "" {
		o.SitePrefix = p.SitePrefixFor(site)
	}
	if o.RepoURL == "" {
		o.RepoURL = p.RepoURL(site)
	}
	o.Rules = under(p.RulesFor(site), o.Rules)
	o.Fields = under(p.Fields, o.Fields)
	o.drafts = p.Drafts
	o.indexNames = p.Index
	o.snippets = p.Name == "mkdocs"
	o.mdxMarkdown = p.Name == "docusaurus"
	o.vueMarkdown = p.Name == "vitepress"
	o.aliases = relAliases(docs, p.Aliases(site))
	if p.StaticDir != "" && site != "" {
		if rel, err := filepath.Rel(docs, filepath.Join(site, p.StaticDir)); err == nil {
			o.staticDir = filepath.ToSlash(rel)
		}
	}
	o.include = o.includer(root)
	o.generated = p.GeneratedIndexes(site, docs)
	o.htmlFromPageURL = p.HTMLFromPageURL(site)
	o.postURLs = p.BlogPostURLs(site, docs)
	o.templateField = map[string]string{"mkdocs": "template", "vitepress": "layout"}[p.Name]
	o.linkField = map[string]string{"mintlify": "url"}[p.Name]
	o.hugoBuild = p.Name == "hugo"
	nav, err := p.Nav(site, docs)
	if err != nil {
		return fmt.Errorf("reading the %s navigation: %w", p.Title, err)
	}
	o.folderTitles, o.navTitles = nav.Folders, nav.Pages
	return nil
}

// under returns base overridden by top, without changing either.
func under(base, top map[string]string) map[string]string {
	if len(base) == 0 {
		return top
	}
	out := maps.Clone(base)
	maps.Copy(out, top)
	return out
}

// repoRoot is the nearest folder at or above root with a .git (a folder, or a worktree's file), "" when
// there is none.
func repoRoot(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	return findup.RepoRoot(abs)
}

// absDir is dir made absolute with its symlinks resolved (as the walk and detection see it).
func absDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// relAliases makes the folders of a generator's import aliases relative to the docs folder docs.
func relAliases(docs string, abs map[string]string) map[string]string {
	if len(abs) == 0 {
		return nil
	}
	out := make(map[string]string, len(abs))
	for k, dir := range abs {
		if rel, err := filepath.Rel(docs, dir); err == nil {
			out[k] = filepath.ToSlash(rel)
		}
	}
	return out
}

// unalias is target with its import alias replaced by the alias' folder, relative to the docs folder
// (`@assets/x.png` → `../../assets/x.png`), the longest alias first; ok is false when target uses none.
func (o *Options) unalias(target string) (rel string, ok bool) {
	best := ""
	for k := range o.aliases {
		if strings.HasPrefix(target, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return "", false
	}
	return path.Join(o.aliases[best], strings.TrimPrefix(target, best)), true
}
