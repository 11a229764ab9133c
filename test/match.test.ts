/**
 * Name matching and suggestions (lib/lookups/match.ts): how many suggestions, the distance threshold,
 * the order, substring matches, normalization, and the scan-then-index lookup.
 */
import { findByName, lookupName, nameIndex, nearestNames, nfc } from "../lib/lookups/match";

describe("nearestNames", () => {
  const names = ["deploy-bot", "deploy-bots", "deploy-box", "deploy-cat", "deployer", "unrelated"];

  it("gives three suggestions by default, the closest first", () => {
    // Three at distance 2 (alphabetical among equals); deploy-cat (3) is a fourth and left out.
    expect(nearestNames("deploy-bto", names)).toEqual(["deploy-bot", "deploy-bots", "deploy-box"]);
  });

  it("gives as many as asked, and no more than there are", () => {
    expect(nearestNames("deploy-bto", names, 1)).toEqual(["deploy-bot"]);
    // deployer is 4 edits away (more than a third of 10 characters): never suggested.
    expect(nearestNames("deploy-bto", names, 10)).toEqual([
      "deploy-bot",
      "deploy-bots",
      "deploy-box",
      "deploy-cat",
    ]);
  });

  it("puts a case-only difference first, then distance, then names alphabetically at equal distance", () => {
    expect(nearestNames("DEPLOY-BOT", names)[0]).toBe("deploy-bot");
    expect(nearestNames("deploy-bog", ["deploy-bol", "deploy-boa"])).toEqual(["deploy-boa", "deploy-bol"]);
  });

  it("allows a distance of a third of the length (at least 2), and no more", () => {
    // 12 characters: up to 4 edits.
    expect(nearestNames("abcdefghijkl", ["abcdefghWXYZ"])).toEqual(["abcdefghWXYZ"]);
    expect(nearestNames("abcdefghijkl", ["abcdefgVWXYZ"])).toEqual([]);
    // Short names: 2 edits.
    expect(nearestNames("abc", ["axx"])).toEqual(["axx"]);
    expect(nearestNames("abcd", ["wxyd"])).toEqual([]);
  });

  it("suggests names that contain the word (or that it contains) after the close ones, from 3 characters", () => {
    expect(nearestNames("storage", ["NCP_NCLOUD_STORAGE_VIEWER", "storag", "other"])).toEqual([
      "storag",
      "NCP_NCLOUD_STORAGE_VIEWER",
    ]);
    expect(nearestNames("st", ["NCP_NCLOUD_STORAGE_VIEWER"])).toEqual([]);
  });

  it("suggests nothing for an empty list or a far name", () => {
    expect(nearestNames("x", [])).toEqual([]);
    expect(nearestNames("completely-different", ["deploy-bot"])).toEqual([]);
  });
});

describe("finding items by name", () => {
  const items = [
    { n: "alpha" },
    { n: "caf\u00e9" }, // composed
    { n: "twin" },
    { n: "twin" },
    { n: 42 },
  ];

  it("matches under NFC, reports several items with one name, and misses cleanly", () => {
    for (const find of [
      (name: string) => findByName(items, "n", name),
      (name: string) => lookupName(nameIndex(items, "n"), name),
    ]) {
      expect(find("alpha")).toBe(items[0]);
      expect(find("cafe\u0301")).toBe(items[1]); // decomposed finds composed
      expect(find("twin")).toEqual([items[2], items[3]]);
      expect(find("missing")).toBeUndefined();
      expect(find("42")).toBeUndefined();
    }
  });

  it("scans the first lookups of an array and indexes from then on, with the same answers", () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ n: `item-${i}` }));
    const answers = ["item-3", "item-7", "item-9", "item-49", "nope"].map((name) =>
      findByName(many, "n", name),
    );
    expect(answers).toEqual([many[3], many[7], many[9], many[49], undefined]);
  });

  it("nfc leaves ASCII as it is and composes the rest", () => {
    expect(nfc("abc")).toBe("abc");
    expect(nfc("e\u0301")).toBe("\u00e9");
  });
});
