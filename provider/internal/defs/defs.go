// Package defs holds the list definitions the provider reads: the built-in ones, exported from the
// TypeScript registry by `npm run generate` and embedded here, and users' own (a JSON definition in
// the shape `registerList` takes). Nothing about a list is written by hand in Go.
package defs

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

//go:embed definitions.json
var embedded []byte

// Param is a query parameter besides paging.
type Param struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Values      []string `json:"values,omitempty"`
	MinLength   *int     `json:"minLength,omitempty"`
	MaxLength   *int     `json:"maxLength,omitempty"`
	Description string   `json:"description"`
	DefaultWhen *struct {
		Param string `json:"param"`
		Value string `json:"value"`
	} `json:"defaultWhen,omitempty"`
}

// Paging says how a list pages and where a response holds its items, total and index.
type Paging struct {
	Style       string         `json:"style"`
	IndexParam  string         `json:"indexParam,omitempty"`
	SizeParam   string         `json:"sizeParam,omitempty"`
	ParamsFirst bool           `json:"paramsFirst,omitempty"`
	DefaultSize int            `json:"defaultSize,omitempty"`
	IntRange    string         `json:"intRange,omitempty"`
	Response    map[string]any `json:"response"`
}

// Field is one documented item field, in definition order.
type Field struct {
	Name string
	Type string // string | boolean | integer | string[] | json
}

// List is one list's definition.
type List struct {
	Kind             string                       `json:"kind"`
	Title            string                       `json:"title"`
	Service          string                       `json:"service"`
	BasePath         string                       `json:"basePath"`
	SiteBasePaths    map[string]string            `json:"siteBasePaths,omitempty"`
	SiteFixedParams  map[string]map[string]string `json:"siteFixedParams,omitempty"`
	Regional         bool                         `json:"regional,omitempty"`
	RegionOnlyValues map[string]map[string]string `json:"regionOnlyValues,omitempty"`
	Path             string                       `json:"path"`
	Params           []Param                      `json:"params"`
	WireOrder        []string                     `json:"wireOrder,omitempty"`
	FieldTypes       map[string]string            `json:"fields"`
	IDField          string                       `json:"idField"`
	NameField        string                       `json:"nameField"`
	NrnField         string                       `json:"nrnField,omitempty"`
	Paging           Paging                       `json:"paging"`

	// Fields in the definition's order.
	Fields []Field `json:"-"`
}

// Hosts are the facts about NCP's hosts that endpoints derive from.
type Hosts struct {
	SiteDomains        map[string]string   `json:"siteDomains"`
	Regions            map[string][]string `json:"regions"`
	RegionHostPrefixes map[string]string   `json:"regionHostPrefixes"`
	RegionAliases      map[string]string   `json:"regionAliases"`
}

type export struct {
	Lists []json.RawMessage `json:"lists"`
	Hosts Hosts             `json:"hosts"`
}

var (
	builtIn []*List
	hosts   Hosts
)

func init() {
	var e export
	if err := json.Unmarshal(embedded, &e); err != nil {
		panic(fmt.Sprintf("embedded definitions.json: %v", err))
	}
	hosts = e.Hosts
	for _, raw := range e.Lists {
		l, err := Parse(raw)
		if err != nil {
			panic(fmt.Sprintf("embedded definitions.json: %v", err))
		}
		builtIn = append(builtIn, l)
	}
}

// BuiltIn returns the built-in lists, in the registry's order.
func BuiltIn() []*List { return builtIn }

// HostFacts returns the facts about NCP's hosts.
func HostFacts() Hosts { return hosts }

// Find returns the built-in list of a kind, or nil.
func Find(kind string) *List {
	for _, l := range builtIn {
		if l.Kind == kind {
			return l
		}
	}
	return nil
}

// fieldOrder reads the keys of the "fields" object in their order in the text.
func fieldOrder(raw []byte) ([]string, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	f, ok := top["fields"]
	if !ok {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(f)))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// DefinitionError is a definition that cannot be used, naming the field.
type DefinitionError struct {
	Field   string
	Problem string
}

func (e *DefinitionError) Error() string {
	if e.Field == "" {
		return "definition: " + e.Problem
	}
	return "definition." + e.Field + ": " + e.Problem
}

func bad(field, format string, args ...any) error {
	return &DefinitionError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

var (
	kindPattern    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)
	servicePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	paramPattern   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
	fieldTypes     = map[string]bool{"string": true, "boolean": true, "integer": true, "string[]": true, "json": true}
	markers        = map[string]bool{"$items": true, "$total": true, "$index": true, "$size": true, "$pages": true, "$hasNext": true, "$hasPrevious": true, "$isFirst": true, "$isLast": true, "$unfiltered": true}
)

func validPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r < 0x21 || r == 0x7f || r == '?' || r == '#' || r == '\\' {
			return false
		}
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// Parse reads and checks one definition in the shape `registerList` takes (JSON). Defaults are those
// of the TypeScript registry: wire order as the params, no nrn field.
func Parse(raw []byte) (*List, error) {
	var probe any
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, bad("", "is not valid JSON (%v)", err)
	}
	if _, ok := probe.(map[string]any); !ok {
		return nil, bad("", "must be a JSON object")
	}
	obj := probe.(map[string]any)
	for _, req := range []string{"kind", "title", "service", "basePath", "path", "params", "fields", "idField", "nameField", "paging"} {
		if _, ok := obj[req]; !ok {
			return nil, bad(req, "is missing (a definition needs kind, title, service, basePath, path, params, fields, idField, nameField and paging)")
		}
	}
	var l List
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(&l); err != nil {
		field := ""
		if te, ok := err.(*json.UnmarshalTypeError); ok {
			field = te.Field
			return nil, bad(field, "has the wrong type (%s, expected %s)", te.Value, te.Type.String())
		}
		return nil, bad(field, "%v", err)
	}
	if !kindPattern.MatchString(l.Kind) {
		return nil, bad("kind", "%q is not a list kind: lower-case letters, digits and -, starting with a letter", l.Kind)
	}
	if strings.TrimSpace(l.Title) == "" {
		return nil, bad("title", "must not be empty")
	}
	if !servicePattern.MatchString(l.Service) {
		return nil, bad("service", "%q is not a host label (lower-case letters, digits and -)", l.Service)
	}
	if !validPath(l.BasePath) {
		return nil, bad("basePath", "%q must be an absolute path (starting with one /, no spaces, ?, #, . or .. segments)", l.BasePath)
	}
	for site, p := range l.SiteBasePaths {
		if _, ok := hosts.SiteDomains[site]; !ok && len(hosts.SiteDomains) > 0 {
			return nil, bad("siteBasePaths."+site, "is not a site (public, gov or fin)")
		}
		if !validPath(p) {
			return nil, bad("siteBasePaths."+site, "%q must be an absolute path", p)
		}
	}
	if !validPath(l.Path) {
		return nil, bad("path", "%q must be an absolute path (starting with one /, no spaces, ?, #, . or .. segments)", l.Path)
	}
	seen := map[string]bool{}
	for i, p := range l.Params {
		at := fmt.Sprintf("params[%d]", i)
		if !paramPattern.MatchString(p.Name) {
			return nil, bad(at+".name", "%q is not a parameter name", p.Name)
		}
		if seen[p.Name] {
			return nil, bad(at+".name", "%q is given twice", p.Name)
		}
		seen[p.Name] = true
		switch p.Type {
		case "string", "boolean":
		case "enum":
			if len(p.Values) == 0 {
				return nil, bad(at+".values", "an enum needs its values")
			}
		default:
			return nil, bad(at+".type", "%q is not a parameter type (string, boolean or enum)", p.Type)
		}
	}
	for i, w := range l.WireOrder {
		if !seen[w] {
			return nil, bad(fmt.Sprintf("wireOrder[%d]", i), "%q is not one of the params", w)
		}
	}
	if len(l.WireOrder) == 0 {
		for _, p := range l.Params {
			l.WireOrder = append(l.WireOrder, p.Name)
		}
	}
	if len(l.FieldTypes) == 0 {
		return nil, bad("fields", "must name at least the id and name fields")
	}
	order, err := fieldOrder(raw)
	if err != nil {
		return nil, bad("fields", "%v", err)
	}
	for _, name := range order {
		t := l.FieldTypes[name]
		if !fieldTypes[t] {
			return nil, bad("fields."+name, "%q is not a field type (string, boolean, integer, string[] or json)", t)
		}
		if SnakeCase(name) == "" {
			return nil, bad("fields."+name, "is not a usable field name")
		}
		l.Fields = append(l.Fields, Field{Name: name, Type: t})
	}
	for _, f := range []struct{ name, value string }{{"idField", l.IDField}, {"nameField", l.NameField}} {
		t, ok := l.FieldTypes[f.value]
		if !ok {
			return nil, bad(f.name, "%q is not one of the fields (%s)", f.value, strings.Join(order, ", "))
		}
		if t != "string" {
			return nil, bad(f.name, "%q must be a string field, not %s", f.value, t)
		}
	}
	if l.NrnField != "" {
		if _, ok := l.FieldTypes[l.NrnField]; !ok {
			return nil, bad("nrnField", "%q is not one of the fields", l.NrnField)
		}
	}
	pg := l.Paging
	switch pg.Style {
	case "none":
	case "page", "offset":
		if !paramPattern.MatchString(pg.IndexParam) {
			return nil, bad("paging.indexParam", "a %s-style list needs its index parameter", pg.Style)
		}
		if !paramPattern.MatchString(pg.SizeParam) {
			return nil, bad("paging.sizeParam", "a %s-style list needs its size parameter", pg.Style)
		}
	default:
		return nil, bad("paging.style", "%q is not a paging style (none, page or offset)", pg.Style)
	}
	if pg.Response == nil {
		return nil, bad("paging.response", "is missing: the shape of a response, with \"$items\" where the items are")
	}
	found := map[string]string{}
	if err := collectMarkers(pg.Response, "", found); err != nil {
		return nil, err
	}
	if _, ok := found["$items"]; !ok {
		return nil, bad("paging.response", "has no \"$items\" marker: say where a response holds the items")
	}
	if _, ok := found["$total"]; !ok && pg.Style != "none" {
		return nil, bad("paging.response", "has no \"$total\" marker: a paged list needs the total")
	}
	return &l, nil
}

