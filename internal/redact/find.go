package redact

import (
	"html"
	"strings"

	"github.com/atender/atender/internal/facts"
)

// secret is a registered value, prepared for the search.
type secret struct {
	lower string // the whole value, lower case
	mask  string
	n     int                 // the length of a masked run: GramLen, or the whole value when it is short
	grams map[string]struct{} // every n-long run of the secret part, lower case
	chars [256]bool           // the bytes of the secret part, lower case
}

func newSecret(value, mask string) *secret {
	s := &secret{lower: strings.ToLower(value), mask: mask, grams: map[string]struct{}{}}
	part := s.lower[len(facts.KeyPrefix(value)):]
	if len(part) < GramLen {
		part = s.lower // a short secret is only masked whole
		s.n = len(part)
	} else {
		s.n = GramLen
	}
	for i := 0; i+s.n <= len(part); i++ {
		s.grams[part[i:i+s.n]] = struct{}{}
	}
	for i := 0; i < len(part); i++ {
		s.chars[part[i]] = true
	}
	return s
}

// window bounds the text decoded at once (and so the memory a long text costs); windows overlap by more
// than the longest form of a key.
const (
	window  = 256 << 10
	overlap = 8 << 10
)

// find appends to out what of s shows the secret.
func (sec *secret) find(s string, out []span) []span {
	for off := 0; ; off += window - overlap {
		end := min(off+window, len(s))
		w := s[off:end]
		out = sec.findPlain(w, off, out)
		out = sec.findEncoded(w, off, out)
		if end == len(s) {
			return out
		}
	}
}

// findPlain decodes every character of s (escapes and entities undone, lower case, whitespace left out)
// and masks the runs of the secret in it, with the prefix before a run.
func (sec *secret) findPlain(s string, off int, out []span) []span {
	if len(s) < sec.n || !sec.mayHold(s) {
		return out
	}
	canon := make([]byte, 0, len(s))
	starts := make([]int32, 0, len(s))
	ends := make([]int32, 0, len(s))
	for i := 0; i < len(s); {
		c, size, space := unit(s, i)
		if !space {
			canon = append(canon, c)
			starts = append(starts, int32(i))
			ends = append(ends, int32(i+size))
		}
		i += size
	}
	for _, r := range sec.runs(canon, true) {
		out = append(out, span{off + int(starts[r[0]]), off + int(ends[r[1]-1]), sec.mask})
	}
	return out
}

// mayHold is a quick look that rules out most texts: it reports whether s, decoded as findPlain decodes it
// (escapes and entities undone, lower case, whitespace left out), has an n-long run of the secret, without
// making the decoded copy. An HTML page or a JSON document nearly always has an entity or an escape
// somewhere, so only the decoded stream rules it out.
func (sec *secret) mayHold(s string) bool {
	if sec.n > GramLen {
		return true
	}
	var ring [GramLen]byte
	run := 0
	for i := 0; i < len(s); {
		c, size, space := unit(s, i)
		i += size
		if space {
			continue
		}
		if !sec.chars[c] {
			run = 0
			continue
		}
		ring[run%sec.n] = c
		if run++; run < sec.n {
			continue
		}
		var g [GramLen]byte
		for k := 0; k < sec.n; k++ {
			g[k] = ring[(run+k)%sec.n]
		}
		if _, ok := sec.grams[string(g[:sec.n])]; ok {
			return true
		}
	}
	return false
}

// runs returns the ranges of c made of n-long runs of the secret (merged); with extend, a range also takes
// in the characters before it that go before its first run in the secret (the sa_test_ prefix).
func (sec *secret) runs(c []byte, extend bool) [][2]int {
	var out [][2]int
	n, run := sec.n, 0
	for j := 0; j < len(c); j++ {
		if !sec.chars[c[j]] {
			run = 0
			continue
		}
		if run++; run < n {
			continue
		}
		i := j + 1 - n
		if _, ok := sec.grams[string(c[i:j+1])]; !ok {
			continue
		}
		if k := len(out) - 1; k >= 0 && i <= out[k][1] {
			out[k][1] = j + 1
			continue
		}
		start := i
		if extend {
			for at := strings.Index(sec.lower, string(c[i:j+1])); start > 0 && at > 0 && c[start-1] == sec.lower[at-1]; at-- {
				start--
			}
		}
		out = append(out, [2]int{start, j + 1})
	}
	return out
}

// minOpenTail is the shortest piece of a secret at the end of a write, before whitespace, that a Writer
// keeps back: shorter pieces are in most words.
const minOpenTail = 4

// openTail returns where the longest piece of the secret (minOpenTail characters or more, whitespace in
// between allowed) that ends s and that more characters of the secret may follow begins, or len(s).
func (sec *secret) openTail(s string) int {
	from := max(0, len(s)-16*len(sec.lower))
	var canon []byte
	var starts []int
	for i := from; i < len(s); {
		c, size, space := unit(s, i)
		if !space {
			canon = append(canon, c)
			starts = append(starts, i)
		}
		i += size
	}
	for l := min(len(canon), len(sec.lower)); l >= minOpenTail; l-- {
		if strings.Contains(sec.lower[:len(sec.lower)-1], string(canon[len(canon)-l:])) { // the secret may go on
			return starts[len(canon)-l]
		}
	}
	return len(s)
}

