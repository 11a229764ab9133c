package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
)

// ownListDataSource is ncloudlookups_list: a list the package does not ship, from its JSON definition.
type ownListDataSource struct{ withProvider }

func (d *ownListDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_list"
}

func (d *ownListDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists a list the package does not ship, from its definition: the JSON that `registerList` takes (e.g. `file(\"sub-accounts.json\")`). Paging, signing, retries and name checks are those of the built-in lists.",
		Attributes: map[string]schema.Attribute{
			"definition": schema.StringAttribute{Required: true, Description: "The list's definition as JSON (kind, title, service, basePath, path, params, fields, idField, nameField, paging)."},
			"query":      schema.MapAttribute{ElementType: types.StringType, Optional: true, Description: "Filters by their API names (the definition's params), as strings (`\"true\"`/`\"false\"` for booleans)."},
			"names":      schema.SetAttribute{ElementType: types.StringType, Optional: true, Description: "Names that must exist: the plan fails for a name no item has, with the nearest names."},
			"items":      schema.DynamicAttribute{Computed: true, Description: "Every item, in server order: a list of objects whose attributes are snake_case of the definition's fields, typed from it (string, bool, number, list(string); a json field as JSON text)."},
			"by_name":    schema.DynamicAttribute{Computed: true, Description: "The items by name (a second item of the same name under `name#id`): an object of objects."},
			"ids":        schema.MapAttribute{ElementType: types.StringType, Computed: true, Description: "Name to id."},
		},
	}
}

func (d *ownListDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var def types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("definition"), &def)...)
	if def.IsNull() || def.IsUnknown() {
		return
	}
	if _, err := defs.Parse([]byte(def.ValueString())); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("definition"), "Invalid list definition", err.Error())
	}
}

func (d *ownListDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var def types.String
	var query types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("definition"), &def)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("query"), &query)...)
	names, diags := stringSet(ctx, req.Config, "names")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, err := defs.Parse([]byte(def.ValueString()))
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("definition"), "Invalid list definition", err.Error())
		return
	}
	q := map[string]any{}
	if !query.IsNull() {
		var m map[string]string
		resp.Diagnostics.Append(query.ElementsAs(ctx, &m, false)...)
		for k, v := range m {
			q[k] = v
		}
	}
	items, diags := readList(ctx, d.c, l, q, func(p string) path.Path { return path.Root("query").AtMapKey(p) })
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkNames(l, items, names, q, path.Root("names"), "data.ncloudlookups_list ("+l.Kind+")")...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, byName, ids, diags := listValues(l, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// by_name as an object (its keys are the names), so that it is one value of a dynamic type.
	ot := itemObjectType(l)
	objTypes := map[string]attr.Type{}
	objVals := map[string]attr.Value{}
	for k, v := range byName.(types.Map).Elements() {
		objTypes[k] = ot
		objVals[k] = v
	}
	byNameObj, diags := types.ObjectValue(objTypes, objVals)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("items"), types.DynamicValue(list))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("by_name"), types.DynamicValue(byNameObj))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ids"), ids)...)
	copyConfig(ctx, req.Config, &resp.State, []string{"definition", "query", "names"}, &resp.Diagnostics)
}
