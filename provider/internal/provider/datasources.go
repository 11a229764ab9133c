package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/ncp"
)

// attrType is the Terraform type of a definition's field type. A json field is its JSON text.
func attrType(fieldType string) attr.Type {
	switch fieldType {
	case "boolean":
		return types.BoolType
	case "integer":
		return types.Int64Type
	case "string[]":
		return types.ListType{ElemType: types.StringType}
	}
	return types.StringType
}

// itemObjectType is the object type of one item: its fields, snake_case.
func itemObjectType(l *defs.List) types.ObjectType {
	at := map[string]attr.Type{}
	for _, f := range l.Fields {
		at[defs.SnakeCase(f.Name)] = attrType(f.Type)
	}
	return types.ObjectType{AttrTypes: at}
}

// fieldValue is an item's field as a Terraform value of its type (null when missing).
func fieldValue(fieldType string, v any, present bool) attr.Value {
	if !present || v == nil {
		if fieldType == "json" && present {
			return types.StringValue("null")
		}
		switch fieldType {
		case "boolean":
			return types.BoolNull()
		case "integer":
			return types.Int64Null()
		case "string[]":
			return types.ListNull(types.StringType)
		}
		return types.StringNull()
	}
	switch fieldType {
	case "boolean":
		b, _ := v.(bool)
		return types.BoolValue(b)
	case "integer":
		n, _ := v.(json.Number)
		i, err := n.Int64()
		if err != nil {
			f, _ := n.Float64()
			i = int64(f)
		}
		return types.Int64Value(i)
	case "string[]":
		arr, _ := v.([]any)
		elems := make([]attr.Value, len(arr))
		for i, e := range arr {
			s, _ := e.(string)
			elems[i] = types.StringValue(s)
		}
		return types.ListValueMust(types.StringType, elems)
	case "json":
		b, _ := json.Marshal(v)
		return types.StringValue(string(b))
	}
	s, _ := v.(string)
	return types.StringValue(s)
}

// itemAttrs are an item's fields as Terraform values, by attribute name.
func itemAttrs(l *defs.List, item any) map[string]attr.Value {
	o, _ := item.(map[string]any)
	out := map[string]attr.Value{}
	for _, f := range l.Fields {
		v, present := o[f.Name]
		out[defs.SnakeCase(f.Name)] = fieldValue(f.Type, v, present)
	}
	return out
}

func itemName(l *defs.List, item any) string {
	o, _ := item.(map[string]any)
	s, _ := o[l.NameField].(string)
	return s
}

func itemID(l *defs.List, item any) string {
	o, _ := item.(map[string]any)
	s, _ := o[l.IDField].(string)
	return s
}

// byNameKeys are the keys of items as the constructs' outputs key them: the name, and for a second
// item of the same name `name#id`.
func byNameKeys(l *defs.List, items []any) []string {
	keys := make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		k := itemName(l, it)
		if seen[k] {
			k = k + "#" + itemID(l, it)
		}
		seen[k] = true
		keys[i] = k
	}
	return keys
}

// filterAttributes are the list's filters as optional arguments (snake_case of the API names).
func filterAttributes(l *defs.List, skip map[string]bool) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, p := range l.Params {
		name := defs.SnakeCase(p.Name)
		if skip[name] {
			continue
		}
		desc := fmt.Sprintf("Filter `%s`: %s.", p.Name, p.Description)
		if p.Type == "enum" {
			desc += " One of: " + strings.Join(p.Values, ", ") + "."
		}
		if p.MaxLength != nil {
			desc += fmt.Sprintf(" At most %d characters.", *p.MaxLength)
		}
		if p.Type == "boolean" {
			out[name] = schema.BoolAttribute{Optional: true, Description: desc}
		} else {
			out[name] = schema.StringAttribute{Optional: true, Description: desc}
		}
	}
	return out
}

