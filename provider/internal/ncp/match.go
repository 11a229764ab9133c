package ncp

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// NFC is a name as names are matched: under Unicode normalization (NFC).
func NFC(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return norm.NFC.String(s)
		}
	}
	return s
}

// lowerUTF16 lower-cases as JavaScript's toLowerCase and returns UTF-16 code units.
func lowerUTF16(s string) []uint16 { return utf16.Encode([]rune(strings.ToLower(s))) }

func levenshtein(a, b []uint16) int {
	if len(a) == 0 {
		return len(b)
	}
	if len(b) == 0 {
		return len(a)
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func contains(hay, needle []uint16) bool {
	if len(needle) > len(hay) {
		return false
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// NearestNames are up to max names close to wanted, nearest first: an edit distance of at most a
// third of its length (at least 2), case ignored; or holding it, or held by it (3 characters or more).
// Lengths count UTF-16 code units, as the TypeScript runtime does.
func NearestNames(wanted string, names []string, max int) []string {
	lower := lowerUTF16(wanted)
	wlen := len(utf16.Encode([]rune(wanted)))
	limit := wlen / 3
	if limit < 2 {
		limit = 2
	}
	type scored struct {
		name string
		d    int
	}
	var out []scored
	for _, name := range names {
		l := lowerUTF16(name)
		nlen := len(utf16.Encode([]rune(name)))
		diff := nlen - wlen
		if diff < 0 {
			diff = -diff
		}
		if diff <= limit {
			if d := levenshtein(l, lower); d <= limit {
				out = append(out, scored{name, d})
				continue
			}
		}
		if len(lower) >= 3 && (contains(l, lower) || contains(lower, l)) {
			out = append(out, scored{name, limit + 1})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return utf16Less(out[i].name, out[j].name)
	})
	if len(out) > max {
		out = out[:max]
	}
	res := make([]string, len(out))
	for i, s := range out {
		res[i] = s.name
	}
	return res
}

// utf16Less orders as JavaScript's < on strings (UTF-16 code units).
func utf16Less(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

// NotFoundMessage is the constructs' message for a name no item has.
func NotFoundMessage(where, title, name string, itemCount int, filters string, names []string) string {
	msg := where + ": no " + title + " item named " + jsonQuote(name) + " among " + strconv.Itoa(itemCount) + " item(s) (filters: " + filters + ")."
	if near := NearestNames(name, names, 3); len(near) > 0 {
		q := make([]string, len(near))
		for i, n := range near {
			q[i] = jsonQuote(n)
		}
		return msg + " Did you mean " + strings.Join(q, " or ") + "?"
	}
	return msg + " Check the name and the filters, or refresh the lock file (ncloud-lookups refresh) if it was created recently."
}

// jsonQuote quotes as JSON.stringify does for ordinary text.
func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[r>>4])
				b.WriteByte("0123456789abcdef"[r&15])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
