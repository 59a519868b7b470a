// Package slug turns names into URL slugs: lowercase a–z, 0–9 and single hyphens.
//
// An article's slug is its public URL (/knowledge/<slug>), so the rules are strict and stable: accented
// letters lose their accents (Über → uber), everything that is not a letter or digit becomes a hyphen, and
// hyphens never lead, trail or repeat.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that NFD does not decompose into an ASCII base.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe", 'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ı': "i",
}

// MaxLen is the longest slug: a public URL should stay readable, and Atender's own limit is unknown.
const MaxLen = 200

// Make derives a slug from s. It returns "" when s holds no letter or digit usable in a slug.
func Make(s string) string {
	if Valid(s) {
		return s // already a slug (a tag or folder name usually is): build would write it again unchanged
	}
	return build(s)
}

// build is Make for a string that is not a slug yet.
func build(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	emit := func(r rune) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			emit(r)
		case r >= 'A' && r <= 'Z':
			emit(r + ('a' - 'A'))
		case unicode.Is(unicode.Mn, r):
			// a combining accent left by NFD: drop it, keeping the base letter
		case special[r] != "":
			for _, c := range special[r] {
				emit(c)
			}
		case r == '&':
			hyphen = true
			emit('a')
			b.WriteString("nd")
			hyphen = true
		case r == '\'' || r == '’':
			// don't → dont, not don-t
		default:
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > MaxLen {
		out = strings.TrimRight(out[:MaxLen], "-")
	}
	return out
}

// Valid reports whether s is already a slug: non-empty, lowercase a–z, 0–9 and single inner hyphens.
func Valid(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || len(s) > MaxLen {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if prev == '-' {
				return false
			}
		default:
			return false
		}
		prev = c
	}
	return true
}
