package markdown

import (
	"context"
	"slices"
	"testing"
)

// MkDocs content tabs become labelled sections, line for line: the label in bold, the content unindented
// (code stays code), tabs and admonitions inside tabs converted too; code fences are left alone.
func TestConvertMkDocsTabs(t *testing.T) {
	src := "Install:\n\n=== \"Linux\"\n\n    Run:\n\n    ```console\n    $ curl x | sh\n    ```\n\n    !!! tip\n        Add it to PATH.\n\n===+ \"Windows\"\n\n    === \"PowerShell\"\n\n        irm x | iex\n\nAfter.\n\n```\n=== \"not a tab\"\n    kept\n```\n"
	want := "Install:\n\n**Linux**\n\nRun:\n\n```console\n$ curl x | sh\n```\n\n> **Tip:**\n> Add it to PATH.\n\n**Windows**\n\n**PowerShell**\n\nirm x | iex\n\nAfter.\n\n```\n=== \"not a tab\"\n    kept\n```\n"
	out, shift, err := ConvertAdmonitions(context.Background(), []byte(src))
	if err != nil || string(out) != want {
		t.Fatalf("%v\ngot:\n%s\nwant:\n%s", err, out, want)
	}
	// "Run:" moved 4 columns left; "irm" 8 (two tabs deep); "Add it" 8 left and 2 right (the "> ").
	if shift[4] != -4 || shift[17] != -8 || shift[11] != -6 || shift[0] != 0 || shift[19] != 0 {
		t.Fatalf("shift %v", shift)
	}
	if out, shift, _ := ConvertAdmonitions(context.Background(), []byte("a === \"b\"\n")); string(out) != "a === \"b\"\n" || shift != nil {
		t.Fatalf("not a tab: %q %v", out, shift)
	}
	if !slices.Equal([]int{1, 2}, addShifts([]int{1, 2}, nil)) {
		t.Fatal("addShifts")
	}
}

// Tabs in an MkDocs admonition's body become labelled sections inside its block quote.
func TestConvertMkDocsTabsInAnAdmonition(t *testing.T) {
	src := "!!! tip\n\n    Inspect it first:\n\n    === \"macOS\"\n\n        ```console\n        $ curl x | less\n        ```\n\n    === \"Windows\"\n\n        irm x\n\nAfter.\n"
	want := "> **Tip:**\n>\n> Inspect it first:\n>\n> **macOS**\n>\n> ```console\n> $ curl x | less\n> ```\n>\n> **Windows**\n>\n> irm x\n\nAfter.\n"
	out, _, err := ConvertAdmonitions(context.Background(), []byte(src))
	if err != nil || string(out) != want {
		t.Fatalf("%v\ngot:\n%s\nwant:\n%s", err, out, want)
	}
}
