package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
)

// Docs renders the Terraform Registry's pages from the schemas: index.md and
// data-sources/<name>.md (without the provider prefix), keyed by their path under docs/.
// `go test ./internal/provider -run TestDocs -update` writes them; the test fails when they are stale.
func Docs() map[string]string {
	ctx := context.Background()
	p := New("docs")().(*Provider)
	out := map[string]string{}
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	var idx strings.Builder
	idx.WriteString("---\npage_title: \"ncloudlookups Provider\"\ndescription: |-\n  NAVER Cloud Platform lists as data sources, derived from the list definitions of cdktf-ncloud-lookups.\n---\n\n")
	idx.WriteString("# ncloudlookups Provider\n\n" + ps.Schema.Description + "\n\n")
	idx.WriteString("Generated from the provider's schema (`go test ./internal/provider -run TestDocs -update`): do not edit.\n\n")
	idx.WriteString("## Example Usage\n\n```terraform\nterraform {\n  required_providers {\n    ncloudlookups = {\n      source = \"ncloud-lookups/ncloudlookups\"\n    }\n  }\n}\n\nprovider \"ncloudlookups\" {}\n\ndata \"ncloudlookups_policy\" \"viewer\" {\n  name = \"NCP_NCLOUD_STORAGE_VIEWER\"\n}\n```\n\n")
	idx.WriteString("## Schema\n\n### Optional\n\n")
	var names []string
	for n := range ps.Schema.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := ps.Schema.Attributes[n]
		sens := ""
		if a.(pschema.StringAttribute).Sensitive {
			sens = ", Sensitive"
		}
		fmt.Fprintf(&idx, "- `%s` (String%s) %s\n", n, sens, a.GetDescription())
	}
	idx.WriteString("\n## Data sources\n\n")
	for _, f := range p.DataSources(ctx) {
		ds := f()
		var m datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "ncloudlookups"}, &m)
		var s datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &s)
		short := strings.TrimPrefix(m.TypeName, "ncloudlookups_")
		fmt.Fprintf(&idx, "- [`%s`](data-sources/%s.md): %s\n", m.TypeName, short, s.Schema.Description)
		out["data-sources/"+short+".md"] = dataSourcePage(m.TypeName, s.Schema)
	}
	idx.WriteString("\nA `json` field of a definition (any JSON value, such as a profile's `role_nrn_list`) is a string holding its JSON text: read it with `jsondecode()`. Integers are numbers, booleans bools, `string[]` fields `list(string)`.\n")
	out["index.md"] = idx.String()
	return out
}

func typeOf(a dsschema.Attribute) string {
	switch x := a.(type) {
	case dsschema.StringAttribute:
		return "String"
	case dsschema.BoolAttribute:
		return "Boolean"
	case dsschema.Int64Attribute:
		return "Number"
	case dsschema.SetAttribute:
		return "Set of " + strings.TrimSuffix(strings.TrimPrefix(x.ElementType.String(), "basetypes."), "Type")
	case dsschema.ListAttribute:
		return "List of " + typeName2(x.ElementType.String())
	case dsschema.MapAttribute:
		return "Map of " + typeName2(x.ElementType.String())
	case dsschema.DynamicAttribute:
		return "Dynamic"
	}
	return fmt.Sprintf("%T", a)
}

func typeName2(t string) string {
	switch {
	case strings.HasPrefix(t, "types.ObjectType"), strings.HasPrefix(t, "basetypes.ObjectType"):
		return "Object"
	case strings.Contains(t, "StringType"):
		return "String"
	}
	return t
}

func dataSourcePage(name string, s dsschema.Schema) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\npage_title: \"%s Data Source - ncloudlookups\"\ndescription: |-\n  %s\n---\n\n# %s (Data Source)\n\n%s\n\n", name, s.Description, name, s.Description)
	b.WriteString("Generated from the provider's schema: do not edit.\n\n## Schema\n")
	groups := []struct {
		title string
		keep  func(a dsschema.Attribute) bool
	}{
		{"Required", func(a dsschema.Attribute) bool { return a.IsRequired() }},
		{"Optional", func(a dsschema.Attribute) bool { return a.IsOptional() }},
		{"Read-Only", func(a dsschema.Attribute) bool { return a.IsComputed() && !a.IsOptional() }},
	}
	var names []string
	for n := range s.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, g := range groups {
		first := true
		for _, n := range names {
			a := s.Attributes[n]
			if !g.keep(a) {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n### %s\n\n", g.title)
				first = false
			}
			fmt.Fprintf(&b, "- `%s` (%s) %s\n", n, typeOf(a), a.GetDescription())
		}
	}
	return b.String()
}
