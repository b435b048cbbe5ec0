// A checklist page answered with the keyboard only, checking on every stop what a keyboard
// user depends on: focus moves forward in reading order, is visible, is not hidden under the
// sticky action bar, and can leave the form again (no trap).

import assert from "node:assert/strict";

/// Where the focus is now, and whether a person can see it.
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) return { tag: "BODY" };
  const prev = window.__e2ePrevFocus;
  const forward = !prev || prev === el || Boolean(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  window.__e2ePrevFocus = el;
  const style = getComputedStyle(el);
  // An inline link may wrap over two lines: its first line box is where it starts.
  const r = el.getClientRects()[0] || el.getBoundingClientRect();
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const cx = r.left + Math.min(r.width / 2, 8);
  const cy = r.top + r.height / 2;
  const hit = document.elementFromPoint(cx, cy);
  const label = el.labels && el.labels[0];
  const uncovered = Boolean(hit) && (hit === el || el.contains(hit) || (label && label.contains(hit)) || hit.contains(el));
  return {
    tag: el.tagName,
    type: el.type || null,
    name: el.getAttribute("name"),
    value: el.value ?? null,
    forward,
    ring,
    inView: r.bottom > 0 && r.top < window.innerHeight && r.width > 0 && r.height > 0,
    uncovered,
    coveredBy: uncovered || !hit ? null : `${hit.tagName.toLowerCase()}.${hit.className}`,
    groupAnswered:
      el.type === "radio" ? Boolean(document.querySelector(`input[name="${CSS.escape(el.name)}"]:checked`)) : null,
    inChecklist: Boolean(el.closest("form.checklist")),
    describe: `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ""}${el.id ? `#${el.id}` : ""} "${(el.innerText || el.value || "").trim().slice(0, 30)}"`,
  };
}

async function tab(page, shift = false) {
  await page.keyboard.press(shift ? "Shift+Tab" : "Tab");
  return page.evaluate(focusState);
}

/// Tabs through the whole checklist page from its top, answers "yes" with Space where an item
/// has no answer, types `comment` = [itemKey, text] into that item's comment, then leaves the
/// form and comes back (no trap) and presses Enter on "save and next".
export async function answerByKeyboard(visit, name, options) {
  try {
    await answer(visit, name, options);
  } catch (e) {
    // What the person saw when it went wrong: the screen, not the whole page.
    await visit.shots.take(visit.page, `${name}-failure`, { fullPage: false });
    throw e;
  }
}

async function answer(visit, name, { comment }) {
  const page = visit.page;
  await page.evaluate(() => {
    window.__e2ePrevFocus = null;
    window.scrollTo(0, 0);
  });
  let typedComment = false;
  let answered = 0;
  for (let stops = 0; ; stops++) {
    assert.ok(stops < 400, `${name}: the save button is reachable with Tab`);
    const f = await tab(page);
    assert.notEqual(f.tag, "BODY", `${name}: Tab left the page before reaching the save button`);
    assert.ok(f.forward, `${name}: focus went backwards to ${f.describe}`);
    assert.ok(f.ring, `${name}: no visible focus ring on ${f.describe}`);
    assert.ok(f.inView, `${name}: the focused ${f.describe} is scrolled out of view`);
    assert.ok(f.uncovered, `${name}: the focused ${f.describe} is hidden under ${f.coveredBy}`);
    if (f.type === "radio" && !f.groupAnswered) {
      await page.keyboard.press("Space");
      answered += 1;
      assert.ok(await page.evaluate(() => document.activeElement.checked), `${name}: Space checks ${f.describe}`);
    }
    if (comment && f.tag === "TEXTAREA" && f.name === `comment_${comment[0]}` && !typedComment) {
      await page.keyboard.type(comment[1]);
      typedComment = true;
    }
    if (f.name === "save_next") break;
  }
  if (comment) assert.ok(typedComment, `${name}: the comment of ${comment[0]} was reached`);
  const left = await page.locator("fieldset.item .answers:not(:has(input:checked))").count();
  assert.equal(left, 0, `${name}: every item answered from the keyboard (${answered} by Space)`);
  await visit.look(`${name}-keyboard`);

  // No trap: Tab goes on out of the form, Shift+Tab comes back to the same button.
  const out = await tab(page);
  assert.ok(!out.inChecklist, `${name}: Tab after the last button leaves the form (got ${out.describe})`);
  const back = await tab(page, true);
  assert.equal(back.name, "save_next", `${name}: Shift+Tab comes back to the save button`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}
