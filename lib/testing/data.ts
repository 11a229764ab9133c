/**
 * The emulator's data: item types, the default data set and a generator for bigger sets, from the
 * lists' demo data (`lib/lists/demo.ts`; each list's generator lives with its definition).
 */
export type { ListKind, PagedListKind } from "../lists";
export * from "../lists/demo";
