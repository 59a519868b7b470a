package preset

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/safefile"
)

// Aliases maps the import aliases of the generator's project in site to the folders they name: for an Astro
// site (Starlight), the `compilerOptions.paths` of its tsconfig.json, which Astro resolves in imports and in
// Markdown images (`"@assets/*": ["src/assets/*"]` makes `@assets/x.png` src/assets/x.png), and `@/` for
// src/ unless it says otherwise. A key is the alias with its trailing slash ("@assets/"), a value an
// absolute folder. Only `prefix/*` patterns whose first target is a folder (`dir/*`) are read; nil when
// there are none.
func (p *Preset) Aliases(site string) map[string]string {
	if p == nil || p.Name != "starlight" || site == "" {
		return nil
	}
	out := map[string]string{}
	if src := filepath.Join(site, "src"); safefile.IsDir(src) {
		out["@/"] = src // the usual alias of an Astro project's src/, also when its tsconfig.json does not say
	}
	b, err := os.ReadFile(filepath.Join(site, "tsconfig.json"))
	if err != nil || len(b) > maxConfig {
		return nilIfEmpty(out)
	}
	var ts struct {
		CompilerOptions struct {
			BaseURL string              `json:"baseUrl"`
			Paths   map[string][]string `json:"paths"`
		} `json:"compilerOptions"`
	}
	if json.Unmarshal(stripJSONC(b), &ts) != nil {
		return nilIfEmpty(out)
	}
	base := filepath.Join(site, filepath.FromSlash(ts.CompilerOptions.BaseURL))
	for k, targets := range ts.CompilerOptions.Paths {
		prefix, ok := strings.CutSuffix(k, "/*")
		if !ok || prefix == "" || len(targets) == 0 {
			continue
		}
		dir, ok := strings.CutSuffix(targets[0], "/*")
		if !ok {
			continue
		}
		abs := filepath.Join(base, filepath.FromSlash(dir))
		if !safefile.Within(site, abs) {
			continue // a folder outside the project is not the project's to name
		}
		out[prefix+"/"] = abs
	}
	return nilIfEmpty(out)
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// stripJSONC turns JSON with comments and trailing commas (tsconfig.json's dialect) into JSON: comments
// outside strings become white space, then a comma followed only by white space before } or ] is dropped.
func stripJSONC(b []byte) []byte {
	return scanJSON(scanJSON(b, true), false)
}

// scanJSON copies b, strings as they are; outside strings it drops comments (comments) or trailing commas.
func scanJSON(b []byte, comments bool) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			j := i + 1
			for ; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			j = min(j, len(b)-1)
			out = append(out, b[i:j+1]...)
			i = j
		case comments && c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i+1 < len(b) && b[i+1] != '\n' {
				i++
			}
			out = append(out, ' ')
		case comments && c == '/' && i+1 < len(b) && b[i+1] == '*':
			end := strings.Index(string(b[i+2:]), "*/")
			if end < 0 {
				return out
			}
			i += end + 3
			out = append(out, ' ')
		case !comments && c == ',':
			j := i + 1
			for j < len(b) && strings.IndexByte(" \t\r\n", b[j]) >= 0 {
				j++
			}
			if j == len(b) || b[j] != '}' && b[j] != ']' {
				out = append(out, c)
			}
		default:
			out = append(out, c)
		}
	}
	return out
}
