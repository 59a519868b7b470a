// Package facts holds what Atender states (or this project assumes) about its Knowledge Base that every
// layer needs: article statuses, scopes, rate-limit tiers, environments and their URLs, key kinds and the
// public article path. It is a leaf: no net/http, no I/O, so the docs model and the planner can use the
// vocabulary without linking the API client. ../shared/atender-kb-api.md is the source; where a value is
// assumed, the comment says so.
package facts

import (
	"slices"
	"strings"
)

// Article statuses (stated). Only StatusPublished is public and used by Atender's AI.
const (
	StatusDraft       = "draft"
	StatusPublished   = "published"
	StatusNeedsReview = "needs-review"
	StatusArchived    = "archived"
)

// Statuses lists the valid article statuses in a stable order.
var Statuses = []string{StatusDraft, StatusPublished, StatusNeedsReview, StatusArchived}

// ValidStatus reports whether s is one of Statuses.
func ValidStatus(s string) bool { return slices.Contains(Statuses, s) }

// Scopes (stated). Write implies read.
const (
	ScopeRead  = "knowledge:read"
	ScopeWrite = "knowledge:write"
)

// WriteProbeID names an article that cannot exist. Scopes are checked before the endpoint runs (stated), so
// an empty PATCH to it answers 403 without knowledge:write and 404 with it, and changes nothing either way:
// the client asks whether a key may write with it (kb.ProbeWrite), the emulator's log tells it from a write.
const WriteProbeID = "art_atender-keys-verify-probe"

// Tier is a rate-limit tier (stated): PerMinute requests in a sliding 60-second window plus Burst on top,
// and a daily cap that resets at midnight UTC (0 = none).
type Tier struct {
	Name      string
	PerMinute int
	Burst     int
	Daily     int
}

// Window is what X-RateLimit-Limit announces for the tier (assumed: the window's allowance, burst included).
func (t Tier) Window() int { return t.PerMinute + t.Burst }

// Tiers (stated), plus "unlimited" for benchmarks and the emulator's own default.
var Tiers = map[string]Tier{
	"starter":      {"starter", 60, 10, 10_000},
	"professional": {"professional", 300, 50, 100_000},
	"enterprise":   {"enterprise", 1000, 200, 1_000_000},
	"unlimited":    {"unlimited", 1_000_000, 0, 0},
}

// TierNames lists the tiers in ascending order of allowance.
var TierNames = []string{"starter", "professional", "enterprise", "unlimited"}

// DefaultTier is the tier of a key nobody upgraded (stated).
const DefaultTier = "starter"

// TierByLimit returns the tier whose announced window allowance is limit, if any.
func TierByLimit(limit int) (Tier, bool) {
	for _, name := range TierNames {
		if t := Tiers[name]; t.Window() == limit {
			return t, true
		}
	}
	return Tier{}, false
}

// Environments and their documented KB base URLs (stated).
var EnvBaseURLs = map[string]string{
	"prod":    "https://prod.atender.dev/api/v1/kb",
	"staging": "https://staging.atender.dev/api/v1/kb",
	"dev":     "https://dev.atender.dev/api/v1/kb",
}

// Envs lists the environments in a stable order.
var Envs = []string{"prod", "staging", "dev"}

// BasePath is where the KB API lives on an Atender host (stated).
const BasePath = "/api/v1/kb"

// Key kinds, by prefix (stated): a live key is production's; a test key is issued on dev/staging.
const (
	KeyLive = "live"
	KeyTest = "test"

	LivePrefix = "sa_live_"
	TestPrefix = "sa_test_"
)

// KeyPrefixes lists the known key prefixes.
var KeyPrefixes = []string{LivePrefix, TestPrefix}

// KeyKind classifies a key by prefix: KeyLive, KeyTest or "" (unknown).
func KeyKind(key string) string {
	switch {
	case strings.HasPrefix(key, LivePrefix):
		return KeyLive
	case strings.HasPrefix(key, TestPrefix):
		return KeyTest
	}
	return ""
}

// KeyPrefix returns the key's known prefix, or "".
func KeyPrefix(key string) string {
	for _, p := range KeyPrefixes {
		if strings.HasPrefix(key, p) {
			return p
		}
	}
	return ""
}

// EnvAcceptsKind reports whether an environment's hosts authenticate keys of kind (stated: a sandbox key
// does not authenticate against production, and a production key only there).
func EnvAcceptsKind(env, kind string) bool {
	switch kind {
	case KeyLive:
		return env == "prod"
	case KeyTest:
		return env != "prod"
	}
	return true
}

// PublicPathPrefix is the path under which the help center serves articles (stated form:
// https://<host>/knowledge/<slug>).
const PublicPathPrefix = "/knowledge/"

// PublicPath is the path of an article on the help center.
func PublicPath(slug string) string { return PublicPathPrefix + slug }

// MaskKey shows enough of a key to recognise it and never enough to use it: sa_test_ab…f9 (the known
// prefix, two characters, an ellipsis, the last two; a short key shows only its prefix).
func MaskKey(key string) string {
	if key == "" {
		return "(none)"
	}
	prefix := KeyPrefix(key)
	rest := key[len(prefix):]
	if len(rest) < 12 {
		return prefix + "…"
	}
	return prefix + rest[:2] + "…" + rest[len(rest)-2:]
}
