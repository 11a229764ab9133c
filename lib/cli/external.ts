/**
 * The `external` command for the full program (help, and runs with flags besides `--lists`); the lean
 * entry runs `external-run.ts` directly.
 */
import type { Command } from "commander";
import { NcloudLookupsError } from "../errors";
import type { CliCommand } from "./context";
import { CommandFailedError, PROGRAM_NAME } from "./errors";
import type * as ExternalRun from "./external-run";

/** Registers `external`. */
export const externalCommand: CliCommand = (parent: Command, ctx) =>
  parent
    .command("external")
    .description(
      "a program for Terraform's external data source: a query object on stdin, a string map on stdout",
    )
    .addHelpText(
      "after",
      `
Reads {"list": "<packages|policies|products|profiles>", <filters by API name>, "name": "<item>"}
(and optionally "account", "profile", "site", "region") on stdin. With "name" it prints that item's
fields (id, nrn where the list has one, and its other scalar fields); without it, name -> id for the
whole list. Every value is a string. It uses ncloud.lookups.json in the working directory and the
modes (frozen when CI=true), as the constructs do. Errors: exit 1 and one line on stderr.
"list" may name a list of your own whose definition module --lists or cdktf.json's
context["ncloud-lookups"].lists (in the working directory) loads. Typed values, lists of your own
without a module and no Node.js on the runner: the native provider ncloud-lookups/ncloudlookups.

Example (HCL):
  data "external" "viewer" {
    program = ["./node_modules/.bin/${PROGRAM_NAME}", "external"]
    query   = { list = "policies", type = "SYSTEM_MANAGED", name = "NCP_NCLOUD_STORAGE_VIEWER" }
  }
  # data.external.viewer.result.id

  $ echo '{"list":"policies","type":"SYSTEM_MANAGED"}' | ${PROGRAM_NAME} external`,
    )
    .action(async () => {
      let output: string;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        output = await (require("./external-run") as typeof ExternalRun).answerExternal(ctx.io);
      } catch (err) {
        // Terraform shows stderr when the program exits non-zero: one line, exit 1, nothing on stdout.
        const message = err instanceof Error ? err.message : String(err);
        throw new CommandFailedError(
          NcloudLookupsError.isNcloudLookupsError(err) ? message : `unexpected error: ${message}`,
        );
      }
      ctx.out(output);
    });