// readFilters reads the filter arguments of a configuration into an API query (known values only).
func readFilters(ctx context.Context, l *defs.List, cfg tfsdk.Config) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := map[string]any{}
	for _, p := range l.Params {
		at := path.Root(defs.SnakeCase(p.Name))
		if p.Type == "boolean" {
			var v types.Bool
			diags.Append(cfg.GetAttribute(ctx, at, &v)...)
			if !v.IsNull() && !v.IsUnknown() {
				q[p.Name] = v.ValueBool()
			}
		} else {
			var v types.String
			diags.Append(cfg.GetAttribute(ctx, at, &v)...)
			if !v.IsNull() && !v.IsUnknown() {
				q[p.Name] = v.ValueString()
			}
		}
	}
	return q, diags
}

// anyUnknown is true when a filter or name is not known yet (then the read waits for apply).
func anyUnknown(ctx context.Context, cfg tfsdk.Config, names ...string) bool {
	for _, n := range names {
		var v attr.Value
		if d := cfg.GetAttribute(ctx, path.Root(n), &v); !d.HasError() && v != nil && v.IsUnknown() {
			return true
		}
	}
	return false
}

// readList lists l with query q through the provider block, reporting errors as diagnostics on the
// attributes that caused them.
func readList(ctx context.Context, c *configured, l *defs.List, q map[string]any, paramAttr func(string) path.Path) ([]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	if c == nil {
		diags.AddError("Provider not configured", "the ncloudlookups provider block was not configured")
		return nil, diags
	}
	prepared, err := ncp.PrepareQuery(l, c.loc, q)
	if err != nil {
		var qe *ncp.QueryError
		if errors.As(err, &qe) && paramAttr != nil {
			diags.AddAttributeError(paramAttr(qe.Param), "Invalid filter of "+l.Title, err.Error())
		} else {
			diags.AddError("Invalid filter of "+l.Title, err.Error())
		}
		return nil, diags
	}
	items, err := c.list(ctx, l, prepared)
	if err != nil {
		var ce *ncp.CredentialsError
		switch {
		case errors.As(err, &ce):
			diags.AddError("No NCP credentials", err.Error())
		default:
			diags.AddError("Cannot read "+l.Title, err.Error())
		}
		return nil, diags
	}
	return items, diags
}

// checkNames fails for each asked name no item has, with the constructs' "Did you mean".
func checkNames(l *defs.List, items []any, names []string, q map[string]any, at path.Path, where string) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(names) == 0 {
		return diags
	}
	have := map[string]bool{}
	all := make([]string, 0, len(items))
	for _, it := range items {
		n := itemName(l, it)
		have[ncp.NFC(n)] = true
		all = append(all, n)
	}
	for _, n := range names {
		if !have[ncp.NFC(n)] {
			diags.AddAttributeError(at, "No "+l.Title+" item named "+n, ncp.NotFoundMessage(where, l.Title, n, len(items), ncp.DescribeFilters(q), all))
		}
	}
	return diags
}

// findByName is the item of a name (matched under NFC), or how many items have it.
func findByName(l *defs.List, items []any, name string) (any, int) {
	want := ncp.NFC(name)
	var hit any
	n := 0
	for _, it := range items {
		if ncp.NFC(itemName(l, it)) == want {
			if n == 0 {
				hit = it
			}
			n++
		}
	}
	return hit, n
}

// listValues are the computed items, by_name and ids of a listing.
func listValues(l *defs.List, items []any) (attr.Value, attr.Value, attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	ot := itemObjectType(l)
	elems := make([]attr.Value, len(items))
	byName := map[string]attr.Value{}
	ids := map[string]attr.Value{}
	keys := byNameKeys(l, items)
	for i, it := range items {
		obj, d := types.ObjectValue(ot.AttrTypes, itemAttrs(l, it))
		diags.Append(d...)
		elems[i] = obj
		byName[keys[i]] = obj
		ids[keys[i]] = types.StringValue(itemID(l, it))
	}
	list, d := types.ListValue(ot, elems)
	diags.Append(d...)
	m, d := types.MapValue(ot, byName)
	diags.Append(d...)
	idm, d := types.MapValue(types.StringType, ids)
	diags.Append(d...)
	return list, m, idm, diags
}

