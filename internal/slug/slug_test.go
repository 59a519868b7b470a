package slug

import "testing"

func TestMake(t *testing.T) {
	cases := map[string]string{
		"Update Payment":          "update-payment",
		"Über uns":                "uber-uns",
		"  Hello,   World!  ":     "hello-world",
		"Don't panic":             "dont-panic",
		"Straße & Café":           "strasse-and-cafe",
		"API_v2.1 notes":          "api-v2-1-notes",
		"---":                     "",
		"日本語":                     "",
		"Ærø Ølstykke":            "aero-olstykke",
		"already-a-slug":          "already-a-slug",
		"Mixed--Hyphens__and  _ ": "mixed-hyphens-and",
	}
	for in, want := range cases {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !Valid(Make(in)) {
			t.Errorf("Make(%q) = %q is not Valid", in, Make(in))
		}
	}
}

func TestValid(t *testing.T) {
	for _, s := range []string{"a", "update-payment", "v2", "a-b-c"} {
		if !Valid(s) {
			t.Errorf("Valid(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "a-", "a--b", "A", "a_b", "a b", "ü"} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Update Payment", "Über uns", "", "a--b", "ß", "\x00\xff", "🎉 party"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got != "" && !Valid(got) {
			t.Fatalf("Make(%q) = %q, not a valid slug", s, got)
		}
		// Make returns a slug as it is without building it again: building it must change nothing.
		if build(got) != got {
			t.Fatalf("Make is not idempotent on %q: %q -> %q", s, got, build(got))
		}
		if Valid(s) && build(s) != s {
			t.Fatalf("the slug %q is built into %q", s, build(s))
		}
	})
}
