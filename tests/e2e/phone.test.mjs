import { test } from "node:test";

import { journey } from "./journey.mjs";

test("the same journey on a phone, the checklist answered with the keyboard only", { timeout: 600_000 }, () =>
  journey({
    name: "phone",
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    keyboard: true,
  }));