func stringSet(ctx context.Context, cfg tfsdk.Config, name string) ([]string, diag.Diagnostics) {
	var s types.Set
	diags := cfg.GetAttribute(ctx, path.Root(name), &s)
	if s.IsNull() || s.IsUnknown() {
		return nil, diags
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	return out, diags
}

// ---------------------------------------------------------------------------------------------
// plural: ncloudlookups_<kind>

// withProvider is what every data source keeps of its provider block (set by Configure).
type withProvider struct{ c *configured }

func (d *withProvider) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, err := configuredFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Provider data", err.Error())
	}
	d.c = c
}

// builtIn is a data source of a built-in list: its filters are checked at validate time.
type builtIn struct {
	withProvider
	list *defs.List
}

func (d *builtIn) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	q, diags := readFilters(ctx, d.list, req.Config)
	resp.Diagnostics.Append(diags...)
	if _, err := ncp.ValidateQuery(d.list, q); err != nil {
		var qe *ncp.QueryError
		if errors.As(err, &qe) {
			resp.Diagnostics.AddAttributeError(path.Root(defs.SnakeCase(qe.Param)), "Invalid filter of "+d.list.Title, err.Error())
		}
	}
}

type pluralDataSource struct{ builtIn }

func (d *pluralDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + typeName(d.list.Kind)
}

func (d *pluralDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	ot := itemObjectType(d.list)
	attrs := filterAttributes(d.list, nil)
	attrs["names"] = schema.SetAttribute{ElementType: types.StringType, Optional: true, Description: "Names that must exist: the plan fails for a name no item has, with the nearest names (\"Did you mean\")."}
	attrs["items"] = schema.ListAttribute{ElementType: ot, Computed: true, Description: "Every item matching the filters, in server order; attributes are snake_case of NCP's field names."}
	attrs["by_name"] = schema.MapAttribute{ElementType: ot, Computed: true, Description: "The items by name (a second item of the same name under `name#id`)."}
	attrs["ids"] = schema.MapAttribute{ElementType: types.StringType, Computed: true, Description: fmt.Sprintf("Name to id (`%s`).", d.list.IDField)}
	resp.Schema = schema.Schema{
		Description: fmt.Sprintf("Lists %s (`GET %s%s`) at plan time.", d.list.Title, d.list.BasePath, d.list.Path),
		Attributes:  attrs,
	}
}

func (d *pluralDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	q, diags := readFilters(ctx, d.list, req.Config)
	resp.Diagnostics.Append(diags...)
	names, diags := stringSet(ctx, req.Config, "names")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	items, diags := readList(ctx, d.c, d.list, q, func(p string) path.Path { return path.Root(defs.SnakeCase(p)) })
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkNames(d.list, items, names, q, path.Root("names"), "data.ncloudlookups_"+typeName(d.list.Kind))...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, byName, ids, diags := listValues(d.list, items)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("items"), list)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("by_name"), byName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ids"), ids)...)
	copyConfig(ctx, req.Config, &resp.State, append(filterNames(d.list), "names"), &resp.Diagnostics)
}

func filterNames(l *defs.List) []string {
	var out []string
	for _, p := range l.Params {
		out = append(out, defs.SnakeCase(p.Name))
	}
	return out
}

// copyConfig keeps configured arguments in state as given.
func copyConfig(ctx context.Context, cfg tfsdk.Config, state *tfsdk.State, names []string, diags *diag.Diagnostics) {
	for _, n := range names {
		var v attr.Value
		diags.Append(cfg.GetAttribute(ctx, path.Root(n), &v)...)
		if v != nil {
			diags.Append(state.SetAttribute(ctx, path.Root(n), v)...)
		}
	}
}

// ---------------------------------------------------------------------------------------------
// singular: ncloudlookups_<one item>

type singularDataSource struct{ builtIn }

func (d *singularDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.list.Singular()
}

