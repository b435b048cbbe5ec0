// A crawler that clicks what users click: as one person in one language it follows every
// same-origin link it finds, submits every GET form with its defaults and every POST form
// that is safe to repeat (with its defaults, then with one field emptied), and reports what a
// user would trip over: server errors, refused links and forms the app itself rendered, raw
// developer messages, English left in a French or Dutch page, sideways scrolling on a phone,
// serious axe-core violations.

import fs from "node:fs/promises";
import path from "node:path";

import { REPO, axe } from "./lib.mjs";

/// POST forms the crawler leaves alone, and why: they end the session, change who the
/// crawler is, freeze or decide a round, or destroy something the rest of the crawl visits.
const UNSAFE_POST = [
  [/^\/logout$/, "ends the session"],
  [/^\/login$/, "the login form"],
  [/^\/language$/, "changes the crawl's language (its own test covers it)"],
  [/^\/account\/password$/, "changes the password"],
  [/\/submit$/, "freezes a round"],
  [/\/review\/(take|take-over|decision)$/, "takes, takes over or decides a round"],
  [/\/accept-remaining$/, "decides items"],
  [/\/revoke$/, "revokes a token"],
  [/\/(erase|left)$/, "erases or ends a person's record"],
  [/\/publish$/, "publishes a report"],
  [/\/close$/, "closes a finding"],
  [/\/reopen$/, "reopens a round"],
  [/^\/sites\/\d+\/assessments$/, "starts a round (a second start of the same year is refused)"],
  [/^\/org\/users\/\d+\/(deactivate|reactivate)$/, "deactivates someone the crawl logs in as"],
];

/// Words that, two or more together, say a text is English (none of them also Dutch or
/// French: not "of", "is", "was", "been").
const ENGLISH = new Set(
  "the and to your this are with for from has have will were which what there their must should cannot not yet".split(
    " ",
  ),
);

/// Texts that stay the same in every language: names of things, codes, numbers.
const SAME_IN_EVERY_LANGUAGE = /^(ECPAT|The Code|CSV|PDF|ZIP|JSON|API|OpenAPI|E-mail|e-learning|[\d\s.,:%/–—-]+)$/i;

/// Every message of `locales/<lang>/*.ftl` without arguments: what the app can say in `lang`.
async function messages(lang) {
  const dir = path.join(REPO, "locales", lang);
  const values = new Set();
  for (const file of await fs.readdir(dir)) {
    if (!file.endsWith(".ftl")) continue;
    for (const line of (await fs.readFile(path.join(dir, file), "utf8")).split("\n")) {
      const m = line.match(/^[a-z][a-z0-9-]* = (.+)$/);
      if (m && !m[1].includes("{")) values.add(m[1].trim());
    }
  }
  return values;
}

const DEVELOPER = [
  /Failed to (deserialize|parse)/i,
  /invalid (type|digit|value):/i,
  /missing field `/i,
  /unknown (variant|field) `/i,
  /expected .* at line \d+ column \d+/i,
  /Query string/,
  /Form requests must have/i,
  /Invalid URL/,
  /panicked at/i,
  /stack backtrace/i,
  /\bsqlx\b|error returned from database/i,
  /\bserde\b|\baxum\b|\bRust\b/,
  /Content-Type/i,
];

/// The pattern a URL stands for (numbers and serials replaced), so that a thousand sites are
/// visited as a few.
function pattern(url) {
  const u = new URL(url);
  const p = u.pathname.replace(/\/\d+(?=\/|$)/g, "/{n}").replace(/\/[A-Z0-9]{4}(-[A-Z0-9]{4})+/g, "/{serial}");
  const keys = [...new Set(u.searchParams.keys())].sort().join("&");
  return keys ? `${p}?${keys}` : p;
}

/// The links of the page to other pages (not its own anchors such as "skip to content").
function links(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("a[href]")].filter((a) => !a.getAttribute("href").startsWith("#")).map((a) => a.href),
  );
}

/// What the page says is wrong, to name it in a report.
function told(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".alert.error, .field-error, [role=alert]")].map((e) => e.textContent.trim()).join(" | ").slice(0, 200),
  );
}

