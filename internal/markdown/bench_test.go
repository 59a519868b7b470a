package markdown

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkConvertAdmonitionsHostile: the conversion of the inputs that were quadratic (F7) stays linear and
// small; each is under the default max-file-size of 1 MiB. The realistic case is for comparison.
func BenchmarkConvertAdmonitionsHostile(b *testing.B) {
	inputs := map[string]string{
		"unclosed-120k":      strings.Repeat(":::tip\n", 120000),
		"open100-then-lines": strings.Repeat(":::tip\n", MaxNesting) + strings.Repeat("a\n", 450000),
		"mkdocs-blank-500k":  "!!! note\n    a\n" + strings.Repeat("\n", 500000) + "    b\n",
		"realistic-1MiB":     strings.Repeat("Intro text of a paragraph.\n\n:::tip Title\nSome advice, on a line.\n\n```sh\nrun it\n```\n:::\n\n", 1<<20/90),
	}
	for name, src := range inputs {
		b.Run(name, func(b *testing.B) {
			in := []byte(src)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ConvertAdmonitions(context.Background(), in)
			}
		})
	}
}
