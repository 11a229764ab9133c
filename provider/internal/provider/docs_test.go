package provider

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var update = flag.Bool("update", false, "write the docs pages")

// The Registry pages under provider/docs are generated from the schemas and must be current.
func TestDocs(t *testing.T) {
	dir := filepath.Join("..", "..", "docs")
	pages := Docs()
	if *update {
		os.RemoveAll(filepath.Join(dir, "data-sources"))
		for rel, text := range pages {
			os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755)
			if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var want []string
	for rel := range pages {
		want = append(want, rel)
	}
	sort.Strings(want)
	entries, _ := os.ReadDir(filepath.Join(dir, "data-sources"))
	var got []string
	for _, e := range entries {
		got = append(got, "data-sources/"+e.Name())
	}
	got = append(got, "index.md")
	sort.Strings(got)
	if len(got) != len(want) {
		t.Errorf("docs pages %v, the schema has %v: run go test ./internal/provider -run TestDocs -update", got, want)
	}
	for rel, text := range pages {
		have, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || string(have) != text {
			t.Errorf("docs/%s is stale or missing: run go test ./internal/provider -run TestDocs -update", rel)
		}
	}
}
