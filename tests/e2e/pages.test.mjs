// Every main page the journeys do not pass through, checked with axe-core and screenshotted;
// forms sent with mistakes, checked for errors tied to their fields; navigation per role.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  Shots,
  Visit,
  assertAccessible,
  launchBrowser,
  login,
  startApp,
  tempFile,
} from "./lib.mjs";

let app;
let browser;
const shots = new Shots("pages");

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function visitor(email, lang, viewport = { width: 1280, height: 900 }) {
  const ctx = await browser.newContext({ viewport });
  const visit = new Visit(await ctx.newPage(), shots, { narrow: viewport.width < 600 });
  if (email) await login(visit, app, email, lang);
  return visit;
}

/// The links of the menu, as the role sees them.
function menu(visit) {
  return visit.page.locator(".menu a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
}

/// Every field marked invalid names, with aria-describedby, an element that says what is wrong.
async function assertErrorsTied(page, what) {
  const fields = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => {
      const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      const texts = ids.map((id) => document.getElementById(id)?.textContent.trim() || "");
      return { field: el.id || el.name, ids, texts };
    }),
  );
  assert.ok(fields.length > 0, `${what}: the field in error is marked aria-invalid`);
  for (const f of fields) {
    assert.ok(f.ids.length > 0, `${what}: ${f.field} has aria-describedby`);
    assert.ok(f.texts.some((t) => t.length > 0), `${what}: ${f.field} is described by its error (${f.ids})`);
  }
  return fields;
}

test("axe-core reports what it should: a page with an unlabelled field fails", async () => {
  const visit = await visitor(null);
  await visit.page.setContent(`<!doctype html><html lang="en"><title>t</title><main><input></main></html>`);
  await assert.rejects(assertAccessible(visit.page, "a broken page"), /label/);
  await visit.page.context().close();
});

test("the pages of the company and the platform, with navigation per role", { timeout: 300_000 }, async () => {
  const admin = await visitor("admin@demo.test", "en");
  const p = admin.page;
  assert.deepEqual(await menu(admin), ["/", "/reviews", "/org", "/notifications"]);
  await admin.look("admin-home");
  for (const [url, name] of [
    ["/org", "org"],
    ["/reviews", "reviews-empty"],
    ["/notifications", "notifications-empty"],
    ["/account/tokens", "tokens"],
    ["/docs/api", "api-docs"],
    ["/companies/1/dashboard", "dashboard"],
    ["/companies/1/annual-reports", "annual-reports"],
    ["/sites/3/procedure", "procedure"],
    ["/sites/3/procedure/card", "procedure-card"],
    ["/sites/4/training", "training-empty"],
    ["/sites/4/evidence", "evidence-empty"],
  ]) {
    await admin.goto(`${app.url}${url}`);
    await admin.look(name);
    if (["/org", "/reviews", "/notifications"].includes(url)) {
      assert.equal(await p.locator(`.menu a[aria-current="page"]`).getAttribute("href"), url, "the menu shows where one is");
    }
  }
  await admin.goto(`${app.url}/companies/1/annual-reports`);
  await admin.click(p.locator(`a[href^="/companies/1/annual-reports/"]`).first());
  await admin.look("annual-report");

  // What each role is offered in the menu.
  const manager = await visitor("manager@demo.test", "fr");
  assert.deepEqual(await menu(manager), ["/", "/notifications"]);
  const auditor = await visitor("auditor@demo.test", "nl");
  assert.deepEqual(await menu(auditor), ["/", "/reviews", "/notifications"]);
  await auditor.look("auditor-home");
  const company = await visitor("company@demo.test", "en");
  assert.deepEqual(await menu(company), ["/", "/org", "/notifications"]);
});

test("pages anyone can reach, and the language switch on every one", async () => {
  const anon = await visitor(null);
  const p = anon.page;
  await anon.goto(`${app.url}/login`);
  await anon.look("login");
  await anon.goto(`${app.url}/verify/NOT-A-SERIAL`, 404);
  await anon.look("verify-unknown");
  assert.ok(await p.locator(".langs button").count(), "the language switch on the verify page");
  await anon.click(p.locator(`.langs button[value="nl"]`));
  assert.equal(await p.getAttribute("html", "lang"), "nl");
  assert.match(p.url(), /\/verify\/NOT-A-SERIAL$/, "the switch stays on the same page");
  await anon.goto(`${app.url}/no/such/page`, 404);
  await anon.look("not-found");
  assert.ok(await p.locator(".langs button").count(), "the language switch on the error page");
});

test("forms sent with mistakes say what is wrong, next to the field, and keep what was typed", { timeout: 300_000 }, async () => {
  // Login with a wrong password.
  const anon = await visitor(null);
  const ap = anon.page;
  await anon.goto(`${app.url}/login`);
  await ap.fill("#email", "manager@demo.test");
  await ap.fill("#password", "not the password");
  await anon.click(ap.locator("form[action='/login'] button[type=submit]"));
  await assertErrorsTied(ap, "login");
  assert.equal(await ap.inputValue("#email"), "manager@demo.test");
  await anon.look("login-error");

  // A year that is not one, on the site page; a phone's width.
  const m = await visitor("manager@demo.test", "fr", { width: 390, height: 844 });
  const mp = m.page;
  await m.goto(`${app.url}/sites/3`);
  await mp.fill("#year", "l'an dernier");
  await m.click(mp.locator(`form[action$="/assessments"] button[type=submit]`));
  const [year] = await assertErrorsTied(mp, "start year");
  assert.equal(year.field, "year");
  assert.equal(await mp.inputValue("#year"), "l'an dernier");
  await m.look("site-year-error");

  // A text file presented as a PDF.
  await m.goto(`${app.url}/sites/3/evidence`);
  await mp.setInputFiles("#evidence-file", await tempFile("politique.pdf", "ceci n'est pas un PDF\n"));
  await m.click(mp.locator(`form[action$="/evidence"] button[type=submit]`));
  await assertErrorsTied(mp, "evidence upload");
  await m.look("evidence-error");

  // A training file with a row that cannot be read.
  await m.goto(`${app.url}/sites/3/training`);
  await mp.setInputFiles(
    "#import-file",
    await tempFile("formations.csv", "employee_ref;job_role;module;completed_on\nR1;réception;ecpat_basic;hier\n"),
  );
  await m.click(mp.locator(`form[action$="/training/import"] button[type=submit]`));
  await m.look("training-import-errors");
  assert.ok(await mp.locator(".alert.error").count(), "the preview lists what is wrong");

  // A country that does not exist, on the organisation page.
  const c = await visitor("company@demo.test", "en");
  const cp = c.page;
  await c.goto(`${app.url}/org`);
  await cp.locator(`details:has(form[action="/org/units"]) > summary`).first().click();
  const unit = cp.locator(`form[action="/org/units"]`).first();
  await unit.locator(`input[name=name]`).fill("Demo Hotels Atlantis");
  await unit.locator(`input[name=country]`).fill("ZZ");
  await c.click(unit.locator("button[type=submit]"));
  const fields = await assertErrorsTied(cp, "new unit");
  assert.ok(fields.some((f) => f.field.startsWith("unit-country")), "the country is the field in error");
  assert.equal(await cp.locator(`form[action="/org/units"] input[name=name]`).first().inputValue(), "Demo Hotels Atlantis");
  await c.look("org-error");
});
