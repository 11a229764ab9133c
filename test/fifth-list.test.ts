/**
 * A fifth list, defined in this one file (issue 11): its definition is all it takes for a construct
 * with byName and outputs, the lock file, `ncloud-lookups list` and the emulator to serve it.
 */
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { run } from "../lib/cli/main";
import { NcloudListLookup, type NcloudLookupProps } from "../lib/constructs/lookup";
import type { ListDefinition } from "../lib/lists/definition";
import { readLockFile } from "../lib/lookups/lockfile";
import { registerList } from "../lib/services/meta";
import type { EmulatorDataSet, EmulatorProcess } from "../lib/testing";
import { useEmulatorProcess } from "./helpers/emulator-fixture";

// ---- the one file a new list takes ---------------------------------------------------------------

/** A widget of the (made-up) Widget Service. */
interface Widget {
  readonly widgetId: string;
  readonly widgetName: string;
  readonly color?: string;
}

const WIDGETS: ListDefinition = {
  kind: "widgets",
  title: "Widget Service widgets",
  service: "widgetservice",
  basePath: "/api/v3",
  path: "/widgets",
  params: [{ name: "color", type: "enum", values: ["red", "blue"], description: "widget color" }],
  fields: { widgetId: "string", widgetName: "string", color: "string" },
  idField: "widgetId",
  nameField: "widgetName",
  descriptionField: "color",
  table: ["widgetName", "widgetId", "color"],
  filters: [{ param: "color", kind: "equals", field: "color" }],
  paging: {
    style: "page",
    indexParam: "pageIndex",
    sizeParam: "pageSize",
    paramsFirst: false,
    defaultSize: 5,
    intRange: "int",
    response: { result: { widgetList: "$items", totalCount: "$total", pageIndex: "$index" } },
  },
  emulator: { defaultSize: 5, cap: 4, wrongNameValue: null },
};

class Widgets extends NcloudListLookup {
  constructor(scope: Construct, id: string, props: NcloudLookupProps & { color?: string } = {}) {
    const { color, ...common } = props;
    super(scope, id, { ...common, list: "widgets", query: color !== undefined ? { color } : {} });
  }
  widget(name: string): Widget {
    return this.byName(name) as Widget;
  }
}

// ---- the test ----------------------------------------------------------------------------------

const WIDGET_DATA: Widget[] = Array.from({ length: 11 }, (_, i) => ({
  widgetId: `w-${i}`,
  widgetName: `widget-${i}`,
  color: i % 2 === 0 ? "red" : "blue",
}));

registerList(WIDGETS);
const fixture = useEmulatorProcess({
  lists: [WIDGETS],
  data: { widgets: WIDGET_DATA } as unknown as EmulatorDataSet,
  isolateEnv: true,
});
const dirs = fixture.dirs;
let emu: EmulatorProcess;
beforeAll(() => {
  emu = fixture.emu;
});

it("a construct looks it up by name, puts it into outputs and the lock file; the emulator pages it", async () => {
  const lockFile = path.join(dirs.make("fifth-"), "ncloud.lookups.json");
  const app = Testing.app();
  const stack = new TerraformStack(app, "s");
  const widgets = new Widgets(stack, "widgets", {
    color: "red",
    endpoint: emu.url,
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    lockFile,
  });
  expect(widgets.lookupKey).toBe("local:widgets@public?color=red");
  expect(widgets.widget("widget-4").widgetId).toBe("w-4");
  expect(widgets.idOf("widget-10")).toBe("w-10");
  expect(() => widgets.byName("widget-3")).toThrow(/no Widget Service widgets item named "widget-3"/);
  expect(widgets.names).toEqual(WIDGET_DATA.filter((w) => w.color === "red").map((w) => w.widgetName));

  const out = JSON.parse(Testing.synth(stack)) as {
    output: Record<string, { value: Record<string, unknown> }>;
  };
  expect(out.output.widgets?.value["widget-4"]).toEqual({ id: "w-4" });

  const entry = readLockFile(lockFile)?.entries["local:widgets@public?color=red"];
  expect(entry?.items).toHaveLength(6);
  expect(entry?.source).toBe(emu.url);

  // The emulator paged it (6 red widgets at 4 a page: 2 pages), with the definition's parameters.
  const requests = (await emu.control.requests()).filter((r) => r.path === "/api/v3/widgets");
  expect(requests.map((r) => r.query.pageIndex).sort()).toEqual(["0", "1"]);
});

it("ncloud-lookups list widgets works, with its filter flag and table columns", async () => {
  let stdout = "";
  let stderr = "";
  const code = await run(["list", "widgets", "--color", "blue", "--output", "json"], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
      HOME: dirs.make("fifth-home-"),
    },
    isTTY: false,
  });
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toEqual(WIDGET_DATA.filter((w) => w.color === "blue"));

  let table = "";
  await run(["list", "widgets", "--output", "table"], {
    stdout: { write: (s: string) => (table += s) },
    stderr: { write: () => true },
    env: {
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
    },
    isTTY: false,
  });
  expect(table.split("\n")[0]?.split(/\s{2,}/)).toEqual(["widgetName", "widgetId", "color"]);
});
