package provider

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Acceptance tests: the real terraform binary (TF_ACC_TERRAFORM_PATH, else terraform on PATH; nothing
// downloaded) runs the provider in process against the package's emulator on loopback.

type emulatorInfo struct {
	URL       string `json:"url"`
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
	Second    struct {
		AccessKey string `json:"accessKey"`
		SecretKey string `json:"secretKey"`
	} `json:"second"`
	Counts map[string]int `json:"counts"`
}

var emu emulatorInfo

func TestMain(m *testing.M) {
	// Never NCP's metadata address: the Server Role source asks a dead loopback port.
	os.Setenv("NCLOUD_METADATA_API_ENDPOINT", "http://127.0.0.1:9")
	if os.Getenv("TF_ACC") == "" {
		os.Exit(m.Run())
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		tf, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "TF_ACC is set but terraform is not on PATH (or TF_ACC_TERRAFORM_PATH)")
			os.Exit(1)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", tf)
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	cmd := exec.Command("node", filepath.Join("testdata", "emulator.js"))
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "cannot start the emulator (node, and dist/ built by npm run build):", err)
		os.Exit(1)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || json.Unmarshal([]byte(line), &emu) != nil {
		fmt.Fprintln(os.Stderr, "the emulator did not print its address (run npm run build first):", err, line)
		cmd.Process.Kill()
		os.Exit(1)
	}
	// The environment every provider block falls back to: the emulator and its main account.
	for k, v := range map[string]string{
		"NCLOUD_LOOKUPS_ENDPOINT": emu.URL,
		"NCLOUD_ACCESS_KEY":       emu.AccessKey,
		"NCLOUD_SECRET_KEY":       emu.SecretKey,
		"HOME":                    os.TempDir(),
	} {
		os.Setenv(k, v)
	}
	for _, k := range []string{"NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_PROFILE", "NCLOUD_SITE", "NCLOUD_REGION", "NCLOUD_API_GW", "NCLOUD_CONFIG_FILE"} {
		os.Unsetenv(k)
	}
	code := m.Run()
	stdin.Close()
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	os.Exit(code)
}

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"ncloudlookups": providerserver.NewProtocol6WithError(New("test")()),
}

func count(name string) string { return strconv.Itoa(emu.Counts[name]) }

func TestAccBuiltInLists(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: `
provider "ncloudlookups" {}
data "ncloudlookups_policies" "sys" {
  type  = "SYSTEM_MANAGED"
  names = ["NCP_NCLOUD_STORAGE_VIEWER"]
}
data "ncloudlookups_policy" "viewer" {
  name = "NCP_NCLOUD_STORAGE_VIEWER"
}
data "ncloudlookups_profile" "p" {
  name = "profile003"
}
data "ncloudlookups_profiles" "all" {}
data "ncloudlookups_packages" "vpc" {}
data "ncloudlookups_package" "one" {
  name = data.ncloudlookups_packages.vpc.items[0].name
}
data "ncloudlookups_products" "published" {
  is_published = true
}
data "ncloudlookups_product" "first" {
  name         = data.ncloudlookups_products.published.items[0].product_name
  is_published = true
}
output "typed" {
  value = jsonencode([data.ncloudlookups_profile.p.enabled, data.ncloudlookups_profile.p.duration_seconds])
}
output "viewer_id" {
  value = data.ncloudlookups_policies.sys.ids["NCP_NCLOUD_STORAGE_VIEWER"]
}
output "system_count" {
  value = length(data.ncloudlookups_policies.sys.items)
}
output "same_id" {
  value = data.ncloudlookups_policy.viewer.id == data.ncloudlookups_policies.sys.by_name["NCP_NCLOUD_STORAGE_VIEWER"].policy_id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("typed", knownvalue.StringRegexp(regexp.MustCompile(`^\[(true|false),[0-9]+\]$`))),
				statecheck.ExpectKnownOutputValue("system_count", knownvalue.Int64Exact(int64(emu.Counts["systemPolicies"]))),
				statecheck.ExpectKnownOutputValue("same_id", knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.ncloudlookups_profile.p", tfjsonpath.New("enabled"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.ncloudlookups_profile.p", tfjsonpath.New("name"), knownvalue.StringExact("profile003")),
				statecheck.ExpectKnownValue("data.ncloudlookups_product.first", tfjsonpath.New("is_published"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.ncloudlookups_profiles.all", tfjsonpath.New("items"), knownvalue.NotNull()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.ncloudlookups_packages.vpc", "items.#", count("vpcPackages")),
				resource.TestCheckResourceAttrSet("data.ncloudlookups_policy.viewer", "nrn"),
				resource.TestCheckResourceAttr("data.ncloudlookups_policy.viewer", "policy_type", "SYSTEM_MANAGED"),
				resource.TestCheckResourceAttrPair("data.ncloudlookups_package.one", "name", "data.ncloudlookups_packages.vpc", "items.0.name"),
			),
		}},
	})
}

// The emulator caps policies at 7 a page: 300 policies are 43 pages, listed whole.
func TestAccCappedPages(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: `
data "ncloudlookups_policies" "all" {}
output "n" { value = length(data.ncloudlookups_policies.all.items) }
output "unique" { value = length(distinct([for p in data.ncloudlookups_policies.all.items : p.policy_id])) }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("n", knownvalue.Int64Exact(int64(emu.Counts["policies"]))),
				statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(int64(emu.Counts["policies"]))),
			},
		}},
	})
}

