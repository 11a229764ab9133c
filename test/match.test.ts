/**
 * Name matching and suggestions (lib/lookups/match.ts): how many suggestions, the distance threshold,
 * the order, substring matches, normalization, and the scan-then-index lookup.
 */
import {
  findByName,
  invisibleDifference,
  invisiblyEqual,
  lookupName,
  nameIndex,
  nameIndexBuilds,
  nearestNames,
  nfc,
} from "../lib/lookups/match";

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

describe("names that differ only in what cannot be seen", () => {
  it("finds the name equal but for zero-width or format characters and names them", () => {
    const names = ["deploy-bot", "other"];
    expect(invisiblyEqual("deploy\u200b-bot", names)).toBe("deploy-bot");
    expect(invisibleDifference("deploy\u200b-bot", "deploy-bot")).toBe("yours has U+200B ZERO WIDTH SPACE");
    expect(invisibleDifference("deploy-bot", "deploy\u00ad-bot")).toBe("the item's has U+00AD SOFT HYPHEN");
    expect(invisibleDifference("x\u2061", "x")).toBe("yours has U+2061");
  });

  it("is not fooled by equal, empty or really different names", () => {
    expect(invisiblyEqual("deploy-bot", ["deploy-bot"])).toBeUndefined(); // the same name is not a near one
    expect(invisiblyEqual("\u200b", ["", "a"])).toBeUndefined();
    expect(invisiblyEqual("deploy-bat", ["deploy-bot"])).toBeUndefined();
  });

  it("tells a normalization difference when no invisible character differs", () => {
    expect(invisiblyEqual("ﬁle", ["file"])).toBe("file"); // NFKC: the ligature is "fi"
    expect(invisibleDifference("ﬁle", "file")).toBe(
      "they differ in Unicode normalization or compatibility forms (NFC/NFKC)",
    );
  });
});

describe("suggestion order", () => {
  it("sorts equal distances by name, whatever order the names come in", () => {
    const names = ["b-item", "a-item", "c-item"];
    expect(nearestNames("x-item", names)).toEqual(["a-item", "b-item", "c-item"]);
    expect(nearestNames("x-item", [...names].reverse())).toEqual(["a-item", "b-item", "c-item"]);
  });
});

describe("exact cases (mutation survivors of match.ts)", () => {
  it("builds one index per array, from its third lookup, and reuses it", () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ n: `n${i}` }));
    const before = nameIndexBuilds();
    expect(findByName(items, "n", "n1")).toBe(items[1]);
    expect(findByName(items, "n", "n2")).toBe(items[2]);
    expect(nameIndexBuilds()).toBe(before);
    expect(findByName(items, "n", "n3")).toBe(items[3]);
    expect(nameIndexBuilds()).toBe(before + 1);
    expect(findByName(items, "n", "n4")).toBe(items[4]);
    expect(nameIndex(items, "n").get("n0")).toBe(items[0]);
    expect(nameIndexBuilds()).toBe(before + 1);
  });

  it("an array indexed already is not scanned", () => {
    const items = [{ n: "a" }];
    nameIndex(items, "n");
    const before = nameIndexBuilds();
    expect(findByName(items, "n", "a")).toBe(items[0]);
    expect(nameIndexBuilds()).toBe(before);
  });

  it("a scan finds a name stored decomposed when asked composed, and answers like the index", () => {
    const items = [{ n: "cafe\u0301" }, { n: "x" }, { n: "x" }, { n: "x" }];
    expect(findByName(items, "n", "caf\u00e9")).toBe(items[0]);
    expect(findByName(items, "n", "x")).toEqual([items[1], items[2], items[3]]);
    expect(findByName(items, "n", "y")).toBeUndefined();
    // The index (third lookup on): the same answers, three items of one name included.
    expect(findByName(items, "n", "x")).toEqual([items[1], items[2], items[3]]);
    expect(findByName(items, "n", "caf\u00e9")).toBe(items[0]);
    expect(findByName(items, "n", "y")).toBeUndefined();
  });

  it("a scan that finds nothing answers undefined, like the index", () => {
    const items = [{ n: "a" }];
    expect(findByName(items, "n", "b")).toBeUndefined();
  });

  it("names every invisible character on each side, once each, and both sides", () => {
    expect(invisibleDifference("a\u200b\u200cb\u200b", "ab")).toBe(
      "yours has U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER",
    );
    expect(invisibleDifference("ab", "a\u200d\u2060b")).toBe(
      "the item's has U+200D ZERO WIDTH JOINER, U+2060 WORD JOINER",
    );
    expect(invisibleDifference("a\u200bb", "a\u200b\u200db")).toBe("the item's has U+200D ZERO WIDTH JOINER");
    expect(invisibleDifference("a\u200bb", "a\u200db")).toBe(
      "yours has U+200B ZERO WIDTH SPACE; the item's has U+200D ZERO WIDTH JOINER",
    );
  });

  it("a name as many characters longer as the limit, not containing the word, is still suggested", () => {
    // 6 characters: limit 2; two insertions, not a substring.
    expect(nearestNames("abcdef", ["abxcdefy"])).toEqual(["abxcdefy"]);
    // At equal distance, by name: the longer one is scored by distance, not as a substring.
    expect(nearestNames("abcdef", ["abcdxy", "abcdefgh"])).toEqual(["abcdefgh", "abcdxy"]);
  });

  it("substring suggestions start at words of 3 characters", () => {
    expect(nearestNames("abc", ["xxxabcxxx"])).toEqual(["xxxabcxxx"]);
    expect(nearestNames("ab", ["xxxabxxx"])).toEqual([]);
  });

  it("a case-only difference comes before a name one edit away", () => {
    expect(nearestNames("Deploy", ["deploy", "Deplo"])).toEqual(["deploy", "Deplo"]);
    expect(nearestNames("Deploy", ["Deplo", "deploy"])).toEqual(["deploy", "Deplo"]);
  });
});
