# A plain Terraform configuration that looks NCP lists up at plan time, with no CDKTF app: Terraform's
# `external` data source runs `ncloud-lookups external`, which answers from ncloud.lookups.json in this
# directory (the same lock file and modes as the constructs: frozen when CI=true) or from NCP.
#
#   npm install cdktf-ncloud-lookups            # in this directory: node_modules/.bin/ncloud-lookups
#   export NCLOUD_ACCESS_KEY=... NCLOUD_SECRET_KEY=...
#   terraform init && terraform plan

terraform {
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.0"
    }
    null = {
      source  = "hashicorp/null"
      version = ">= 3.0"
    }
  }
}

variable "lookups_program" {
  description = "How to run `ncloud-lookups external` (a list of program and arguments)."
  type        = list(string)
  # The bin itself, not `npx` (which costs about 300 ms more per data source): Terraform runs the
  # program in this module's directory. Set it to ["ncloud-lookups", "external"] when installed globally.
  default = ["./node_modules/.bin/ncloud-lookups", "external"]
}

# One policy, looked up by name: its id, nrn and other fields, as strings.
data "external" "storage_viewer" {
  program = var.lookups_program
  query = {
    list = "policies"
    type = "SYSTEM_MANAGED"
    name = "NCP_NCLOUD_STORAGE_VIEWER"
  }
}

# A whole list: name -> id.
data "external" "user_policies" {
  program = var.lookups_program
  query = {
    list = "policies"
    type = "USER_CREATED"
  }
}

# Stands in for a resource of the ncloud provider that takes a policy id.
resource "null_resource" "storage_viewer_grant" {
  triggers = {
    policy_id  = data.external.storage_viewer.result.id
    policy_nrn = data.external.storage_viewer.result.nrn
  }
}

output "storage_viewer_policy_id" {
  description = "Id of the NCP_NCLOUD_STORAGE_VIEWER Sub Account policy."
  value       = data.external.storage_viewer.result.id
}

output "user_policy_ids" {
  description = "Every USER_CREATED policy: name -> id."
  value       = data.external.user_policies.result
}