// unit decodes the character at s[i], as written or escaped (percent, JSON/C \u and \x, HTML entities): its
// byte in lower case, how many bytes of s it takes, and whether it is whitespace.
func unit(s string, i int) (c byte, size int, space bool) {
	c, size = s[i], 1
	switch c {
	case '%':
		if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c, size = unhex(s[i+1])<<4|unhex(s[i+2]), 3
		}
	case '\\':
		c, size = backslash(s, i)
	case '&':
		c, size = entity(s, i)
	}
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c, size, isSpace(c)
}

func backslash(s string, i int) (byte, int) {
	if i+1 >= len(s) {
		return '\\', 1
	}
	switch s[i+1] {
	case 'u', 'U':
		if i+5 < len(s) && s[i+2] == '0' && s[i+3] == '0' && isHex(s[i+4]) && isHex(s[i+5]) && unhex(s[i+4]) < 8 {
			return unhex(s[i+4])<<4 | unhex(s[i+5]), 6
		}
	case 'x', 'X':
		if i+3 < len(s) && isHex(s[i+2]) && isHex(s[i+3]) {
			return unhex(s[i+2])<<4 | unhex(s[i+3]), 4
		}
	case 'n', 'r', 't', 'N', 'R', 'T':
		return ' ', 2
	case '/':
		return '/', 2
	}
	return '\\', 1
}

// entity decodes a named, decimal or hex HTML character reference that stands for one ASCII character.
func entity(s string, i int) (byte, int) {
	end := strings.IndexByte(s[i+1:min(len(s), i+34)], ';')
	if end < 1 {
		return '&', 1
	}
	ref := s[i : i+end+2]
	d := html.UnescapeString(ref)
	if d == ref {
		d = html.UnescapeString(strings.ToLower(ref)) // an upper-cased text: &LOWBAR;
	}
	if len(d) == 1 && d != ref {
		return d[0], len(ref)
	}
	return '&', 1
}

// findEncoded masks base64 and hex runs that decode to a run of the secret.
func (sec *secret) findEncoded(s string, off int, out []span) []span {
	minB64 := (sec.n*4 + 2) / 3
	for i := 0; i < len(s); {
		if !isB64(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isB64(s[j]) {
			j++
		}
		if j-i >= minB64 {
			out = sec.findBase64(s[i:j], off+i, out)
		}
		for a := i; a < j; {
			if !isHex(s[a]) {
				a++
				continue
			}
			b := a
			for b < j && isHex(s[b]) {
				b++
			}
			if b-a >= 2*sec.n {
				out = sec.findHex(s[a:b], off+a, out)
			}
			a = b
		}
		i = j
	}
	return out
}

// findBase64 decodes run from each of the four character offsets (so every byte alignment of the secret in
// the encoded data is seen) and masks the groups of four characters that hold a run of the secret.
func (sec *secret) findBase64(run string, off int, out []span) []span {
	dec := make([]byte, 0, len(run)*3/4+3)
	for o := 0; o < 4 && o < len(run); o++ {
		dec = dec[:0]
		for g := o; g+1 < len(run); g += 4 {
			if g+4 <= len(run) {
				v0, v1, v2, v3 := b64vals[run[g]], b64vals[run[g+1]], b64vals[run[g+2]], b64vals[run[g+3]]
				dec = append(dec, lower(v0<<2|v1>>4), lower(v1<<4|v2>>2), lower(v2<<6|v3))
				continue
			}
			var v [4]byte
			k := 0
			for ; g+k < len(run); k++ {
				v[k] = b64val(run[g+k])
			}
			b := [3]byte{v[0]<<2 | v[1]>>4, v[1]<<4 | v[2]>>2, v[2]<<6 | v[3]}
			for x := 0; x < k-1; x++ {
				dec = append(dec, lower(b[x]))
			}
		}
		for _, r := range sec.runs(dec, false) {
			from, to := o+4*(r[0]/3), min(len(run), o+4*((r[1]-1)/3)+4)
			out = append(out, span{off + from, off + to, sec.mask})
		}
	}
	return out
}

// findHex decodes run from both character offsets and masks the pairs that hold a run of the secret.
func (sec *secret) findHex(run string, off int, out []span) []span {
	dec := make([]byte, 0, len(run)/2)
	for o := 0; o < 2; o++ {
		dec = dec[:0]
		for g := o; g+1 < len(run); g += 2 {
			dec = append(dec, lower(unhex(run[g])<<4|unhex(run[g+1])))
		}
		for _, r := range sec.runs(dec, false) {
			out = append(out, span{off + o + 2*r[0], off + o + 2*r[1], sec.mask})
		}
	}
	return out
}

func isB64(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// b64val is the value of a character of the standard or the URL alphabet.
func b64val(c byte) byte { return b64vals[c] }

var b64vals = func() (t [256]byte) {
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = byte(i)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
