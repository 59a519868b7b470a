package syncrun

import (
	"fmt"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/ownership"
	"github.com/atender/atender/internal/plan"
)

// owners fills in the plan options that ownership decides: who published the articles this sync would
// remove or overwrite, the scope of prune, and what the user adopted. A prune that cannot tell ours from
// theirs (no history) is refused unless the categories rule is asked for by name.
func owners(tree *docs.Tree, ix *inventory.Index, o PlanOptions, sh *history.Shared, po *plan.Options) error {
	po.PruneScope, po.AdoptAll = o.PruneScope, o.OnConflict == config.ConflictOverwrite
	po.Adopt = map[string]bool{}
	for _, s := range o.Adopt {
		po.Adopt[s] = true
	}
	updates, gone := ownershipQuestions(tree, ix, o.Prune, po.Diffs)
	asked := append(updates, gone...)
	var sent map[string]bool
	if len(asked) > 0 { // the record answers questions only: a sync that asks none (a no-op) does not read it
		sent = conflict.Sent(tree.Root, recordKey(o.Config))
	}
	l, err := ownership.Decide(tree, asked, ownership.Options{History: sh, Sent: sent})
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	po.Owner = l.Of
	// Refused as soon as prune has an article to judge: a prune with nothing to remove needs no history.
	if o.Prune && o.PruneScope != plan.PruneCategories && unknownAmong(l, gone) {
		if repo, _, off, _ := sh.Get(); repo == nil {
			return cmdutil.ExitHint(cmdutil.ExitFailure,
				fmt.Errorf("refusing to --prune: only the repository's history tells the articles this repository published from those written in the Atender editor, and %s. Nothing was planned or written", off),
				"fetch the whole history (actions/checkout: fetch-depth: 0) and run it in the Git repository, or add --prune-scope categories to remove every article of the tree's categories whose slug the tree lacks, articles written in Atender included")
		}
	}
	return nil
}

// ownershipQuestions are the slugs whose publisher matters: remote twins a page would overwrite (updates),
// and remote articles of the tree's categories that prune would remove under the categories rule (gone).
// A sync that removes and overwrites nothing asks nothing.
func ownershipQuestions(tree *docs.Tree, ix *inventory.Index, prune bool, diffs plan.Diffs) (updates, gone []string) {
	local := make(map[string]bool, len(tree.Pages))
	for _, pg := range tree.Pages {
		local[pg.Slug] = true
		if ra := ix.ArtBySlug[pg.Slug]; ra != nil && len(diffs.Of(pg, ra, ix)) > 0 {
			updates = append(updates, pg.Slug)
		}
	}
	if !prune {
		return updates, nil
	}
	held, used := map[string]bool{}, map[string]bool{}
	for _, s := range tree.Held {
		held[s] = true
	}
	for _, c := range tree.Categories {
		used[c.Slug] = true
	}
	for i := range ix.Remote.Articles {
		ra := &ix.Remote.Articles[i]
		if c := ix.CatByID[ra.CategoryID]; c != nil && used[c.Slug] && !local[ra.Slug] && !held[ra.Slug] {
			gone = append(gone, ra.Slug)
		}
	}
	return updates, gone
}

func unknownAmong(l *ownership.Ledger, slugs []string) bool {
	for _, s := range slugs {
		if l.Of(s) == plan.OwnerUnknown {
			return true
		}
	}
	return false
}
