package ncp

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
)

// The shared conformance cases (conformance/*.json), run against the Go runtime; jest runs the same
// files against the TypeScript one (test/conformance.test.ts).

var conformanceDir = filepath.Join("..", "..", "..", "conformance")

// groups are the groups of cases this runtime runs, per file: every file and group must be here.
var groups = map[string][]string{
	"signatures.json":  {"vectors"},
	"query.json":       {"encode", "requests"},
	"locations.json":   {"cases"},
	"matching.json":    {"nearest", "notFound", "nfc"},
	"credentials.json": {"cases"},
	"schema.json":      {"cases"},
	"responses.json":   {"cases"},
	"paging.json":      {"cases"},
}

var meta = map[string]bool{"description": true, "generatedWith": true, "opensslVersion": true}

type caseMap = map[string]any

func load(t *testing.T, file string) map[string][]caseMap {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(conformanceDir, file))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	out := map[string][]caseMap{}
	for k, v := range top {
		if meta[k] {
			continue
		}
		var cs []caseMap
		if err := json.Unmarshal(v, &cs); err != nil {
			t.Fatalf("%s %s: %v", file, k, err)
		}
		out[k] = cs
	}
	return out
}

func str(c caseMap, k string) string { s, _ := c[k].(string); return s }

func name(c caseMap, i int) string {
	for _, k := range []string{"name", "wanted", "text"} {
		if s := str(c, k); s != "" {
			return s
		}
	}
	return strconv.Itoa(i)
}

func strMap(v any) map[string]string {
	out := map[string]string{}
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			out[k] = fmt.Sprint(x)
		}
	}
	return out
}

func strList(v any) []string {
	var out []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}

// failed checks err against the case's "error" (a substring the message must hold): true when the case
// expects an error (and err has it); a case that expects none fails the test on any error.
func failed(t *testing.T, c caseMap, err error) bool {
	t.Helper()
	if want := str(c, "error"); want != "" {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want %q", err, want)
		}
		return true
	}
	if err != nil {
		t.Fatal(err)
	}
	return false
}

func envOf(m map[string]string) Env {
	return func(k string) string { return m[k] }
}

func TestConformanceFiles(t *testing.T) {
	entries, err := os.ReadDir(conformanceDir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			files = append(files, e.Name())
		}
	}
	var known []string
	for f := range groups {
		known = append(known, f)
	}
	sort.Strings(files)
	sort.Strings(known)
	if !reflect.DeepEqual(files, known) {
		t.Fatalf("conformance files %v, this runtime runs %v: a file this runtime does not run fails it", files, known)
	}
	for _, f := range files {
		var got []string
		for g := range load(t, f) {
			got = append(got, g)
		}
		want := append([]string{}, groups[f]...)
		sort.Strings(got)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s holds groups %v, this runtime runs %v", f, got, want)
		}
	}
}

func TestConformanceSignatures(t *testing.T) {
	for i, v := range load(t, "signatures.json")["vectors"] {
		t.Run(name(v, i), func(t *testing.T) {
			var pairs []Pair
			for _, p := range v["query"].([]any) {
				pp := p.([]any)
				pairs = append(pairs, Pair{pp[0].(string), pp[1].(string)})
			}
			uri := str(v, "requestUri")
			want := ""
			if i := strings.Index(uri, "?"); i >= 0 {
				want = uri[i+1:]
			}
			if got := QueryString(pairs); got != want {
				t.Errorf("query %q, want %q", got, want)
			}
			if got := SignV2(str(v, "method"), uri, str(v, "timestamp"), str(v, "accessKey"), str(v, "secretKey")); got != str(v, "signature") {
				t.Errorf("signature %q, want %q", got, str(v, "signature"))
			}
		})
	}
}

func TestConformanceQuery(t *testing.T) {
	q := load(t, "query.json")
	for i, c := range q["encode"] {
		t.Run("encode "+name(c, i), func(t *testing.T) {
			if got := EncodeRFC3986(str(c, "text")); got != str(c, "encoded") {
				t.Errorf("got %q, want %q", got, str(c, "encoded"))
			}
		})
	}
	for i, c := range q["requests"] {
		t.Run(name(c, i), func(t *testing.T) {
			l := defs.Find(str(c, "list"))
			loc, err := ResolveLocation(Settings{Site: str(c, "site"), Region: str(c, "region")}, envOf(nil))
			if err != nil {
				t.Fatal(err)
			}
			query, err := PrepareQuery(l, loc, c["query"].(map[string]any))
			if failed(t, c, err) {
				return
			}
			index, size := -1, -1
			if v, ok := c["index"].(float64); ok {
				index = int(v)
			}
			if v, ok := c["size"].(float64); ok {
				size = int(v)
			}
			if l.Paging.Style == "offset" && index >= 0 {
				index *= size
			}
			_, base := loc.Origin(l)
			got := RequestURI(base+l.Path, QueryString(QueryPairs(l, query, index, size)))
			if got != str(c, "uri") {
				t.Errorf("got %q, want %q", got, str(c, "uri"))
			}
		})
	}
}