// The same configuration planned with another account's keys reads that account's data. (Two
// provider blocks with two accounts are tested with the built binary, test/provider.test.ts: under the
// test harness every provider block of a configuration is one in-process server.)
func TestAccAnotherAccount(t *testing.T) {
	cfg := `
data "ncloudlookups_policies" "all" {}
output "n" { value = length(data.ncloudlookups_policies.all.items) }
output "has_second" { value = contains(keys(data.ncloudlookups_policies.all.ids), "second-account-only") }
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("n", knownvalue.Int64Exact(int64(emu.Counts["policies"]))),
					statecheck.ExpectKnownOutputValue("has_second", knownvalue.Bool(false)),
				},
			},
			{
				PreConfig: func() {
					t.Setenv("NCLOUD_ACCESS_KEY", emu.Second.AccessKey)
					t.Setenv("NCLOUD_SECRET_KEY", emu.Second.SecretKey)
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("n", knownvalue.Int64Exact(int64(emu.Counts["secondPolicies"]))),
					statecheck.ExpectKnownOutputValue("has_second", knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccMisspeltName(t *testing.T) {
	for _, cfg := range []string{
		`data "ncloudlookups_policies" "p" { names = ["NCP_NCLOUD_STORAGE_VIEWR"] }`,
		`data "ncloudlookups_policy" "p" { name = "NCP_NCLOUD_STORAGE_VIEWR" }`,
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories,
			Steps: []resource.TestStep{{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)no Sub Account policies item named\s+"NCP_NCLOUD_STORAGE_VIEWR".*Did you mean\s+"NCP_NCLOUD_STORAGE_VIEWER"`),
			}},
		})
	}
}

func TestAccBadFilter(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config:      `data "ncloudlookups_policies" "p" { type = "SYSTEM_MANAGD" }`,
			ExpectError: regexp.MustCompile(`(?s)type "SYSTEM_MANAGD" is not allowed; use one of:\s+SYSTEM_MANAGED, USER_CREATED`),
		}},
	})
}

// A list the package does not ship, from its JSON definition, over capped pages (5 a page).
func TestAccOwnList(t *testing.T) {
	def, _ := filepath.Abs(filepath.Join("testdata", "sub-accounts.json"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
data "ncloudlookups_list" "subs" {
  definition = file(%q)
  names      = ["ci-deployer"]
}
data "ncloudlookups_list" "active" {
  definition = file(%q)
  query      = { isActive = "true" }
}
output "n" { value = length(data.ncloudlookups_list.subs.items) }
output "ci" { value = data.ncloudlookups_list.subs.by_name["ci-deployer"].sub_account_no }
output "typed" { value = jsonencode(data.ncloudlookups_list.subs.by_name["ci-deployer"]) }
output "all_active" { value = alltrue([for s in data.ncloudlookups_list.active.items : s.active]) }
`, def, def),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("n", knownvalue.Int64Exact(int64(emu.Counts["subAccounts"]))),
				statecheck.ExpectKnownOutputValue("ci", knownvalue.StringExact("1007")),
				statecheck.ExpectKnownOutputValue("typed", knownvalue.StringExact(`{"active":true,"group_names":[],"login_count":70,"login_id":"ci-deployer","sub_account_no":"1007"}`)),
				statecheck.ExpectKnownOutputValue("all_active", knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccOwnListBadDefinition(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config:      `data "ncloudlookups_list" "x" { definition = jsonencode({ kind = "x", title = "X", service = "s", basePath = "//evil.example/api", path = "/x", params = [], fields = { id = "string" }, idField = "id", nameField = "id", paging = { style = "none", response = { content = "$items" } } }) }`,
			ExpectError: regexp.MustCompile(`definition\.basePath: "//evil\.example/api" must be an absolute path`),
		}},
	})
}

// The gov and fin sites: Cloud Functions' older path (/api/v2/packages), classic packages only.
func TestAccGovAndFin(t *testing.T) {
	for _, site := range []string{"gov", "fin"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories,
			Steps: []resource.TestStep{{
				Config: fmt.Sprintf(`
provider "ncloudlookups" { site = %q }
data "ncloudlookups_packages" "p" {}
output "n" { value = length(data.ncloudlookups_packages.p.items) }
`, site),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("n", knownvalue.Int64Exact(int64(emu.Counts["classicPackages"]))),
				},
			}},
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: `
provider "ncloudlookups" { site = "gov" }
data "ncloudlookups_packages" "p" { platform = "vpc" }`,
			ExpectError: regexp.MustCompile(`(?s)platform "vpc" is not served by Cloud Functions packages on the\s+gov site`),
		}},
	})
}

func TestAccMissingCredentials(t *testing.T) {
	home := t.TempDir()
	for k, v := range map[string]string{"NCLOUD_ACCESS_KEY": "", "NCLOUD_SECRET_KEY": "", "HOME": home} {
		t.Setenv(k, v)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config:      `data "ncloudlookups_policies" "p" {}`,
			ExpectError: regexp.MustCompile(`(?s)no NCP credentials found.*Server Role metadata service at\s+http://127\.0\.0\.1:9`),
		}},
	})
}

func TestAccWrongKeys(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: `
provider "ncloudlookups" {
  access_key = "NCPDEMO0ACCESS0KEY00"
  secret_key = "not-the-secret"
}
data "ncloudlookups_policies" "p" {}`,
			ExpectError: regexp.MustCompile(`HTTP 401`),
		}},
	})
}
