// The whole life of one submission, through the pages only: a site manager working in French
// fills in the checklist, attaches the signed policy, imports the training records and submits;
// an auditor working in Dutch rejects an item and raises a finding; the manager answers and
// resubmits; the auditor approves; the company admin downloads the certificate, and the verify
// page its QR code leads to says it is valid.

import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";

import {
  Shots,
  Visit,
  launchBrowser,
  login,
  pdfText,
  policyPdf,
  qrUrl,
  startApp,
  tempFile,
  trainingCsv,
} from "./lib.mjs";
import { answerByKeyboard } from "./keyboard.mjs";

const SITE = "Hôtel Démo Bruxelles-Etterbeek";

/// `keyboard`: the checklist is answered with the keyboard only (Tab, Space, typing, Enter).
export async function journey({ name, context, keyboard }) {
  const app = await startApp();
  const browser = await launchBrowser();
  const shots = new Shots(name);
  const narrow = context.viewport.width < 600;
  // Each person's browser speaks their language, as the file picker shows.
  const open = async (locale = "en-GB") => {
    const ctx = await browser.newContext({ ...context, locale, acceptDownloads: true });
    const visit = new Visit(await ctx.newPage(), shots, { narrow });
    return visit;
  };
  try {
    // ---- The site manager, in French ------------------------------------------------------
    const m = await open("fr-BE");
    const mp = m.page;
    await login(m, app, "manager@demo.test", "fr");
    await m.look("manager-home");
    await m.click(mp.getByRole("link", { name: SITE }));
    await m.look("site");
    const siteUrl = mp.url();

    // Training records, from the hotel's CSV export, checked in a preview then imported.
    await m.click(mp.locator(`a[href$="/training"]`).first());
    await m.look("training-empty");
    await mp.setInputFiles("#import-file", await tempFile("formations.csv", trainingCsv()));
    await m.click(mp.locator(`form[action$="/training/import"] button[type=submit]`));
    await m.look("training-preview");
    await m.click(mp.locator(`form[action$="/training/import/confirm"] button[type=submit]`));
    assert.match(await mp.locator(".alert.ok").innerText(), /7|importé/i, "the import is confirmed");
    await m.look("training-imported");

    // The assessment of this year, started from the site page.
    await m.goto(siteUrl);
    await m.click(mp.locator(`form[action$="/assessments"] button[type=submit]`));
    assert.match(mp.url(), /\/assessments\/\d+$/);
    const assessmentUrl = mp.url();
    await m.look("assessment-new");

    // Criterion 1: the signed policy attached to item 1.1 from the checklist itself.
    await m.click(mp.locator(".criterion-card h2 a").first());
    await m.look("criterion-1-empty");
    await m.click(mp.locator(`a[href*="/evidence?item=1.1&"]`));
    assert.ok(await mp.locator(`input[name=item_keys][value="1.1"]`).isChecked(), "1.1 preselected");
    await mp.setInputFiles("#evidence-file", await tempFile("politique-signee.pdf", policyPdf("Politique")));
    await m.click(mp.locator(`form[action$="/evidence"] button[type=submit]`));
    assert.ok(await mp.getByRole("link", { name: "politique-signee.pdf" }).count(), "the file is listed");
    await m.look("evidence-uploaded");

    // Every criterion answered, one page after the other.
    await m.goto(assessmentUrl);
    await m.click(mp.locator(".criterion-card h2 a").first());
    for (let n = 1; n <= 6; n++) {
      assert.match(await mp.locator("h1").innerText(), new RegExp(`^${n}\\.`));
      if (n === 1) {
        assert.ok(await mp.getByRole("link", { name: "politique-signee.pdf" }).count(), "1.1 shows its file");
      }
      if (keyboard) {
        await answerByKeyboard(m, `criterion-${n}`, { comment: n === 1 ? ["1.3", "Affichée à la réception."] : null });
      } else {
        await answerAllYes(mp);
        if (n === 1) {
          await mp.fill(`textarea[name="comment_1.3"]`, "Affichée à la réception.");
          // The script saved the answers as they were given and shows the new figures.
          await mp.locator("p.facts .badge.ok").waitFor();
          assert.match(await mp.locator("p.facts > span").first().innerText(), /^6 .* \/ 6$/);
          assert.match(await mp.locator('.steps a[aria-current="step"] .step-state').innerText(), /6\/6/);
        }
        await m.look(`criterion-${n}-answered`);
        await m.click(mp.locator(`.actions button[name=save_next]`));
      }
    }
    assert.equal(pathOf(mp.url()), pathOf(assessmentUrl), "the last criterion leads back to the overview");
    assert.match(await mp.locator(".summary .big").first().innerText(), /100/);
    await m.look("assessment-complete");
    await m.click(mp.locator(`form[action$="/submit"] button[type=submit]`));
    // The confirmation page: what is frozen, what lacks evidence; then the submission.
    await m.look("assessment-submit-confirm");
    await m.click(mp.locator(`form[method=post][action$="/submit"] button[type=submit]`));
    await m.look("assessment-submitted");
    assert.ok(await mp.locator(`.badge.status-submitted`).count(), "the assessment shows it was submitted");

    // ---- The auditor, in Dutch ------------------------------------------------------------
    const a = await open("en-GB"); // an English browser: she switches to Dutch on the login page
    const ap = a.page;
    await login(a, app, "auditor@demo.test", "nl");
    await a.click(ap.locator(`.menu a[href="/reviews"]`));
    await a.look("auditor-queue");
    await a.click(ap.getByRole("link", { name: SITE }));
    if (await ap.locator(`form[action$="/review/take"]`).count()) {
      await a.click(ap.locator(`form[action$="/review/take"] button`));
    }
    await a.look("review-round-1");
    await verdict(a, "1.3", "rejected", "Foto van de balie ontbreekt: toon de procedure zoals ze uithangt.");
    const raise = ap.locator(`form.raise:has(input[name=item_key][value="1.3"])`);
    await raise.locator("xpath=..").locator("summary").click();
    await raise.locator("select[name=severity]").selectOption("minor");
    await raise.locator("textarea[name=action]").fill("Hang de procedure met de noodnummers op aan de receptie en stuur een foto.");
    await raise.locator("input[name=due_date]").fill(inDays(30));
    await a.click(raise.locator("button[type=submit]"));
    assert.ok(await ap.locator(".finding").count(), "the finding is on the review page");
    await acceptTheRest(a);
    assert.equal(await ap.locator(`form.verdict input[value=accepted]:checked`).count(), 35, "35 accepted, 1.3 rejected");
    await ap.fill("#decision-comment", "Eén punt te herstellen, zie bevinding.");
    await a.click(ap.locator(`button[name=action][value=request_changes]`));
    await a.look("review-changes-requested");
    assert.ok(await ap.locator(`.badge.status-changes_requested`).count());

    // ---- The manager sees it, answers the finding, fixes the item and resubmits -----------
    await m.goto(`${app.url}/`);
    const unread = mp.locator(".menu .count");
    assert.ok(await unread.count(), "an unread notification is counted in the menu");
    await m.click(mp.locator(`.menu a[href="/notifications"]`));
    await m.look("manager-notifications");
    await m.click(mp.locator(`.notifications li form button`).first());
    assert.equal(pathOf(mp.url()), pathOf(assessmentUrl), "the notification opens the assessment");
    assert.match(await mp.locator(".alert.warn").first().innerText(), /1\.3/);
    await m.look("assessment-returned");
    await m.click(mp.locator(`.findings a[href^="/findings/"]`).first());
    await m.look("finding-manager");
    await mp.fill("#response-comment", "La procédure est affichée à la réception ; photo jointe à l’item 1.3.");
    await m.click(mp.locator(`form[action$="/responses"] button[type=submit]`));
    await m.goto(assessmentUrl);
    await m.click(mp.locator(".criterion-card h2 a").first());
    assert.ok(await mp.locator(`fieldset.item.rejected`).count(), "the rejected item is marked on the checklist");
    await mp.fill(`textarea[name="comment_1.3"]`, "Affichée à la réception, avec les numéros d’urgence (photo prise le jour même).");
    await m.look("criterion-1-fixing");
    await m.click(mp.locator(`.actions button.primary`));
    await m.goto(assessmentUrl);
    await m.click(mp.locator(`form[action$="/submit"] button[type=submit]`));
    await m.click(mp.locator(`form[method=post][action$="/submit"] button[type=submit]`));
    // A resubmission goes back to the auditor who asked for the changes.
    assert.ok(await mp.locator(`.badge.status-in_review`).count(), "resubmitted, back with its auditor");

    // ---- The auditor approves -------------------------------------------------------------
    await a.goto(`${app.url}/reviews`);
    await a.click(ap.getByRole("link", { name: SITE }));
    if (await ap.locator(`form[action$="/review/take"]`).count()) {
      await a.click(ap.locator(`form[action$="/review/take"] button`));
    }
    assert.ok(await ap.locator(`article.changed#${await anchorOf(ap, "1.3")}`).count(), "1.3 is marked as changed");
    await a.look("review-round-2");
    await verdict(a, "1.3", "accepted", "");
    await acceptTheRest(a);
    await a.click(ap.locator(`.finding a[href^="/findings/"]`).first());
    await a.look("finding-auditor");
    await ap.fill("#close-comment", "Opgelost.");
    await a.click(ap.locator(`form[action$="/close"] button[type=submit]`));
    await a.click(ap.locator(`.crumbs a[href$="/review"]`));
    await ap.fill("#decision-comment", "In orde.");
    await a.click(ap.locator(`button[name=action][value=approve]`));
    assert.ok(await ap.locator(`.badge.status-approved`).count(), "approved");
    await a.look("review-approved");

    // ---- The company admin downloads the certificate and checks it ------------------------
    const c = await open();
    const cp = c.page;
    await login(c, app, "company@demo.test", "en");
    await c.look("company-home");
    await c.click(cp.getByRole("link", { name: SITE }));
    await c.click(cp.locator(`a[href^="/assessments/"]`).first());
    await c.look("company-assessment");
    const [download] = await Promise.all([
      cp.waitForEvent("download"),
      cp.locator(`a[href^="/certificates/"][href$=".pdf"]`).click(),
    ]);
    const pdf = path.join(shots.dir, "certificate.pdf");
    await download.saveAs(pdf);
    const head = await fs.readFile(pdf);
    assert.equal(head.subarray(0, 5).toString(), "%PDF-");
    assert.match(await pdfText(pdf), new RegExp(SITE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    const url = await qrUrl(pdf);
    assert.match(url, new RegExp(`^${app.url}/verify/[A-Z0-9-]+$`), `the QR code carries the verify URL (${url})`);

    // Anyone with the paper in hand: a fresh browser, not logged in.
    const v = await open();
    await v.goto(url);
    await v.look("verify");
    assert.match(await v.page.locator("#verify-status").innerText(), /Valid/);
    assert.match(await v.page.locator("main").innerText(), new RegExp(SITE));
  } catch (e) {
    e.message += `\n--- server log ---\n${app.log().slice(-4000)}`;
    throw e;
  } finally {
    await browser.close();
    await app.stop();
  }
}

/// Answers "yes" to every item of the criterion page that has no answer yet.
async function answerAllYes(page) {
  const groups = page.locator("fieldset.item .answers");
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    const g = groups.nth(i);
    if ((await g.locator("input:checked").count()) === 0) {
      await g.locator(`input[value=yes]`).check();
    }
  }
}

/// The auditor accepts, criterion by criterion, every item not judged yet.
async function acceptTheRest(visit) {
  const forms = visit.page.locator(`form[action$="/accept-remaining"] button`);
  while (await forms.count()) {
    await visit.click(forms.first());
  }
}

async function verdict(visit, key, value, comment) {
  const form = visit.page.locator(`form.verdict[action$="/verdicts/${key}"]`);
  await form.locator(`input[name=verdict][value=${value}]`).check();
  await form.locator("textarea[name=comment]").fill(comment);
  await visit.click(form.locator("button[type=submit]"));
}

async function anchorOf(page, key) {
  return page.locator(`article.review-item:has(form.verdict[action$="/verdicts/${key}"])`).getAttribute("id");
}

function inDays(n) {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

function pathOf(url) {
  return new URL(url).pathname;
}