func TestConformanceLocations(t *testing.T) {
	for i, c := range load(t, "locations.json")["cases"] {
		t.Run(name(c, i), func(t *testing.T) {
			s := strMap(c["settings"])
			env := strMap(c["env"])
			env["HOME"] = "/nonexistent"
			loc, err := ResolveLocation(Settings{Site: s["site"], Region: s["region"], Endpoint: s["endpoint"]}, envOf(env))
			if failed(t, c, err) {
				return
			}
			origin, base := loc.Origin(defs.Find(str(c, "list")))
			if origin != str(c, "origin") || base != str(c, "basePath") {
				t.Errorf("got %s %s, want %s %s", origin, base, str(c, "origin"), str(c, "basePath"))
			}
		})
	}
}

func TestConformanceMatching(t *testing.T) {
	m := load(t, "matching.json")
	for i, c := range m["nearest"] {
		t.Run("nearest "+name(c, i), func(t *testing.T) {
			got := NearestNames(str(c, "wanted"), strList(c["names"]), 3)
			want := strList(c["expect"])
			if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	for i, c := range m["notFound"] {
		t.Run("notFound "+name(c, i), func(t *testing.T) {
			names := strList(c["names"])
			filters, _ := c["filters"].(map[string]any)
			got := NotFoundMessage(str(c, "where"), str(c, "title"), str(c, "name"), len(names), DescribeFilters(filters), names)
			if got != str(c, "message") {
				t.Errorf("got  %s\nwant %s", got, str(c, "message"))
			}
		})
	}
	for i, c := range m["nfc"] {
		t.Run(fmt.Sprintf("nfc %d", i), func(t *testing.T) {
			found := -1
			for j, n := range strList(c["names"]) {
				if NFC(n) == NFC(str(c, "wanted")) && found < 0 {
					found = j
				}
			}
			want := -1
			if f, ok := c["found"].(float64); ok {
				want = int(f)
			}
			if found != want {
				t.Errorf("found %d, want %d", found, want)
			}
		})
	}
}

func TestConformanceCredentials(t *testing.T) {
	for i, c := range load(t, "credentials.json")["cases"] {
		t.Run(name(c, i), func(t *testing.T) {
			home := t.TempDir()
			if conf, ok := c["configure"].(string); ok {
				os.MkdirAll(filepath.Join(home, ".ncloud"), 0o700)
				os.WriteFile(filepath.Join(home, ".ncloud", "configure"), []byte(conf), 0o600)
			}
			s := strMap(c["settings"])
			env := strMap(c["env"])
			env["HOME"] = home
			env["NCLOUD_LOOKUPS_SERVER_ROLE"] = "off"
			creds, err := ResolveCredentials(Settings{AccessKey: s["accessKey"], SecretKey: s["secretKey"], Profile: s["profile"]}, envOf(env), &ServerRole{})
			if subs := strList(c["errorIncludes"]); len(subs) > 0 {
				if err == nil {
					t.Fatalf("got keys %s, want an error", creds.AccessKey)
				}
				for _, want := range subs {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not hold %q", err.Error(), want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if creds.AccessKey != str(c, "accessKey") || creds.SecretKey() != str(c, "secretKey") {
				t.Errorf("got %s, want %s", creds.AccessKey, str(c, "accessKey"))
			}
		})
	}
}

func TestConformanceSchema(t *testing.T) {
	for i, c := range load(t, "schema.json")["cases"] {
		t.Run(name(c, i), func(t *testing.T) {
			var l *defs.List
			if k := str(c, "list"); k != "" {
				l = defs.Find(k)
			} else {
				raw, _ := json.Marshal(c["definition"])
				var err error
				if l, err = defs.Parse(raw); err != nil {
					t.Fatal(err)
				}
			}
			got, _ := json.Marshal(l.Schema())
			want, _ := json.Marshal(c["expect"])
			var g, w any
			json.Unmarshal(got, &g)
			json.Unmarshal(want, &w)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestConformanceResponses(t *testing.T) {
	for i, c := range load(t, "responses.json")["cases"] {
		t.Run(name(c, i), func(t *testing.T) {
			raw, _ := json.Marshal(c["body"])
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.UseNumber()
			var body any
			dec.Decode(&body)
			_, err := ParsePage(defs.Find(str(c, "list")), body, "/x")
			failed(t, c, err)
		})
	}
}

// fill is a page as the response template says, filled from the values.
func fill(template any, v map[string]any) any {
	switch t := template.(type) {
	case string:
		if strings.HasPrefix(t, "$") {
			return v[t]
		}
	case map[string]any:
		out := map[string]any{}
		for k, x := range t {
			out[k] = fill(x, v)
		}
		return out
	}
	return template
}

func TestConformancePaging(t *testing.T) {
	for i, c := range load(t, "paging.json")["cases"] {
		t.Run(name(c, i), func(t *testing.T) {
			l := defs.Find(str(c, "list"))
			count := int(c["count"].(float64))
			capN := int(c["cap"].(float64))
			items := make([]map[string]any, count)
			for i := range items {
				items[i] = map[string]any{l.IDField: fmt.Sprintf("id-%d", i), l.NameField: fmt.Sprintf("item-%d", i)}
			}
			var mu sync.Mutex
			var requests []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				requests = append(requests, r.URL.RequestURI())
				n := len(requests)
				mu.Unlock()
				send := func(status int, body any) {
					w.Header().Set("content-type", "application/json")
					w.WriteHeader(status)
					json.NewEncoder(w).Encode(body)
				}
				if ff, ok := c["failFirst"].(map[string]any); ok && n == 1 {
					if ra, ok := ff["retryAfter"].(string); ok {
						w.Header().Set("retry-after", ra)
					}
					status := int(ff["status"].(float64))
					send(status, map[string]any{"error": map[string]any{"errorCode": strconv.Itoa(status), "message": "test failure"}})
					return
				}
				if l.Paging.Style == "none" {
					send(200, fill(l.Paging.Response, map[string]any{"$items": items, "$total": len(items)}))
					return
				}
				size, _ := strconv.Atoi(r.URL.Query().Get(l.Paging.SizeParam))
				at, _ := strconv.Atoi(r.URL.Query().Get(l.Paging.IndexParam))
				if ra, ok := c["refuseAbove"].(float64); ok && size > int(ra) {
					send(400, map[string]any{"error": map[string]any{"errorCode": "400", "message": "page size too large"}})
					return
				}
				served := min(size, capN)
				page := at
				if l.Paging.Style == "offset" {
					page = at / served
				}
				start := page * served
				if rp, ok := c["repeatPage"].(float64); ok && int(rp) == page {
					start = 0
				}
				end := min(start+served, len(items))
				if start > end {
					start = end
				}
				pages := int(math.Ceil(float64(len(items)) / float64(served)))
				send(200, fill(l.Paging.Response, map[string]any{
					"$items": items[start:end], "$total": len(items), "$index": page, "$size": served, "$pages": pages, "$unfiltered": len(items),
					"$hasNext": page+1 < pages, "$hasPrevious": page > 0, "$isFirst": page == 0, "$isLast": page+1 >= pages,
				}))
			}))
			defer srv.Close()
			client := NewClient(func() (*Credentials, error) {
				return &Credentials{AccessKey: "AK", secretKey: "SK", Source: "test"}, nil
			})
			client.BaseDelay = time.Millisecond
			loc, _ := ResolveLocation(Settings{Endpoint: srv.URL}, envOf(nil))
			ls := &Lister{Client: client, Location: loc}
			q, _ := c["query"].(map[string]any)
			if q == nil {
				q = map[string]any{}
			}
			prepared, err := PrepareQuery(l, loc, q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ls.ListAll(context.Background(), l, prepared)
			if !failed(t, c, err) {
				if len(got) != int(c["items"].(float64)) {
					t.Fatalf("%d items, want %v", len(got), c["items"])
				}
				for i, it := range got {
					if it.(map[string]any)[l.IDField] != items[i][l.IDField] {
						t.Fatalf("item %d is %v, want %v (server order)", i, it, items[i])
					}
				}
			}
			if want := strList(c["requests"]); want != nil {
				sort.Strings(want)
				mu.Lock()
				gotReq := append([]string{}, requests...)
				mu.Unlock()
				sort.Strings(gotReq)
				if !reflect.DeepEqual(gotReq, want) {
					t.Errorf("requests\n got %q\nwant %q", gotReq, want)
				}
			}
		})
	}
}
