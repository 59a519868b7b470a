package facts

import (
	"strings"
	"testing"
)

func TestTierByLimit(t *testing.T) {
	for limit, want := range map[int]string{70: "starter", 350: "professional", 1200: "enterprise"} {
		got, ok := TierByLimit(limit)
		if !ok || got.Name != want {
			t.Errorf("TierByLimit(%d) = %q, %v; want %q", limit, got.Name, ok, want)
		}
	}
	if _, ok := TierByLimit(71); ok {
		t.Error("TierByLimit(71) found a tier; no stated tier announces 71")
	}
}

func TestKeyKindAndEnvironment(t *testing.T) {
	cases := []struct {
		key, kind string
		prod, dev bool
	}{
		{"sa_live_abc", KeyLive, true, false},
		{"sa_test_abc", KeyTest, false, true},
		{"sk_abc", "", true, true},
		{"", "", true, true},
	}
	for _, c := range cases {
		if got := KeyKind(c.key); got != c.kind {
			t.Errorf("KeyKind(%q) = %q, want %q", c.key, got, c.kind)
		}
		if got := EnvAcceptsKind("prod", c.kind); got != c.prod {
			t.Errorf("EnvAcceptsKind(prod, %q) = %v", c.kind, got)
		}
		if got := EnvAcceptsKind("dev", c.kind); got != c.dev {
			t.Errorf("EnvAcceptsKind(dev, %q) = %v", c.kind, got)
		}
	}
}

func TestStatusesAndPublicPath(t *testing.T) {
	for _, s := range Statuses {
		if !ValidStatus(s) {
			t.Errorf("ValidStatus(%q) = false", s)
		}
	}
	if ValidStatus("Published") || ValidStatus("") {
		t.Error("ValidStatus accepts a value Atender does not")
	}
	if got := PublicPath("refunds"); got != "/knowledge/refunds" {
		t.Errorf("PublicPath = %q", got)
	}
}

func TestMaskKey(t *testing.T) {
	for key, want := range map[string]string{
		"":                              "(none)",
		"sa_test_0123456789abcdef":      "sa_test_01…ef",
		"sa_live_short":                 "sa_live_…",
		"ghp_0123456789abcdefghijklmno": "gh…no",
		"sa_test_ab1234567890f9":        "sa_test_ab…f9",
		"plainkeyplainkey":              "pl…ey",
	} {
		if got := MaskKey(key); got != want || (len(key) > 12 && strings.Contains(got, key[len(key)-8:len(key)-2])) {
			t.Errorf("MaskKey(%q) = %q, want %q", key, got, want)
		}
	}
}
