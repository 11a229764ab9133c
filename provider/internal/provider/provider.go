// Package provider is terraform-provider-ncloudlookups: data sources derived at run time from the
// list definitions (the built-in ones embedded from the TypeScript registry, and users' own JSON).
package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/ncp"
)

// Address is the provider's source address.
const Address = "registry.terraform.io/ncloud-lookups/ncloudlookups"

// New returns a provider factory of a version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &Provider{version: version, Getenv: os.Getenv} }
}

// Provider is the ncloudlookups provider.
type Provider struct {
	version string
	// Getenv reads the environment (tests may replace it).
	Getenv func(string) string
}

type providerModel struct {
	AccessKey types.String `tfsdk:"access_key"`
	SecretKey types.String `tfsdk:"secret_key"`
	Profile   types.String `tfsdk:"profile"`
	Site      types.String `tfsdk:"site"`
	Region    types.String `tfsdk:"region"`
	Endpoint  types.String `tfsdk:"endpoint"`
}

// configured is what every data source of one provider block shares: where requests go, the keys
// (resolved on first use), and the listings made so far (one listing per list and query).
type configured struct {
	lister  *ncp.Lister
	loc     ncp.Location
	mu      sync.Mutex
	results map[string]*listing
}

type listing struct {
	once  sync.Once
	items []any
	err   error
}

// list lists l with a prepared query once per provider block.
func (c *configured) list(ctx context.Context, l *defs.List, q map[string]any) ([]any, error) {
	def, _ := json.Marshal(l)
	qs, _ := json.Marshal(q)
	key := string(def) + "\x00" + string(qs)
	c.mu.Lock()
	r, ok := c.results[key]
	if !ok {
		r = &listing{}
		c.results[key] = r
	}
	c.mu.Unlock()
	r.once.Do(func() { r.items, r.err = c.lister.ListAll(ctx, l, q) })
	if r.err != nil {
		// a failure is not kept: the next read tries again
		c.mu.Lock()
		if c.results[key] == r {
			delete(c.results, key)
		}
		c.mu.Unlock()
	}
	return r.items, r.err
}

func (p *Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ncloudlookups"
	resp.Version = p.version
}

func (p *Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up NAVER Cloud Platform lists (Sub Account policies, Cloud Functions packages, API Gateway products, External Access profiles, and lists of your own) at plan time, with the same definitions, signed client and messages as the cdktf-ncloud-lookups package. Every setting falls back to the package's environment variables, then ~/.ncloud/configure, then Server Role keys.",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{Optional: true, Sensitive: true, Description: "API access key; default NCLOUD_ACCESS_KEY / NCLOUD_ACCESS_KEY_ID, then the configure file, then the Server Role."},
			"secret_key": schema.StringAttribute{Optional: true, Sensitive: true, Description: "API secret key; default NCLOUD_SECRET_KEY / NCLOUD_SECRET_ACCESS_KEY. Never written to state or logs."},
			"profile":    schema.StringAttribute{Optional: true, Description: "Profile of ~/.ncloud/configure (NCLOUD_CONFIG_FILE) whose keys to use; default NCLOUD_PROFILE, else DEFAULT."},
			"site":       schema.StringAttribute{Optional: true, Description: "public, gov or fin; default NCLOUD_SITE, NCLOUD_API_GW, the profile's ncloud_api_url, else public."},
			"region":     schema.StringAttribute{Optional: true, Description: "Region of regional lists (Cloud Functions: KR, SGN, JPN; FKR on fin); default NCLOUD_REGION, else the site's first."},
			"endpoint":   schema.StringAttribute{Optional: true, Description: "scheme://host[:port] that replaces every service's host (an emulator, a proxy); default NCLOUD_LOOKUPS_ENDPOINT. Plain http only to loopback."},
		},
	}
}

func (p *Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range map[string]types.String{"access_key": m.AccessKey, "secret_key": m.SecretKey, "profile": m.Profile, "site": m.Site, "region": m.Region, "endpoint": m.Endpoint} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown provider setting", name+" is not known until apply; the lookups run at plan time, so give it a value known at plan time.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	s := ncp.Settings{AccessKey: m.AccessKey.ValueString(), SecretKey: m.SecretKey.ValueString(), Profile: m.Profile.ValueString(), Site: m.Site.ValueString(), Region: m.Region.ValueString(), Endpoint: m.Endpoint.ValueString()}
	env := ncp.Env(p.Getenv)
	loc, err := ncp.ResolveLocation(s, env)
	if err != nil {
		resp.Diagnostics.AddError("Invalid NCP location settings", err.Error())
		return
	}
	role := &ncp.ServerRole{}
	var credsOnce sync.Once
	var creds *ncp.Credentials
	var credsErr error
	client := ncp.NewClient(func() (*ncp.Credentials, error) {
		credsOnce.Do(func() { creds, credsErr = ncp.ResolveCredentials(s, env, role) })
		return creds, credsErr
	})
	c := &configured{lister: &ncp.Lister{Client: client, Location: loc}, loc: loc, results: map[string]*listing{}}
	resp.DataSourceData = c
}

func (p *Provider) Resources(context.Context) []func() fwresource.Resource {
	return nil
}

// DataSources are derived from the definitions: a plural and a singular data source per built-in
// list, and ncloudlookups_list for a definition given in the configuration.
func (p *Provider) DataSources(context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, l := range defs.BuiltIn() {
		l := l
		out = append(out,
			func() datasource.DataSource { return &pluralDataSource{builtIn{list: l}} },
			func() datasource.DataSource { return &singularDataSource{builtIn{list: l}} },
		)
	}
	out = append(out, func() datasource.DataSource { return &ownListDataSource{} })
	return out
}

// DataSourceNames lists the data source type names (docs, tests).
func DataSourceNames() []string {
	var names []string
	for _, l := range defs.BuiltIn() {
		names = append(names, "ncloudlookups_"+typeName(l.Kind), "ncloudlookups_"+l.Singular())
	}
	names = append(names, "ncloudlookups_list")
	sort.Strings(names)
	return names
}

func typeName(kind string) string {
	b := []byte(kind)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}

func configuredFrom(data any) (*configured, error) {
	if data == nil {
		return nil, nil
	}
	c, ok := data.(*configured)
	if !ok {
		return nil, fmt.Errorf("unexpected provider data %T", data)
	}
	return c, nil
}
