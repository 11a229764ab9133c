package ncp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
)

// QueryError is a filter the list does not take, or a value it refuses: the message names both.
type QueryError struct {
	Param   string
	Message string
}

func (e *QueryError) Error() string { return e.Message }

// Short quotes a value for a message, cut when long.
func Short(v string) string {
	const max = 120
	if utf16Len(v) > max {
		u := utf16.Encode([]rune(v))
		return strconv.Quote(string(utf16.Decode(u[:max]))) + fmt.Sprintf("… (%d characters)", len(u))
	}
	return strconv.Quote(v)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// ValidateQuery checks filters (string or bool values, by API name) as the constructs check them:
// known names, enum values, lengths (UTF-16 code units), booleans. Strings "true"/"false" are taken
// for boolean parameters (a query map of strings).
func ValidateQuery(l *defs.List, in map[string]any) (map[string]any, error) {
	out := map[string]any{}
	var unknown []string
	for name := range in {
		if l.Param(name) == nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		names := make([]string, len(l.Params))
		for i, p := range l.Params {
			names[i] = p.Name
		}
		hint := ""
		if near := NearestNames(unknown[0], names, 1); len(near) > 0 {
			hint = fmt.Sprintf(" (did you mean %q?)", near[0])
		}
		return nil, &QueryError{Param: unknown[0], Message: fmt.Sprintf("%s query: unknown parameter(s) %s%s; the filters of %s are %s", l.Kind, strings.Join(unknown, ", "), hint, l.Title, strings.Join(names, ", "))}
	}
	for _, p := range l.Params {
		v, ok := in[p.Name]
		if !ok || v == nil {
			continue
		}
		switch p.Type {
		case "boolean":
			switch b := v.(type) {
			case bool:
				out[p.Name] = b
			case string:
				if b != "true" && b != "false" {
					return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s %s: expected a boolean (true or false)", l.Kind, p.Name, Short(b))}
				}
				out[p.Name] = b == "true"
			default:
				return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s: expected a boolean", l.Kind, p.Name)}
			}
		default:
			s, isString := v.(string)
			if !isString {
				return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s: expected a string", l.Kind, p.Name)}
			}
			if p.Type == "enum" {
				allowed := false
				for _, a := range p.Values {
					allowed = allowed || a == s
				}
				if !allowed {
					return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s %s is not allowed; use one of: %s", l.Kind, p.Name, Short(s), strings.Join(p.Values, ", "))}
				}
			} else {
				if !utf8.ValidString(s) {
					return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s is not valid Unicode text", l.Kind, p.Name)}
				}
				n := utf16Len(s)
				if p.MaxLength != nil && n > *p.MaxLength {
					return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s %s: must be at most %d characters", l.Kind, p.Name, Short(s), *p.MaxLength)}
				}
				if p.MinLength != nil && n < *p.MinLength {
					return nil, &QueryError{Param: p.Name, Message: fmt.Sprintf("%s query: %s %s: must be at least %d characters", l.Kind, p.Name, Short(s), *p.MinLength)}
				}
			}
			out[p.Name] = s
		}
	}
	return out, nil
}

func valueText(v any) string {
	if b, ok := v.(bool); ok {
		return strconv.FormatBool(b)
	}
	return fmt.Sprint(v)
}

// QueryPairs are a request's parameters in the definition's wire order, paging first or last as it
// says; index and size are left out when negative.
func QueryPairs(l *defs.List, query map[string]any, index, size int) []Pair {
	var paging []Pair
	if index >= 0 && l.Paging.IndexParam != "" {
		paging = append(paging, Pair{l.Paging.IndexParam, strconv.Itoa(index)})
	}
	if size >= 0 && l.Paging.SizeParam != "" {
		paging = append(paging, Pair{l.Paging.SizeParam, strconv.Itoa(size)})
	}
	var filters []Pair
	for _, name := range l.WireOrder {
		v, ok := query[name]
		p := l.Param(name)
		if !ok && p != nil && p.DefaultWhen != nil {
			if _, set := query[p.DefaultWhen.Param]; set {
				v, ok = p.DefaultWhen.Value, true
			}
		}
		if ok {
			filters = append(filters, Pair{name, valueText(v)})
		}
	}
	if l.Paging.ParamsFirst {
		return append(paging, filters...)
	}
	return append(filters, paging...)
}

// DescribeFilters is a query as messages show it: name="value" pairs in name order, or "none".
func DescribeFilters(query map[string]any) string {
	if len(query) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		if b, ok := query[k].(bool); ok {
			parts[i] = fmt.Sprintf("%s=%t", k, b)
		} else {
			parts[i] = fmt.Sprintf("%s=%s", k, strconv.Quote(valueText(query[k])))
		}
	}
	return strings.Join(parts, ", ")
}
