package markdown

import (
	"context"
	"testing"
)

// A VitePress code group is its code blocks, each labelled, not a "Code-group" admonition.
func TestConvertCodeGroups(t *testing.T) {
	src := "Install:\n\n::: code-group\n\n```sh [npm]\nnpm i\n```\n\n```sh [pnpm] {2}\npnpm i\n```\n:::\n\n::: tip\nStill an admonition.\n:::\n\n```\n::: code-group\n```\n"
	want := "Install:\n\n\n**npm**\n```sh\nnpm i\n```\n**pnpm**\n```sh {2}\npnpm i\n```\n\n\n> **Tip:**\n> Still an admonition.\n\n\n```\n::: code-group\n```\n"
	out, _, err := ConvertAdmonitions(context.Background(), []byte(src))
	if err != nil || string(out) != want {
		t.Fatalf("%v\ngot:\n%q\nwant:\n%q", err, out, want)
	}
}
