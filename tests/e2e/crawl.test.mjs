// The crawler of crawl.mjs, as each role in each language, on the demo with a submitted, an
// approved and a not-compliant assessment (prepared through the JSON API, as a client would).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { crawl } from "./crawl.mjs";
import { PASSWORD, Visit, Shots, launchBrowser, startApp } from "./lib.mjs";

let app;
let browser;
const shots = new Shots("crawl");

async function api(method, path, token, body) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

const token = async (email) => (await api("POST", "/api/v1/auth/login", null, { email, password: PASSWORD })).token;

/// A round of `year` at `site`, every item answered yes except `no`, submitted.
async function submitted(manager, site, year, no = []) {
  const a = await api("POST", `/api/v1/sites/${site}/assessments`, manager, { year });
  const criteria = (await api("GET", "/api/v1/criteria", manager)).criteria;
  for (const c of criteria) {
    for (const item of c.items) {
      const answer = no.includes(item.key) ? "no" : "yes";
      await api("PUT", `/api/v1/assessments/${a.id}/answers/${item.key}`, manager, { answer });
    }
  }
  await api("POST", `/api/v1/assessments/${a.id}/submit`, manager);
  return { id: a.id, criteria };
}

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const admin = await token("admin@demo.test");
  const sites = (await api("GET", "/api/v1/sites", admin)).sites;
  const city = (name) => sites.find((s) => s.city === name);
  const [brussels, liege, gent] = [city("Bruxelles"), city("Liège"), city("Gent")];
  // A unit admin, and a manager for each of the two other hotels.
  for (const [email, role, scope_id] of [
    ["unit@demo.test", "company_admin", brussels.unit_id],
    ["liege@demo.test", "site_manager", liege.id],
    ["gent@demo.test", "site_manager", gent.id],
  ]) {
    await api("POST", "/api/v1/users", admin, { email, password: PASSWORD, role, scope_id });
  }
  const year = new Date().getFullYear();
  const auditor = await token("auditor@demo.test");
  // Liège: approved, with its certificate.
  const approved = await submitted(await token("liege@demo.test"), liege.id, year);
  await api("POST", `/api/v1/assessments/${approved.id}/take`, auditor, {});
  for (const c of approved.criteria) {
    await api("POST", `/api/v1/assessments/${approved.id}/criteria/${c.id}/accept-remaining`, auditor, {});
  }
  await api("POST", `/api/v1/assessments/${approved.id}/approve`, auditor, {});
  // Gent: submitted, waiting for an auditor.
  await submitted(await token("gent@demo.test"), gent.id, year);
  // Brussels: last year's round closed as not compliant; this year's is a draft.
  const manager = await token("manager@demo.test");
  const failed = await submitted(manager, brussels.id, year - 1, ["1.1"]);
  await api("POST", `/api/v1/assessments/${failed.id}/take`, auditor, {});
  await api("POST", `/api/v1/assessments/${failed.id}/close-not-compliant`, auditor, {
    comment: "La politique signée manque (1.1).",
  });
  await api("POST", `/api/v1/sites/${brussels.id}/assessments`, manager, { year });
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/// Logs in, then switches to `lang` if the person's own language is another one.
async function signIn(visit, email, lang) {
  const page = visit.page;
  await visit.goto(`${app.url}/login`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await visit.click(page.locator("form[action='/login'] button[type=submit]"));
  assert.ok(!page.url().includes("/login"), `${email} is logged in (at ${page.url()})`);
  if ((await page.getAttribute("html", "lang")) !== lang) {
    await visit.click(page.locator(`.langs button[value="${lang}"]`));
  }
  assert.equal(await page.getAttribute("html", "lang"), lang, `${email} reads the app in ${lang}`);
}

const PEOPLE = [
  ["admin", "admin@demo.test"],
  ["company admin", "company@demo.test"],
  ["unit admin", "unit@demo.test"],
  ["site manager", "manager@demo.test"],
  ["auditor", "auditor@demo.test"],
];

// English on a desktop, French and Dutch on a phone.
const LANGUAGES = [
  ["en", { width: 1280, height: 900 }],
  ["fr", { width: 390, height: 844 }],
  ["nl", { width: 390, height: 844 }],
];

for (const [lang, viewport] of LANGUAGES) {
  test(`every link and form, in ${lang} at ${viewport.width} px, for each role`, { timeout: 1_200_000 }, async () => {
    const problems = [];
    let pages = 0;
    for (const [who, email] of [["visitor", null], ...PEOPLE]) {
      const ctx = await browser.newContext({ viewport, locale: lang });
      const visit = new Visit(await ctx.newPage(), shots, { narrow: viewport.width < 600 });
      if (email) await signIn(visit, email, lang);
      const found = await crawl(visit, { origin: app.url, lang, who, maxPages: email ? 250 : 30 });
      problems.push(...found.problems);
      pages += found.pages;
      await ctx.close();
    }
    console.log(`${lang}: ${pages} pages and downloads visited`);
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join("\n")}`);
  });
}
