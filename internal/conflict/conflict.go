// Package conflict turns Git history into evidence for the planner: which remote articles were changed
// outside this repository since they were last synced. It sits between the inputs (the docs tree, the
// inventory, the Git history) and package plan, which takes its answer as plan.Options.Edited; nothing
// rewrites a plan after it is made.
//
// An article differs from its file either because the file moved on (the remote equals what an earlier
// committed version of the file would have sent: not a conflict) or because someone edited it in Atender
// (the remote matches no committed version: a conflict).
package conflict

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/plan"
)

// Evidence is what conflict detection found.
type Evidence struct {
	// Edited holds the slugs of articles whose remote version no committed version of their file explains.
	Edited map[string]bool
	// Off says, in words for the user, why detection could not run (no Git, shallow clone …); "" when it
	// ran or had nothing to judge.
	Off string
}

// Detect judges every page whose remote twin differs from it. Pages in sync, and pages Atender does not have
// yet, need no history, so a tree without differences never opens Git.
func Detect(tree *docs.Tree, ix *inventory.Index) (*Evidence, error) {
	ev := &Evidence{Edited: map[string]bool{}}
	var candidates []*docs.Page
	for _, pg := range tree.Pages {
		if ra := ix.ArtBySlug[pg.Slug]; ra != nil && len(plan.Diff(pg, ra, ix)) > 0 {
			candidates = append(candidates, pg)
		}
	}
	if len(candidates) == 0 {
		return ev, nil
	}
	repo, reason := history.Open(tree.Root)
	if repo == nil {
		ev.Off = reason
		return ev, nil
	}
	hist, err := repo.Index(tree.Root, history.MaxVersions)
	if err != nil {
		return nil, fmt.Errorf("reading the history of %s: %w", tree.Root, err)
	}
	defer hist.Close()
	prefix, err := repo.Rel(tree.Root)
	if err != nil {
		return nil, err
	}
	for _, pg := range candidates {
		if !explained(tree, hist, prefix, pg, ix) {
			ev.Edited[pg.Slug] = true
		}
	}
	return ev, nil
}

// explained reports whether some committed version of pg's file, evaluated in today's tree, would send
// exactly what the remote holds. Versions are read newest first, so the usual case stops after one or two.
func explained(tree *docs.Tree, hist *history.Index, prefix string, pg *docs.Page, ix *inventory.Index) bool {
	ra := ix.ArtBySlug[pg.Slug]
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
		if old != nil && old.Slug == pg.Slug && len(plan.Diff(old, ra, ix)) == 0 {
			return true
		}
	}
	return false
}