const DOWNLOAD = /\.(pdf|csv|zip|json|png|svg|ico)(\?|$)|\/download(\?|$)/;

/// Crawls as the person logged in on `visit.page`; returns the problems found, one line each.
export async function crawl(visit, { origin, lang, maxPages = 250, perPattern = 2, who }) {
  const page = visit.page;
  const problems = [];
  const problem = (where, what) => problems.push(`${who} ${lang} ${where}: ${what}`);
  const english = lang === "en" ? null : await messages("en");
  const own = lang === "en" ? null : await messages(lang);
  const queue = [{ url: new URL("/", origin).href, from: "start" }];
  const seen = new Set();
  const patterns = new Map();
  const checked = new Set(); // patterns already checked with axe and for forms
  let pages = 0;

  const sameOrigin = (href) => {
    try {
      const u = new URL(href, page.url());
      return u.origin === origin ? u : null;
    } catch {
      return null;
    }
  };
  const enqueue = (href, from) => {
    const u = sameOrigin(href);
    if (!u) return;
    u.hash = "";
    if (seen.has(u.href)) return;
    const pat = pattern(u.href);
    const n = patterns.get(pat) || 0;
    if (n >= perPattern) return;
    patterns.set(pat, n + 1);
    seen.add(u.href);
    queue.push({ url: u.href, from });
  };

  /// What the page shows, checked the way a reader would.
  const inspect = async (where, status, contentType) => {
    const asked = new URL(page.url()).searchParams.get("lang");
    if (status >= 500) problem(where, `answered ${status}`);
    if (!contentType.startsWith("text/html")) {
      problem(where, `answered ${status} as ${contentType || "no content type"}, not a page`);
      return;
    }
    const text = await page.evaluate(() => document.body?.innerText || "");
    for (const re of DEVELOPER) {
      const m = text.match(re);
      if (m) problem(where, `a developer's message: "${text.slice(Math.max(0, m.index - 40), m.index + 80).replace(/\s+/g, " ")}"`);
    }
    // A page asked for in another language (`?lang=`, a card to print for the staff) may be
    // in it; every other page is in the reader's language.
    const shown = await page.getAttribute("html", "lang");
    if (shown !== lang && shown !== asked) problem(where, `the page is in ${shown}, not ${lang}`);
    if (english && shown === lang) {
      const texts = await page.evaluate(() => {
        const out = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
          const el = walk.currentNode.parentElement;
          if (!el || el.closest("script, style, code, pre, [translate=no], [lang]:not(html)")) continue;
          const t = walk.currentNode.textContent.replace(/\s+/g, " ").trim();
          if (t) out.push(t);
        }
        for (const el of document.querySelectorAll("[aria-label], [placeholder], [title], input[type=submit][value]")) {
          if (el.closest("[lang]:not(html)")) continue;
          for (const a of ["aria-label", "placeholder", "title", "value"]) {
            const v = a === "value" && el.type !== "submit" ? null : el.getAttribute(a);
            if (v) out.push(v.trim());
          }
        }
        return out;
      });
      for (const t of new Set(texts)) {
        if (own.has(t) || SAME_IN_EVERY_LANGUAGE.test(t)) continue;
        const words = new Set(t.toLowerCase().match(/[a-z']+/g) || []);
        const englishWords = [...words].filter((w) => ENGLISH.has(w));
        if (english.has(t) || englishWords.length >= 2) problem(where, `English in a ${lang} page: "${t.slice(0, 100)}"`);
        else if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(t)) problem(where, `a message key instead of its text: "${t}"`);
      }
    }
    if (visit.narrow) {
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 0) problem(where, `scrolls sideways by ${over} px at ${await page.evaluate(() => window.innerWidth)} px`);
    }
  };

  /// Runs axe once per pattern.
  const accessible = async (where, pat) => {
    const bad = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const v of bad) problem(where, `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    checked.add(pat);
  };

  /// Submits a form of the page as a browser would (its default button), and checks the answer.
  const send = async (where, index, { empty = false }) => {
    const plan = await page.evaluate(
      ({ index, empty }) => {
        const form = document.forms[index];
        if (!form) return null;
        if (empty) {
          // One field emptied, as a person clearing it would; the browser's own checks off so
          // that the server's are what answers.
          const field = [...form.elements].find(
            (el) =>
              ["text", "email", "date", "number", "search", "url", "tel", "textarea", "select-one"].includes(el.type) &&
              !el.disabled && !el.readOnly && el.getClientRects().length > 0,
          );
          if (!field) return null;
          field.value = "";
          form.noValidate = true;
          return field.name || field.id;
        }
        return form.checkValidity() ? "defaults" : null;
      },
      { index, empty },
    );
    if (plan === null) return;
    const label = `${where} (${empty ? `with ${plan} emptied` : "with its defaults"})`;
    let response;
    try {
      [response] = await Promise.all([
        page.waitForNavigation({ timeout: 15_000 }),
        page.evaluate((index) => {
          const form = document.forms[index];
          const button = [...form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")].find((b) => !b.disabled);
          form.requestSubmit(button || undefined);
        }, index),
      ]);
    } catch (e) {
      problem(label, `did not load a page: ${e.message.split("\n")[0]}`);
      return;
    }
    const status = response ? response.status() : 0;
    // Its own defaults must be accepted; an emptied field may be refused, with a message.
    if (!empty && status >= 400) problem(label, `answered ${status}: ${await told(page)}`);
    if (empty && status >= 400 && status < 500) {
      const told = await page.evaluate(() => !!document.querySelector('[aria-invalid="true"], [role=alert], .alert, .error'));
      if (!told) problem(label, `answered ${status} without saying what is wrong`);
    }
    await inspect(label, status, response?.headers()["content-type"] || "");
    for (const href of await links(page)) enqueue(href, label);
  };

  while (queue.length && pages < maxPages) {
    const { url, from } = queue.shift();
    const where = `${new URL(url).pathname}${new URL(url).search} (linked from ${from})`;
    const pat = pattern(url);
    pages += 1;
    if (DOWNLOAD.test(new URL(url).pathname)) {
      const res = await page.context().request.get(url, { maxRedirects: 5 });
      if (res.status() >= 400) problem(where, `the download answered ${res.status()}`);
      continue;
    }
    let response;
    try {
      response = await page.goto(url, { waitUntil: "load" });
    } catch (e) {
      if (/Download is starting/.test(e.message)) {
        const res = await page.context().request.get(url);
        if (res.status() >= 400) problem(where, `the download answered ${res.status()}`);
      } else {
        problem(where, `did not load: ${e.message.split("\n")[0]}`);
      }
      continue;
    }
    const status = response ? response.status() : 0;
    if (status >= 400) problem(where, `answered ${status}`);
    await inspect(where, status, response?.headers()["content-type"] || "");
    if (!sameOrigin(page.url())) continue;
    for (const href of await links(page)) enqueue(href, where);
    if (checked.has(pat)) continue;
    await accessible(where, pat);

    // The forms of this page, each sent from a fresh load of it.
    const forms = await page.evaluate(() =>
      [...document.forms].map((f) => ({
        method: (f.getAttribute("method") || "get").toLowerCase(),
        action: new URL(f.getAttribute("action") || location.href, location.href).pathname,
        files: !!f.querySelector("input[type=file]"),
        sendable: [...f.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")].some((b) => !b.disabled),
        hidden: f.getClientRects().length === 0,
      })),
    );
    for (const [index, form] of forms.entries()) {
      if (form.files || form.hidden || !form.sendable) continue;
      if (form.method === "post" && UNSAFE_POST.some(([re]) => re.test(form.action))) continue;
      const variants = form.method === "post" ? [{}, { empty: true }] : [{}];
      for (const variant of variants) {
        await page.goto(url, { waitUntil: "load" });
        await send(`${form.method.toUpperCase()} ${form.action} on ${new URL(url).pathname}`, index, variant);
      }
    }
  }
  return { problems, pages };
}
