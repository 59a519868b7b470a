// Package conflict turns the inputs of a sync into evidence for the planner: which remote articles hold a
// change that none of our inputs explain, i.e. were changed outside this repository (in the Atender editor
// or by another tool) since they were last synced. It sits between the inputs (the docs tree, the
// inventory, the Git history, the record of what this machine sent) and package plan, which takes its
// answer as plan.Options.Edited; nothing rewrites a plan after it is made.
//
// Each field in which the remote differs from the file is judged on its own. It is explained, and so not a
// conflict, when the remote value equals
//   - what the current tree sends, up to link and image destinations the program writes: a destination
//     outside code may differ when the remote one is a destination this tree or a committed version sends,
//     or a link to an article this repository publishes or published (they depend on other files and on
//     settings, never on an edit of this article); text, code and inline code never;
//   - what some committed version of the file would have sent, evaluated with the configuration of its own
//     commit for the fields that come from configuration (defaults.status, defaults.category);
//   - or what this machine last sent (a record kept inside .git/, see Remember).
//
// Only a field that none of these explain makes a conflict.
package conflict

import (
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/plan"
	yaml "go.yaml.in/yaml/v3"
)

const (
	fieldContent = plan.FieldContent
	// contentShape names the hash of content without the destinations of links outside code. Records made
	// before code was told apart hold "content-without-destinations", which is no longer read: such a record
	// then explains only exact values, and history decides the rest.
	contentShape = "content-shape-2"
)

// Options say where the other inputs are.
type Options struct {
	// ConfigFile is the config file the tree was loaded with ("" for none); its committed versions say which
	// defaults applied at each commit.
	ConfigFile string
	// Builtin are the defaults that apply when a commit's config file does not set them.
	Builtin Defaults
	// KB names the knowledge base (its base URL) whose record of sent values is consulted.
	KB string
	// History is the docs folder's history, shared with ownership so that one run reads one `git log`
	// (nil: read here when needed).
	History *history.Shared
	// Diffs are the page comparisons already made this run (plan.DiffAll); nil: each is made here.
	Diffs plan.Diffs
}

// Defaults are the configuration values that fill fields a file leaves out.
type Defaults struct {
	Status   string
	Category string
}

type defaults = Defaults

// Evidence is what conflict detection found.
type Evidence struct {
	// Edited maps the slug of each article changed outside this repository to the fields nothing explains.
	Edited map[string][]string
	// Off says, in words for the user, why history could not be read (no Git, shallow clone …); "" when it
	// was read or was not needed. Without history nothing is asserted to be an edit.
	Off string
}

// candidate is a page whose remote twin differs in a way the current tree does not explain.
type candidate struct {
	pg     *docs.Page
	remote values
	open   []string // differing fields not yet explained
}

// Detect judges every page whose remote twin differs from it. Pages in sync, and pages Atender does not have
// yet, need no history, so a tree without differences never opens Git.
func Detect(tree *docs.Tree, ix *inventory.Index, o Options) (*Evidence, error) {
	ev := &Evidence{Edited: map[string][]string{}}
	var cands []*candidate
	d := newProduced(tree)
	for _, pg := range tree.Pages {
		ra := ix.ArtBySlug[pg.Slug]
		if ra == nil {
			continue
		}
		// In sync: nothing to explain; its content (as pageValues holds it) is still learned.
		if f, ok := o.Diffs[pg]; ok && len(f) == 0 {
			d.add(plan.NormalizeContent(pg.Content))
			continue
		}
		cur := pageValues(pg)
		c := &candidate{pg: pg, remote: plan.RemoteValues(ra, ix)}
		d.add(cur[fieldContent])
		for _, f := range cur.Differ(c.remote) {
			if !d.same(f, cur[f], c.remote[f]) {
				c.open = append(c.open, f)
			}
		}
		if len(c.open) > 0 {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return ev, nil
	}
	sh := o.History
	if sh == nil {
		sh = history.NewShared(tree.Root)
		defer sh.Close()
	}
	repo, hist, reason, err := sh.Get()
	if repo == nil {
		ev.Off = reason
		return ev, nil
	}
	if err != nil {
		return nil, err
	}
	rec := loadRecord(tree.Root, o.KB)
	prefix, err := repo.Rel(tree.Root)
	if err != nil {
		return nil, err
	}
	cfg := &commitConfig{hist: hist, builtin: o.Builtin, cache: map[string]defaults{}}
	if o.ConfigFile != "" {
		if rel, err := repo.Rel(o.ConfigFile); err == nil {
			cfg.path = rel
		}
	}
	if err := d.learnPublished(tree, sh, cands); err != nil {
		return nil, err
	}
	for _, c := range cands {
		c.open = explainByRecord(rec, d, c.pg, c.open, c.remote)
		if len(c.open) > 0 {
			c.open = explainByHistory(tree, hist, cfg, prefix, d, c.pg, c.open, c.remote)
		}
		if len(c.open) > 0 {
			ev.Edited[c.pg.Slug] = c.open
		}
	}
	return ev, nil
}

// explainByRecord drops the fields whose remote value this machine sent; for content, also the same text
// with destinations the program would write (the record keeps hashes, not the links themselves).
func explainByRecord(rec *record, d *produced, pg *docs.Page, open []string, remote values) []string {
	var left []string
	for _, f := range open {
		v := remote[f]
		if rec.explains(pg.Slug, f, v) || f == fieldContent && rec.explains(pg.Slug, contentShape, withoutDestinations(v)) && d.destinationsExplained(v) {
			continue
		}
		left = append(left, f)
	}
	return left
}

// explainByHistory drops the fields whose remote value some committed version of pg's file would have sent.
// Versions are read newest first and reading stops once every field is explained.
func explainByHistory(tree *docs.Tree, hist *history.Index, cfg *commitConfig, prefix string, d *produced, pg *docs.Page, open []string, remote values) []string {
	for _, v := range hist.Versions(filepath.Join(tree.Root, filepath.FromSlash(pg.Path))) {
		rel := pg.Path
		if prefix == "." {
			rel = v.Path
		} else if r, ok := strings.CutPrefix(v.Path, prefix+"/"); ok {
			rel = r
		}
		content, err := hist.Content(v)
		if err != nil {
			continue
		}
		old := tree.Evaluate(rel, content)
		if old == nil || old.Slug != pg.Slug {
			continue
		}
		vals := withDefaults(pageValues(old), old, cfg.at(v.Commit))
		d.add(vals[fieldContent])
		var left []string
		for _, f := range open {
			if !d.same(f, vals[f], remote[f]) {
				left = append(left, f)
			}
		}
		if open = left; len(open) == 0 {
			break
		}
	}
	return open
}

// commitConfig reads the defaults of the config file as it was at a commit.
type commitConfig struct {
	hist    *history.Index
	path    string // repository-relative; "" when no config file is used
	builtin defaults
	cache   map[string]defaults
}

func (c *commitConfig) at(commit string) defaults {
	if d, ok := c.cache[commit]; ok {
		return d
	}
	d := c.builtin
	if c.path != "" {
		if b, found, err := c.hist.Show(commit, c.path); err == nil && found {
			var f struct {
				Defaults struct {
					Status   string `yaml:"status"`
					Category string `yaml:"category"`
				} `yaml:"defaults"`
			}
			if yaml.Unmarshal(b, &f) == nil {
				if f.Defaults.Status != "" {
					d.Status = f.Defaults.Status
				}
				if f.Defaults.Category != "" {
					d.Category = f.Defaults.Category
				}
			}
		}
	}
	c.cache[commit] = d
	return d
}
