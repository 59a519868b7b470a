package markdown

import "strings"

// Embedded pages (an <iframe> of a CodeSandbox, a video; Docusaurus' <LiteYouTubeEmbed id title>) are
// dropped by the help center, which shows no frames: each becomes a link to what it embeds, its title the
// link's text (or the address, without its scheme, when it has none), so that the reader can still open it.
func init() {
	RegisterElement(ElementConverter{Names: []string{"iframe", "LiteYouTubeEmbed"}, Count: "embeds", Convert: convertEmbed})
}

func convertEmbed(x *Editor, e *Element) {
	src := strings.TrimSpace(e.Open.String("src"))
	if id := strings.TrimSpace(e.Open.String("id")); e.Name == "LiteYouTubeEmbed" && id != "" {
		src = "https://www.youtube.com/watch?v=" + id
	}
	if src == "" {
		x.Warn(e, "jsx", openName(e.Name)+" has no address atender can read: what it embeds is not in the article")
		x.ReplaceElement(e, "")
		return
	}
	text := strings.Join(strings.Fields(e.Open.String("title")), " ")
	if text == "" {
		text = src
		if _, rest, ok := strings.Cut(src, "://"); ok {
			text = rest
		}
	}
	x.ReplaceElement(e, "["+escapeText(text)+"]("+linkDest(src)+")")
}