// shared are the item's fields that are also a filter or the name: set, they filter (and keep the
// value given); unset, they are the item's.
func (d *singularDataSource) shared() map[string]bool {
	out := map[string]bool{"name": true}
	for _, p := range d.list.Params {
		out[defs.SnakeCase(p.Name)] = true
	}
	return out
}

func (d *singularDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	fields := map[string]string{}
	for _, f := range d.list.Fields {
		fields[defs.SnakeCase(f.Name)] = f.Type
	}
	attrs := filterAttributes(d.list, nil)
	for name, a := range attrs {
		if t, isField := fields[name]; isField {
			desc := a.GetDescription() + " Also the item's field: set, it filters and keeps the value given; unset, it is the item's value."
			if t == "boolean" {
				attrs[name] = schema.BoolAttribute{Optional: true, Computed: true, Description: desc}
			} else {
				attrs[name] = schema.StringAttribute{Optional: true, Computed: true, Description: desc}
			}
		}
	}
	attrs["name"] = schema.StringAttribute{Required: true, Description: fmt.Sprintf("The item's name (`%s`, matched under Unicode normalization). The plan fails when no item has it, with the nearest names, or when several do.", d.list.NameField)}
	for _, f := range d.list.Fields {
		name := defs.SnakeCase(f.Name)
		if _, taken := attrs[name]; taken {
			continue
		}
		desc := fmt.Sprintf("The item's `%s`.", f.Name)
		switch f.Type {
		case "boolean":
			attrs[name] = schema.BoolAttribute{Computed: true, Description: desc}
		case "integer":
			attrs[name] = schema.Int64Attribute{Computed: true, Description: desc}
		case "string[]":
			attrs[name] = schema.ListAttribute{ElementType: types.StringType, Computed: true, Description: desc}
		case "json":
			attrs[name] = schema.StringAttribute{Computed: true, Description: desc + " Any JSON value, as JSON text: read it with jsondecode()."}
		default:
			attrs[name] = schema.StringAttribute{Computed: true, Description: desc}
		}
	}
	attrs["id"] = schema.StringAttribute{Computed: true, Description: fmt.Sprintf("The item's id (`%s`).", d.list.IDField)}
	resp.Schema = schema.Schema{
		Description: fmt.Sprintf("One of the %s (`GET %s%s`), by name, at plan time.", d.list.Title, d.list.BasePath, d.list.Path),
		Attributes:  attrs,
	}
}

func (d *singularDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	q, diags := readFilters(ctx, d.list, req.Config)
	resp.Diagnostics.Append(diags...)
	var name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	items, diags := readList(ctx, d.c, d.list, q, func(p string) path.Path { return path.Root(defs.SnakeCase(p)) })
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	where := "data.ncloudlookups_" + d.list.Singular()
	item, n := findByName(d.list, items, name.ValueString())
	if n == 0 {
		resp.Diagnostics.Append(checkNames(d.list, items, []string{name.ValueString()}, q, path.Root("name"), where)...)
		return
	}
	if n > 1 {
		var ids []string
		for _, it := range items {
			if ncp.NFC(itemName(d.list, it)) == ncp.NFC(name.ValueString()) {
				ids = append(ids, itemID(d.list, it))
			}
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Several "+d.list.Title+" items named "+name.ValueString(),
			fmt.Sprintf("%s: the name %q is held by %d items (ids %s); use ncloudlookups_%s with filters, and pick one by id", where, name.ValueString(), n, strings.Join(ids, ", "), typeName(d.list.Kind)))
		return
	}
	configured := map[string]bool{}
	for n := range d.shared() {
		var v attr.Value
		if d := req.Config.GetAttribute(ctx, path.Root(n), &v); !d.HasError() && v != nil && !v.IsNull() {
			configured[n] = true
		}
	}
	for attrName, v := range itemAttrs(d.list, item) {
		if configured[attrName] {
			continue
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attrName), v)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(itemID(d.list, item)))...)
	copyConfig(ctx, req.Config, &resp.State, append(filterNames(d.list), "name"), &resp.Diagnostics)
}
