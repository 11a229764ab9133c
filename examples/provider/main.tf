# Plan-time lookups of NCP lists with the native provider (no Node.js on the runner). Install the
# provider from a filesystem mirror (README: "The native Terraform provider"), set NCLOUD_ACCESS_KEY
# and NCLOUD_SECRET_KEY (or ~/.ncloud/configure, or a Server Role), then `terraform init && terraform
# plan`. On the bundled emulator: `npx ncloud-lookups serve` and paste the export lines it prints (it
# serves the four built-in lists; the list of your own needs `serve --lists` and `--data`, README
# "Lists of your own").
terraform {
  required_providers {
    ncloudlookups = {
      source  = "ncloud-lookups/ncloudlookups"
      version = "~> 0.1.0"
    }
  }
}

# Every setting falls back to the environment (NCLOUD_SITE, NCLOUD_REGION, NCLOUD_PROFILE, …).
provider "ncloudlookups" {}

# Plural: the list's filters as arguments; `names` must exist, else the plan fails with "Did you mean".
data "ncloudlookups_policies" "system" {
  type  = "SYSTEM_MANAGED"
  names = ["NCP_NCLOUD_STORAGE_VIEWER", "NCP_SERVER_MANAGER"]
}

# Singular: one item by name, its fields typed at the top level.
data "ncloudlookups_profile" "deploy" {
  name = "profile003"
}

data "ncloudlookups_products" "published" {
  is_published = true
}

# A list the package does not ship, from its definition (the JSON registerList takes).
data "ncloudlookups_list" "sub_accounts" {
  definition = file("${path.module}/sub-accounts.json")
  query      = { searchWord = "ci-" }
}

output "storage_viewer_policy_id" {
  value = data.ncloudlookups_policies.system.ids["NCP_NCLOUD_STORAGE_VIEWER"]
}

output "server_manager_nrn" {
  value = data.ncloudlookups_policies.system.by_name["NCP_SERVER_MANAGER"].nrn
}

# enabled is a bool and duration_seconds a number: jsonencode shows them as such.
output "deploy_profile" {
  value = jsonencode({
    enabled          = data.ncloudlookups_profile.deploy.enabled
    duration_seconds = data.ncloudlookups_profile.deploy.duration_seconds
    roles            = jsondecode(data.ncloudlookups_profile.deploy.role_nrn_list)
  })
}

output "published_products" {
  value = length(data.ncloudlookups_products.published.items)
}

output "ci_sub_accounts" {
  value = keys(data.ncloudlookups_list.sub_accounts.ids)
}
