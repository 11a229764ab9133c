// The example CDK for Terraform app: `npx cdktf synth` runs it (see cdktf.json).
//
// Lookups follow the environment: NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY (or ~/.ncloud/configure),
// NCLOUD_LOOKUPS_MODE (online | frozen | refresh), NCLOUD_LOOKUPS_LOCK_FILE, NCLOUD_LOOKUPS_ENDPOINT
// (`npm run demo` points it at the bundled emulator).
import { App } from "cdktf";
import { NcloudLookups } from "cdktf-ncloud-lookups";
import { CatalogStack, IdentityStack } from "./stacks";

const app = new App();
// Settings shared by every lookup in the app; a stack or a construct can override them.
NcloudLookups.configure(app, { site: "public", timeoutMs: 10_000 });

new IdentityStack(app, "identity");
new CatalogStack(app, "catalog");

app.synth();
