import { test } from "node:test";

import { journey } from "./journey.mjs";

test("fr manager → nl auditor → approval → certificate → verify page, on a desktop", { timeout: 600_000 }, () =>
  journey({ name: "desktop", context: { viewport: { width: 1280, height: 900 } }, keyboard: false }));
