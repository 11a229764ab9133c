/** When a lookup construct reads its list. */
export enum ResolveAt {
  /**
   * At synth time (the default): the items are real values in stack code, recorded in the lock file,
   * and baked into `cdk.tf.json`.
   */
  SYNTH = "synth",
  /**
   * At plan time, as a Terraform data source: the construct emits one `external` data source that runs
   * `ncloud-lookups external` on each `terraform plan`, with that run's credentials, site and region.
   * Synth needs no network, credentials or lock entry; `byName` returns tokens.
   */
  PLAN = "plan",
}

/** The value of a `resolveAt` setting. @throws Error naming the allowed values. */
export function parseResolveAt(value: unknown, source: string): ResolveAt {
  if (value === undefined || value === null || value === "" || value === ResolveAt.SYNTH)
    return ResolveAt.SYNTH;
  if (value === ResolveAt.PLAN) return ResolveAt.PLAN;
  throw new Error(
    `${source} ${JSON.stringify(value)} is not a resolveAt value; use ResolveAt.SYNTH ("synth") or ResolveAt.PLAN ("plan")`,
  );
}
