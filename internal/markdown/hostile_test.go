package markdown

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
)

// 450 KB of `*a_` (emphasis openers every closer of the other character looks past) took goldmark's whole
// 10-second budget; such a page is refused before it is parsed (BenchmarkCheckComplexityHostileEmphasis
// times the refusal), a fenced code block of the same size is not counted, and a parse given up on stops
// instead of running on.
func TestHostileEmphasis(t *testing.T) {
	if ce := CheckComplexity([]byte(strings.Repeat("*a_", 150000))); ce == nil || ce.Line != 1 || !strings.Contains(ce.Reason, "runs of `*` or `_`") {
		t.Fatalf("CheckComplexity = %v, want a refusal at line 1", ce)
	}
	code := "Text.\n```python\n" + strings.Repeat("snake_case_name = other_name * 2\n", 20000) + "```\n"
	if ce := CheckComplexity([]byte(code)); ce != nil {
		t.Fatalf("a code fence was counted: %v", ce)
	}
	under := strings.Repeat("*a_", MaxEmphasisRuns/2-1)
	if ce := CheckComplexity([]byte(under)); ce != nil {
		t.Fatalf("%d runs refused: %v", MaxEmphasisRuns-2, ce)
	}
	// Thirty paragraphs just under the limit would cost thirty times its worst parse: the second is refused.
	many := strings.Repeat(under+"\n\n", 30)
	if ce := CheckComplexity([]byte(many)); ce == nil || ce.Line != 3 || !strings.Contains(ce.Reason, "paragraphs up to the one starting here") {
		t.Fatalf("CheckComplexity = %v, want a refusal at line 3", ce)
	}
	// Ordinary emphasis across many paragraphs is far from the budget.
	prose := strings.Repeat("Some *emphasis*, a **bold** word and snake_case_name.\n\n", 20000)
	if ce := CheckComplexity([]byte(prose)); ce != nil {
		t.Fatalf("prose refused: %v", ce)
	}

	// What CheckComplexity lets through still stops with its context: one that expires at the parse's tenth
	// look at it (no clock: the looks are counted). The parse stops at the look that sees it expired,
	// instead of running on to its end (which looks thousands of times).
	ctx := &expiringContext{Context: context.Background(), at: 10}
	d, err := AnalyzeContext(ctx, []byte(strings.Repeat("*a_", 40000)))
	if d != nil || err != context.DeadlineExceeded {
		t.Fatalf("AnalyzeContext gave a tree: %v, error %v; want no tree and the deadline's error", d != nil, err)
	}
	if n := ctx.looks.Load(); n > 12 {
		t.Fatalf("the parse looked at its context %d times: it ran on past the deadline seen at look 10", n)
	}
	if d, err := AnalyzeContext(context.Background(), []byte("*a* _b_\n")); err != nil || len(d.src) == 0 {
		t.Fatalf("AnalyzeContext = %v, %v", d, err)
	}
}

// expiringContext is a context whose deadline is its at-th look at Err: a parse's promptness to stop, counted
// in looks instead of timed.
type expiringContext struct {
	context.Context
	at    int32
	looks atomic.Int32
}

func (c *expiringContext) Err() error {
	if c.looks.Add(1) >= c.at {
		return context.DeadlineExceeded
	}
	return nil
}
