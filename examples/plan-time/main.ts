// The plan-time example app: `npx cdktf synth` here (see cdktf.json), then `terraform plan` in
// cdktf.out/stacks/plan-time with the keys of the account to plan against.
import { App } from "cdktf";
import { PlanTimeStack } from "./stack";

const app = new App();
new PlanTimeStack(app, "plan-time");
app.synth();
