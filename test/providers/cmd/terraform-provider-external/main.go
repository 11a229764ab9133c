// A provider at registry.terraform.io/hashicorp/external for the end-to-end plans, built from the
// Terraform Plugin Framework: the `external` data source as hashicorp/external defines it (run
// `program` in `working_dir`, the `query` map as JSON on stdin, a JSON object of strings on stdout as
// `result`, a failure with the program's stderr). Used because the official provider's Go module is
// not served here.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"os/exec"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type externalProvider struct{}

func (p *externalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "external"
	resp.Version = "2.3.5"
}

func (p *externalProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *externalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *externalProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *externalProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &externalDataSource{} }}
}

type externalDataSource struct{}

type externalModel struct {
	ID         types.String `tfsdk:"id"`
	Program    types.List   `tfsdk:"program"`
	Query      types.Map    `tfsdk:"query"`
	WorkingDir types.String `tfsdk:"working_dir"`
	Result     types.Map    `tfsdk:"result"`
}

func (d *externalDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName
}

func (d *externalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":          schema.StringAttribute{Computed: true},
			"program":     schema.ListAttribute{ElementType: types.StringType, Required: true},
			"query":       schema.MapAttribute{ElementType: types.StringType, Optional: true},
			"working_dir": schema.StringAttribute{Optional: true},
			"result":      schema.MapAttribute{ElementType: types.StringType, Computed: true},
		},
	}
}

func (d *externalDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m externalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var program []string
	resp.Diagnostics.Append(m.Program.ElementsAs(ctx, &program, false)...)
	query := map[string]string{}
	if !m.Query.IsNull() {
		resp.Diagnostics.Append(m.Query.ElementsAs(ctx, &query, false)...)
	}
	if resp.Diagnostics.HasError() || len(program) == 0 {
		resp.Diagnostics.AddError("External Program Missing", "program must name a command")
		return
	}
	input, _ := json.Marshal(query)
	cmd := exec.CommandContext(ctx, program[0], program[1:]...)
	if !m.WorkingDir.IsNull() {
		cmd.Dir = m.WorkingDir.ValueString()
	}
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		resp.Diagnostics.AddError("External Program Execution Failed",
			"The data source received an unexpected error while attempting to execute the program.\n\n"+
				"Program: "+program[0]+"\nError Message: "+strings.TrimSpace(stderr.String())+"\nState: "+err.Error())
		return
	}
	result := map[string]string{}
	if err := json.Unmarshal(out, &result); err != nil {
		resp.Diagnostics.AddError("Unexpected External Program Results",
			"The data source received unexpected results after executing the program: "+err.Error())
		return
	}
	rm, diags := types.MapValueFrom(ctx, types.StringType, result)
	resp.Diagnostics.Append(diags...)
	m.Result = rm
	m.ID = types.StringValue("-")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &externalProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/hashicorp/external"})
	if err != nil {
		log.Fatal(err)
	}
}
