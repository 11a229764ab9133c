/**
 * NCP text reaches Terraform as text (issue 30, item 1). Terraform reads every string of its JSON
 * configuration as a template: a policy named `${file(...)}` would read a file of the machine that
 * plans, `%{ if … }` would run a directive. An emulator serves policies named and described as
 * templates; a real `terraform apply` (outputs and `terraform_data` only: no provider to install) of
 * what the constructs synthesize must show the text, never what it names.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DataResource, Fn, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { SubAccountPolicies } from "../lib/constructs/built-in";
import { NcloudListLookup } from "../lib/constructs/lookup";
import { ResolveAt } from "../lib/lookups/resolve-at";
import { hclQuoted, needsEscape, templateEscape } from "../lib/constructs/template-text";
import { defaultDataSet, type PolicyItem } from "../lib/testing";
import { useEmulatorProcess } from "./helpers/emulator-fixture";
import { connectionTo } from "./helpers/lookup-harness";

const SECRET_FILE = path.join(mkdtempSync(path.join(tmpdir(), "ncloud-tpl-secret-")), "secret.txt");
const SECRET = "the-contents-of-a-file-nobody-may-read";
writeFileSync(SECRET_FILE, SECRET);

const EVIL_NAME = `\${file("${SECRET_FILE}")}`;
const EVIL_DESC = `%{ if true }directive ran%{ endif } and $\${literal} and \${upper("x")} "quoted" \\ back\nline`;
const PCT_NAME = "%{ for x in [1] }loop%{ endfor }";

function evilPolicy(id: string, name: string, desc: string): PolicyItem {
  return {
    policyId: `00000000-0000-4000-8000-00000000000${id}`,
    policyName: name,
    policyType: "USER_CREATED",
    policyDesc: desc,
    nrn: `nrn:PUB:IAM::1:Policy/\${path.cwd}/${id}`,
  };
}

const data = defaultDataSet();
data.policies.push(evilPolicy("1", EVIL_NAME, EVIL_DESC), evilPolicy("2", PCT_NAME, "${path.module}"));
const t = useEmulatorProcess({ data, isolateEnv: true });

const terraform = spawnSync("terraform", ["version"], { stdio: "ignore" }).error === undefined;
const withTerraform = terraform ? it : it.skip;

/** Applies a synthesized stack (no providers) and returns its outputs as Terraform gives them. */
function applied(json: string): Record<string, unknown> {
  const dir = mkdtempSync(path.join(tmpdir(), "ncloud-tpl-tf-"));
  try {
    writeFileSync(path.join(dir, "cdk.tf.json"), json);
    const env = {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      HOME: dir,
      TF_DATA_DIR: path.join(dir, ".terraform"),
    };
    const run = (args: string[]): string => {
      const r = spawnSync("terraform", args, { cwd: dir, env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };
    run(["init", "-input=false", "-no-color"]);
    run(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const out = JSON.parse(run(["output", "-json"])) as Record<string, { value: unknown }>;
    const state = readFileSync(path.join(dir, "terraform.tfstate"), "utf8");
    return { ...Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value])), __state: state };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("NCP text is Terraform text", () => {
  it("escapes both template sequences and only them", () => {
    expect(templateEscape("a ${b} %{c} $d %e {f} $${g}")).toBe("a $${b} %%{c} $d %e {f} $$${g}");
    expect(hclQuoted('x "${y}"\n\\')).toBe('"x \\"$${y}\\"\\n\\\\"');
  });

  it("finds a template sequence in any string or key of an item, nested or not, and only there", () => {
    expect(needsEscape({ policyName: "plain", policyDesc: "{braces} $dollar %percent" })).toBe(false);
    expect(needsEscape({ policyName: "plain", policyDesc: "a ${b}" })).toBe(true);
    expect(needsEscape({ policyName: "plain", policyDesc: "a %{ if x }" })).toBe(true);
    expect(needsEscape({ "tag${x}": "plain" })).toBe(true);
    expect(needsEscape({ tags: ["a", "b", "c%{d}"] })).toBe(true);
    expect(needsEscape({ nested: { deeper: [{ "k%{": 1 }] } })).toBe(true);
    expect(needsEscape({ n: 1, b: true, z: null, list: [1, 2], o: {} })).toBe(false);
    // Inherited properties are not the item's own: they are neither shown nor escaped.
    const inherited = Object.create({ "${x}": "${y}" }) as Record<string, unknown>;
    inherited.own = "plain";
    expect(needsEscape(inherited)).toBe(false);
  });

  withTerraform("synth-time outputs, resource values and function arguments show the text", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const lock = path.join(mkdtempSync(path.join(tmpdir(), "ncloud-tpl-lock-")), "ncloud.lookups.json");
    const settings = { ...connectionTo(t.emu), lockFile: lock };
    const all = new SubAccountPolicies(stack, "all", { ...settings, outputAll: true, outputName: "all" });
    const picked = new SubAccountPolicies(stack, "picked", {
      ...settings,
      type: "USER_CREATED",
      outputName: "picked",
      outputFields: ["policyName", "policyDesc", "nrn"],
    });
    const evil = picked.byName(EVIL_NAME);
    const pct = picked.byName(PCT_NAME);
    // what stack code does with the values: a resource, an output, a function call, a concatenation
    new DataResource(stack, "uses", {
      input: { name: evil.policyName, desc: evil.policyDesc, nrn: evil.nrn, pct: pct.policyName },
    });
    new TerraformOutput(stack, "desc", { value: evil.policyDesc });
    new TerraformOutput(stack, "joined", { value: Fn.join("|", [evil.policyName, pct.policyDesc ?? ""]) });
    new TerraformOutput(stack, "concat", { value: `name=${evil.policyName}` });
    new TerraformOutput(stack, "id", { value: picked.idOf(EVIL_NAME) });
    // a name handed out as a token finds its item again
    expect(picked.byName(evil.policyName).policyId).toBe(evil.policyId);
    expect(picked.names.filter((n) => n !== String(n))).toEqual([]);
    expect(all.has(EVIL_NAME)).toBe(true);

    const json = Testing.synth(stack);
    const out = applied(json);
    expect(out.__state).not.toContain(SECRET);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.desc).toBe(EVIL_DESC);
    expect(out.joined).toBe(`${EVIL_NAME}|\${path.module}`);
    expect(out.concat).toBe(`name=${EVIL_NAME}`);
    expect(out.id).toBe(evil.policyId);
    const pickedOut = out.picked as Record<string, Record<string, unknown>>;
    expect(Object.keys(pickedOut).sort()).toEqual([EVIL_NAME, PCT_NAME].sort());
    expect(pickedOut[EVIL_NAME]).toEqual({
      policyName: EVIL_NAME,
      policyDesc: EVIL_DESC,
      nrn: "nrn:PUB:IAM::1:Policy/${path.cwd}/1",
    });
    expect((out.all as Record<string, unknown>)[PCT_NAME]).toEqual({
      id: "00000000-0000-4000-8000-000000000002",
      nrn: "nrn:PUB:IAM::1:Policy/${path.cwd}/2",
    });
    const state = JSON.parse(out.__state as string) as {
      resources: Array<{ instances: Array<{ attributes: { input: { value: unknown } } }> }>;
    };
    expect(state.resources[0]?.instances[0]?.attributes.input.value).toEqual({
      name: EVIL_NAME,
      desc: EVIL_DESC,
      nrn: "nrn:PUB:IAM::1:Policy/${path.cwd}/1",
      pct: PCT_NAME,
    });
  });

  it("a plan-time query holds names and filters as text", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "p");
    const plan = new NcloudListLookup(stack, "plan", {
      list: "policies",
      query: { searchWord: "${path.cwd}" },
      resolveAt: ResolveAt.PLAN,
    });
    plan.idOf(EVIL_NAME);
    const json = JSON.parse(Testing.synth(stack)) as {
      data: { ncloudlookups_policies: Record<string, { search_word: string; names: string[] }> };
    };
    const source = Object.values(json.data.ncloudlookups_policies)[0]!;
    expect(source.search_word).toBe("$${path.cwd}");
    expect(source.names).toEqual([templateEscape(EVIL_NAME)]);
    expect(JSON.stringify(source)).not.toMatch(/(^|[^$])\$\{/);
  });
});
