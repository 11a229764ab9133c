package ncp

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
)

const (
	// FirstPageSize is asked for first: a server caps it to its own page size, learned from the answer.
	FirstPageSize = 1000
	// FallbackPageSize is tried when the first size is refused.
	FallbackPageSize = 100
	// MaxPages bounds a listing.
	MaxPages = 100_000
	// Concurrency is how many page requests are in flight at once after the first page.
	Concurrency = 20
)

// PagingError is a listing the server answered inconsistently.
type PagingError struct{ Path, Problem string }

func (e *PagingError) Error() string {
	return fmt.Sprintf("listing %s: %s; try again (the list may have changed during the listing)", e.Path, e.Problem)
}

func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		if len([]rune(x)) > 40 {
			x = string([]rune(x)[:40]) + "…"
		}
		return "string " + jsonQuote(x)
	case map[string]any:
		return "an object"
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case json.Number:
		return "number " + x.String()
	}
	return fmt.Sprint(v)
}

func isInt(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(n.String(), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, false
		}
		return int64(f), true
	}
	return i, true
}

// CheckItem checks one item against the definition's fields: the id and name strings, the others of
// their type or null/missing. It returns the problem and the field, or "".
func CheckItem(l *defs.List, item any) (field, problem string) {
	o, ok := item.(map[string]any)
	if !ok {
		return "", "expected object, got " + describeValue(item)
	}
	for _, f := range l.Fields {
		v, present := o[f.Name]
		required := f.Name == l.IDField || f.Name == l.NameField
		if (!present || v == nil) && !required {
			continue
		}
		if f.Type == "json" {
			continue
		}
		okType := false
		switch f.Type {
		case "string":
			_, okType = v.(string)
		case "boolean":
			_, okType = v.(bool)
		case "integer":
			_, okType = isInt(v)
		case "string[]":
			if arr, isArr := v.([]any); isArr {
				okType = true
				for i, e := range arr {
					if _, s := e.(string); !s {
						return f.Name + "[" + strconv.Itoa(i) + "]", "expected string, got " + describeValue(e)
					}
				}
			}
		}
		if !okType {
			want := map[string]string{"string": "string", "boolean": "boolean", "integer": "int", "string[]": "array"}[f.Type]
			if !present {
				return f.Name, "expected " + want + ", got nothing"
			}
			return f.Name, "expected " + want + ", got " + describeValue(v)
		}
	}
	return "", ""
}

