# A plain HCL stack that reads what the CDKTF `catalog` stack looked up, through its outputs in the
# local state. Built-ins only: `terraform init` needs no provider download.
#
#   terraform init -input=false
#   terraform plan -var catalog_state=../../cdktf.out/stacks/catalog/terraform.catalog.tfstate

variable "catalog_state" {
  description = "Path of the catalog stack's local state file (cdktf.out/stacks/catalog/terraform.catalog.tfstate after `terraform apply` there)."
  type        = string
}

data "terraform_remote_state" "catalog" {
  backend = "local"
  config = {
    path = var.catalog_state
  }
}

locals {
  catalog = data.terraform_remote_state.catalog.outputs
}

# Looked up by name through the catalog's map outputs.
output "storage_viewer_policy_id" {
  description = "Id of the NCP_NCLOUD_STORAGE_VIEWER Sub Account policy."
  value       = local.catalog.storage_policies["NCP_NCLOUD_STORAGE_VIEWER"].id
}

output "storage_viewer_policy_nrn" {
  description = "NRN of the NCP_NCLOUD_STORAGE_VIEWER Sub Account policy."
  value       = local.catalog.storage_policies["NCP_NCLOUD_STORAGE_VIEWER"].nrn
}

output "product_api_id" {
  description = "Id of the published, protected API Gateway product named 상품 API."
  value       = local.catalog.protected_products["상품 API"].id
}

# Single values the catalog exports as such.
output "ci_profile_nrn" {
  description = "NRN of the dev-github-actions External Access profile."
  value       = local.catalog.ci_profile_nrn
}

output "vpc_package_count" {
  description = "How many Cloud Functions packages the catalog saw on the vpc platform."
  value       = length(local.catalog.vpc_packages)
}
