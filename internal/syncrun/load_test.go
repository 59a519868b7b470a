package syncrun

import (
	"context"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
)

// Ctrl-C while the tree loads ends the run at once with exit 130, even when the loader is stuck on a file
// (hostile Markdown): Load does not wait for it, and the loader gets the cancelled context.
func TestInterruptWhileLoadingEndsAtOnce(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	var sawCtx context.Context
	started := make(chan struct{})
	orig := docsLoad
	docsLoad = func(ctx context.Context, root string, o docs.Options) (*docs.Tree, error) {
		sawCtx = ctx
		close(started)
		<-stuck // a file that never finishes parsing
		return &docs.Tree{}, nil
	}
	defer func() { docsLoad = orig }()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := Load(ctx, &config.Config{Path: "docs"}, "", false); done <- err }()
	<-started
	cancel() // the signal
	err := <-done
	if got := cmdutil.CodeOf(err); got != cmdutil.ExitInterrupted {
		t.Fatalf("exit %d (%v), want 130", got, err)
	}
	if sawCtx.Err() == nil {
		t.Fatal("the loader was not told: its context is not done")
	}
}