func valueAt(v any, path []string) (any, bool) {
	cur := v
	for _, k := range path {
		o, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = o[k]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

func jsonPath(path []string) string {
	if len(path) == 0 {
		return "$"
	}
	return "$." + strings.Join(path, ".")
}

// checkCount checks a total or an index: a non-negative integer (the messages of the TypeScript checks).
func checkCount(v any) string {
	if _, isNum := v.(json.Number); !isNum {
		if v == nil {
			return "expected number, got nothing"
		}
		return "expected number, got " + describeValue(v)
	}
	n, isInt := isInt(v)
	if !isInt {
		return "expected int, got " + describeValue(v)
	}
	if n < 0 {
		return "Too small: expected number to be >=0, got " + describeValue(v)
	}
	return ""
}

// Page is one parsed response: items, the total, the page index when the response has one.
type Page struct {
	Items []any
	Total int64
	Index int64
	// HasIndex is true when the response says which page it is.
	HasIndex bool
}

// ParsePage reads a response by the definition's template, checking items and markers.
func ParsePage(l *defs.List, body any, uri string) (*Page, error) {
	shape := func(path []string, problem string) error {
		return &ShapeError{"GET", uri, jsonPath(path), problem}
	}
	itemsPath, _ := l.MarkerPath("$items")
	raw, ok := valueAt(body, itemsPath)
	arr, isArr := raw.([]any)
	if !ok || !isArr {
		if !ok {
			return nil, shape(itemsPath, "expected array, got nothing")
		}
		return nil, shape(itemsPath, "expected array, got "+describeValue(raw))
	}
	for i, item := range arr {
		if field, problem := CheckItem(l, item); problem != "" {
			p := jsonPath(itemsPath) + "[" + strconv.Itoa(i) + "]"
			if field != "" {
				p += "." + field
			}
			return nil, &ShapeError{"GET", uri, p, problem}
		}
	}
	page := &Page{Items: arr, Total: int64(len(arr))}
	if tp, has := l.MarkerPath("$total"); has {
		t, _ := valueAt(body, tp)
		if err := checkCount(t); err != "" {
			return nil, shape(tp, err)
		}
		page.Total, _ = isInt(t)
	}
	if ip, has := l.MarkerPath("$index"); has {
		if t, present := valueAt(body, ip); present && t != nil {
			if err := checkCount(t); err != "" {
				return nil, shape(ip, err)
			}
			page.Index, _ = isInt(t)
			page.HasIndex = true
		}
	}
	return page, nil
}

// Lister lists one list through a client: the first page, then every other page at once.
type Lister struct {
	Client   *Client
	Location Location
	// PageSize asked for first (default FirstPageSize).
	PageSize int
	// OnRequest is called with each request's URI (tests, bench).
	OnRequest func(uri string)
}

// FetchPage fetches one response; index and size are -1 for a list that does not page.
func (ls *Lister) FetchPage(ctx context.Context, l *defs.List, query map[string]any, index, size, maxRetries int) (*Page, error) {
	origin, basePath := ls.Location.Origin(l)
	wireIndex := index
	if l.Paging.Style == "offset" && index >= 0 {
		wireIndex = index * size
	}
	uri := RequestURI(basePath+l.Path, QueryString(QueryPairs(l, query, wireIndex, size)))
	if ls.OnRequest != nil {
		ls.OnRequest(uri)
	}
	body, err := ls.Client.GetJSON(ctx, origin, uri, maxRetries)
	if err != nil {
		return nil, err
	}
	return ParsePage(l, body, uri)
}

// PrepareQuery validates the query and applies the site's fixed parameters and the region's only
// values.
func PrepareQuery(l *defs.List, loc Location, in map[string]any) (map[string]any, error) {
	q, err := ValidateQuery(l, in)
	if err != nil {
		return nil, err
	}
	for name, value := range l.SiteFixedParams[loc.Site] {
		if v, set := q[name]; set && valueText(v) != value {
			return nil, &QueryError{Param: name, Message: fmt.Sprintf("%s %s is not served by %s on the %s site (%s only, GET %s%s); leave %s out or use %s", name, jsonQuote(valueText(v)), l.Title, loc.Site, value, l.BasePathOn(loc.Site), l.Path, name, jsonQuote(value))}
		}
		delete(q, name) // never sent there
	}
	if l.Regional {
		for name, value := range l.RegionOnlyValues[loc.Region] {
			if v, set := q[name]; set && valueText(v) != value {
				return nil, &QueryError{Param: name, Message: fmt.Sprintf("%s %s is not served by %s in region %s (%s only); leave %s out or use %s", name, jsonQuote(valueText(v)), l.Title, loc.Region, value, name, jsonQuote(value))}
			}
		}
	}
	return q, nil
}

// ListAll lists every item matching an already prepared query, in server order.
func (ls *Lister) ListAll(ctx context.Context, l *defs.List, q map[string]any) ([]any, error) {
	if l.Paging.Style == "none" {
		p, err := ls.FetchPage(ctx, l, q, -1, -1, -1)
		if err != nil {
			return nil, err
		}
		return p.Items, nil
	}
	_, basePath := ls.Location.Origin(l)
	where := basePath + l.Path
	fail := func(format string, args ...any) error {
		return &PagingError{Path: where, Problem: fmt.Sprintf(format, args...)}
	}
	start := ls.PageSize
	if start <= 0 {
		start = FirstPageSize
	}
	sizes := []int{start}
	for _, s := range []int{FallbackPageSize, l.Paging.DefaultSize} {
		dup := false
		for _, x := range sizes {
			dup = dup || x == s
		}
		if s > 0 && s <= start && !dup {
			sizes = append(sizes, s)
		}
	}
	var first *Page
	var err error
	for i, s := range sizes {
		last := i == len(sizes)-1
		retries := -1
		if !last {
			retries = 1
		}
		first, err = ls.FetchPage(ctx, l, q, 0, s, retries)
		if err == nil {
			break
		}
		if last || !IsPageSizeRefusal(err) {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var seenMu sync.Mutex
	checkUnique := func(items []any) error {
		seenMu.Lock()
		defer seenMu.Unlock()
		for _, it := range items {
			id, _ := it.(map[string]any)[l.IDField].(string)
			if seen[id] {
				return fail("the item %s came twice: the server repeated items", jsonQuote(id))
			}
			seen[id] = true
		}
		return nil
	}
	total := first.Total
	size := int64(len(first.Items))
	if size > total {
		return nil, fail("the first page holds %d items but the server's total is %d", size, total)
	}
	if err := checkUnique(first.Items); err != nil {
		return nil, err
	}
	if size == total {
		return first.Items, nil
	}
	if size == 0 {
		return nil, fail("the first page is empty but the server's total is %d", total)
	}
	pageCount := (total + size - 1) / size
	if pageCount > MaxPages {
		return nil, fail("the server reports %d items, %d pages of %d: more than the %d pages this provider lists", total, pageCount, size, MaxPages)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rest := make([][]any, pageCount-1)
	errs := make([]error, pageCount-1)
	next := make(chan int)
	var wg sync.WaitGroup
	workers := Concurrency
	if int64(workers) > pageCount-1 {
		workers = int(pageCount - 1)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				index := int64(i + 1)
				page, err := ls.FetchPage(ctx, l, q, int(index), int(size), -1)
				if err == nil {
					expected := size
					if index == pageCount-1 {
						expected = total - index*size
					}
					switch {
					case page.Total != total:
						err = fail("the total changed from %d to %d during the listing (page %d)", total, page.Total, index)
					case page.HasIndex && page.Index != index && l.Paging.Style == "page":
						err = fail("asked for page %d but the server answered page %d", index, page.Index)
					case int64(len(page.Items)) != expected:
						err = fail("page %d holds %d items, expected %d of %d at %d a page", index, len(page.Items), expected, total, size)
					default:
						err = checkUnique(page.Items)
					}
				}
				if err != nil {
					errs[i] = err
					cancel()
					continue
				}
				rest[i] = page.Items
			}
		}()
	}
feed:
	for i := 0; i < int(pageCount-1); i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for _, e := range errs {
		if e != nil && e != context.Canceled {
			return nil, e
		}
	}
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	all := append([]any{}, first.Items...)
	for _, items := range rest {
		all = append(all, items...)
	}
	return all, nil
}