func collectMarkers(t any, prefix string, out map[string]string) error {
	switch v := t.(type) {
	case string:
		if strings.HasPrefix(v, "$") {
			if !markers[v] {
				return bad("paging.response"+prefix, "%q is not a marker", v)
			}
			out[v] = prefix
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := collectMarkers(v[k], prefix+"."+k, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// MarkerPath returns the dotted path of a marker in the response template ("" for the top), and
// whether it is there.
func (l *List) MarkerPath(marker string) ([]string, bool) {
	found := map[string]string{}
	_ = collectMarkers(l.Paging.Response, "", found)
	p, ok := found[marker]
	if !ok {
		return nil, false
	}
	if p == "" {
		return nil, true
	}
	return strings.Split(strings.TrimPrefix(p, "."), "."), true
}

// Param returns the parameter of a name, or nil.
func (l *List) Param(name string) *Param {
	for i := range l.Params {
		if l.Params[i].Name == name {
			return &l.Params[i]
		}
	}
	return nil
}

// BasePathOn is the list's base path on a site.
func (l *List) BasePathOn(site string) string {
	if p, ok := l.SiteBasePaths[site]; ok {
		return p
	}
	return l.BasePath
}

// Singular is the kind of one item: policies → policy, packages → package.
func (l *List) Singular() string {
	k := strings.ReplaceAll(l.Kind, "-", "_")
	switch {
	case strings.HasSuffix(k, "ies"):
		return strings.TrimSuffix(k, "ies") + "y"
	case strings.HasSuffix(k, "sses"):
		return strings.TrimSuffix(k, "es")
	case strings.HasSuffix(k, "s"):
		return strings.TrimSuffix(k, "s")
	}
	return k
}

// SnakeCase is an API name as a Terraform attribute name: policyName → policy_name,
// hasStageNotAssociatedWithUsagePlanId → has_stage_not_associated_with_usage_plan_id, roleNRN → role_nrn.
func SnakeCase(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case unicode.IsUpper(r):
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			prevUpper := i > 0 && unicode.IsUpper(rs[i-1])
			if b.Len() > 0 && (prevLower || (prevUpper && nextLower)) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLower(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	out := strings.Trim(b.String(), "_")
	if out != "" && unicode.IsDigit(rune(out[0])) {
		out = "_" + out
	}
	return out
}

// Attribute is one argument or attribute of a data source: the API name it stands for and its
// Terraform type (string, bool, number, list(string)).
type Attribute struct {
	Param string `json:"param,omitempty"`
	Field string `json:"field,omitempty"`
	Type  string `json:"type"`
}

// DataSourceSchema is how a list appears as data sources (the TypeScript side derives the same:
// lib/lists/data-source.ts; conformance/schema.json checks both).
type DataSourceSchema struct {
	Plural   string               `json:"plural"`
	Singular string               `json:"singular"`
	Filters  map[string]Attribute `json:"filters"`
	Item     map[string]Attribute `json:"item"`
}

// TerraformType is the Terraform type of a field type; a json field is its JSON text.
func TerraformType(fieldType string) string {
	switch fieldType {
	case "boolean":
		return "bool"
	case "integer":
		return "number"
	case "string[]":
		return "list(string)"
	}
	return "string"
}

// Schema derives the list's data sources from its definition.
func (l *List) Schema() DataSourceSchema {
	s := DataSourceSchema{
		Plural:   "ncloudlookups_" + strings.ReplaceAll(l.Kind, "-", "_"),
		Singular: "ncloudlookups_" + l.Singular(),
		Filters:  map[string]Attribute{},
		Item:     map[string]Attribute{},
	}
	for _, p := range l.Params {
		t := "string"
		if p.Type == "boolean" {
			t = "bool"
		}
		s.Filters[SnakeCase(p.Name)] = Attribute{Param: p.Name, Type: t}
	}
	for _, f := range l.Fields {
		s.Item[SnakeCase(f.Name)] = Attribute{Field: f.Name, Type: TerraformType(f.Type)}
	}
	return s
}
