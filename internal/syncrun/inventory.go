package syncrun

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/explain"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

// Connect is the inventory stage: it makes the client (the key checks come first) and lists what the KB
// holds, indexed once for the whole run (ix.Remote is the listing). Every command that reads the KB starts
// with it. A failure comes back explained, with its exit code: a key problem gets the keys verify diagnosis.
func Connect(ctx context.Context, newClient func() (kb.API, error), cfg *config.Config) (kb.API, *inventory.Index, error) {
	client, err := newClient()
	if err != nil {
		return nil, nil, err
	}
	r, err := inventory.Fetch(ctx, client)
	if err != nil {
		return client, nil, explainListing(ctx, err, cfg)
	}
	return client, inventory.NewIndex(r), nil
}

// explainListing turns a failure to list the KB into an error for people with its exit code.
func explainListing(ctx context.Context, err error, cfg *config.Config) error {
	if ctx.Err() != nil {
		return cmdutil.Exit(cmdutil.ExitInterrupted, errors.New("interrupted while listing the KB; nothing was written"))
	}
	// The server answered, but its listing contradicts itself: planning on it could create duplicates.
	var le *inventory.ListingError
	if errors.As(err, &le) {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("listing the KB: %w. Nothing was planned or written; run with --debug to see the replies", err))
	}
	p := explain.Classify(err, cfg, facts.ScopeRead)
	hint := p.Fix
	if p.ExitCode() == cmdutil.ExitAuth {
		hint += " (atender keys verify checks the key in detail)"
	}
	return cmdutil.ExitHint(p.ExitCode(), fmt.Errorf("listing the KB: %s", p.Message), strings.TrimSpace(hint))
}

// meter is what a run reads from a real client beyond kb.API: the rate limit the server announced and the
// requests sent. A fake kb.API in a test need not have it; the defaults then apply.
type meter interface {
	LastResponse() kb.ResponseMeta
	Requests() int
}

func announcedLimit(c kb.API) int {
	if m, ok := c.(meter); ok {
		return m.LastResponse().RateLimit.Limit
	}
	return 0
}

// Requests is how many requests the client sent (0 for a client that does not count them).
func Requests(c kb.API) int {
	if m, ok := c.(meter); ok {
		return m.Requests()
	}
	return 0
}
