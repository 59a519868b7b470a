package markdown

import (
	"context"
	"strings"
	"testing"
	"time"
)

// 450 KB of `*a_` (emphasis openers every closer of the other character looks past) took goldmark's whole
// 10-second budget; such a page is refused at once, a fenced code block of the same size is not counted, and
// a parse given up on stops instead of running on.
func TestHostileEmphasis(t *testing.T) {
	hostile := []byte(strings.Repeat("*a_", 150000))
	start := time.Now()
	for range 24 {
		ce := CheckComplexity(hostile)
		if ce == nil || ce.Line != 1 || !strings.Contains(ce.Reason, "runs of `*` or `_`") {
			t.Fatalf("CheckComplexity = %v, want a refusal at line 1", ce)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("24 refusals took %v", d)
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

	// What CheckComplexity lets through still stops with its context.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	d, err := AnalyzeContext(ctx, []byte(strings.Repeat("*a_", 40000)))
	if d != nil || err != context.DeadlineExceeded {
		t.Fatalf("AnalyzeContext = %v, %v; want the deadline's error", d, err)
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("the parse stopped %v after it started, 50ms after its deadline expected", el)
	}
	if d, err := AnalyzeContext(context.Background(), []byte("*a* _b_\n")); err != nil || len(d.src) == 0 {
		t.Fatalf("AnalyzeContext = %v, %v", d, err)
	}
}
