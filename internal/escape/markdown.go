package escape

import (
	"net/url"
	"regexp"
	"strings"
)

// markdownText escapes, in one pass, what could start markup: the brackets of a link or an image, the
// angle brackets of an HTML element or an autolink, an entity's ampersand, a code span's backtick, a table
// cell's pipe, the backslash itself, and what GitHub autolinks (scheme://; www. in any case, by wwwOrGH).
// GitHub reads @mentions, #123, owner/repo#123 and GH-123 (any case, wwwOrGH) references in the rendered
// text, where a backslash no longer is, so those are split by a zero-width space written as an entity
// (&#8203;: the Markdown holds no invisible character, and an e-mail address is split too). Line breaks
// become spaces: nothing from outside starts a line (a heading, a list, a table row).
var markdownText = strings.NewReplacer(
	"\\", "\\\\", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "&", "&amp;", "`", "\\`", "|", "\\|",
	"@", "@&#8203;", "#", "#&#8203;", "://", ":\\/\\/", "\r", " ", "\n", " ",
)

// wwwOrGH finds, in any case, what GitHub autolinks or references and markdownText leaves: www. and GH-
// (Www.example.com is a link in some of GitHub's renderers, gh-12 may be a reference).
var wwwOrGH = regexp.MustCompile(`(?i)www\.|\bgh-`)

// Markdown makes text from a file or a server (a title, a path, an error message, a request id) plain text
// in the Markdown of the job summary and of pull-request comments, also inside a table cell: it cannot
// close the article link, open a link or an image, start an HTML element, split a table cell, start a line,
// or be turned by GitHub into a link, a mention that notifies someone, or a reference that links an issue.
// Hidden characters are shown as escapes.
func Markdown(s string) string {
	return Terminal(wwwOrGH.ReplaceAllStringFunc(markdownText.Replace(s), func(m string) string {
		if strings.HasSuffix(m, ".") {
			return m[:len(m)-1] + `\.` // www\.
		}
		return m[:2] + "&#8203;-" // GH&#8203;-
	}))
}

// MarkdownCode is s as a code span (`s`), also inside a table cell: the span's fence is longer than any
// run of backticks in s, so s cannot close it, and in a code span nothing else is markup. A pipe is
// escaped (a GFM table splits on it even in code), line breaks become spaces, Hidden characters escapes.
func MarkdownCode(s string) string {
	if s == "" {
		return "` `"
	}
	s = Terminal(strings.NewReplacer("|", "\\|", "\r", " ", "\n", " ").Replace(s))
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// CodeFence is the fence of a fenced code block that shows text: three backticks, or one more than the
// longest run of backticks in text, so that no line of it can close the block.
func CodeFence(text string) string {
	return strings.Repeat("`", max(3, longestRun(text, '`')+1))
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

var markdownDestination = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "|", "%7C",
	"[", "%5B", "]", "%5D", "`", "%60", "\\", "%5C", "\"", "%22", "'", "%27")

// MarkdownURL is raw as the destination of a link the program writes ([title](dest)): an http(s) URL with
// a host, with the characters that could end the destination or the link percent-encoded; anything else
// (javascript:, a relative path, unparsable) is "", and the caller writes no link.
func MarkdownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return markdownDestination.Replace(Terminal(u.String()))
}

// MarkdownCodeBlock is text as a fenced code block of the job summary and of pull-request comments, with the
// program's info string (e.g. "diff"): the fence is longer than any run of backticks in text, so no line
// of it can close the block, and in a code block nothing is markup. Each line keeps its place; Hidden
// characters in it are shown as escapes.
func MarkdownCodeBlock(info, text string) string {
	text = strings.TrimSuffix(text, "\n")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = Terminal(l)
	}
	fence := CodeFence(text)
	return fence + info + "\n" + strings.Join(lines, "\n") + "\n" + fence + "\n"
}

var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&#39;", "\r", " ", "\n", " ")

// HTMLCode is text from a file or a server inside an HTML element the program writes into Markdown (the
// <summary> of a <details> block, where Markdown escapes would show as written): a <code> element holding
// s with the HTML specials as entities, so it cannot start or close an element, and inside code GitHub
// neither autolinks it nor reads an @mention or an issue reference in it. Line breaks become spaces,
// Hidden characters escapes.
func HTMLCode(s string) string { return "<code>" + Terminal(htmlText.Replace(s)) + "</code>" }
