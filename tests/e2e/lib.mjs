// What every browser test needs: the real app on a fresh database, headless Chromium, a
// screenshot per page, axe-core on every page, and the helpers a person's hands would be.

import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const run = promisify(execFile);

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PASSWORD = "e2e lantern orbit meadow";
const AXE_SOURCE = await fs.readFile(require.resolve("axe-core/axe.min.js"), "utf8");

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/// The app binary (`CODECHECK_BIN`, set by tests/browser.rs), started with the demo data on a
/// fresh database: SQLite in a new directory, or `E2E_DATABASE_URL` (an empty PostgreSQL one).
export async function startApp() {
  const bin = process.env.CODECHECK_BIN;
  assert.ok(bin, "CODECHECK_BIN must name the codecheck binary (cargo test sets it)");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "codecheck-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ["serve", "--demo", "--bind", `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL || `sqlite://${dir}/codecheck.db`,
      CODECHECK_DATA_DIR: path.join(dir, "data"),
      CODECHECK_CRITERIA_DIR: path.join(REPO, "criteria"),
      CODECHECK_PUBLIC_URL: url,
      CODECHECK_DEMO_PASSWORD: PASSWORD,
      RUST_LOG: "warn",
      NO_COLOR: "1",
    },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`codecheck exited with ${exited}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`codecheck did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    log: () => output,
    async stop() {
      if (exited === null) {
        const done = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await done;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/// Debian's Chromium, headless, with the flags this closed network needs. Playwright gives each
/// launch a new, empty profile directory.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/// Where the screenshots of one test go: `target/e2e/<name>/`, numbered in visiting order.
export class Shots {
  constructor(name) {
    this.dir = path.join(process.env.E2E_SHOTS_DIR || path.join(REPO, "target", "e2e"), name);
    this.n = 0;
  }
  async take(page, name, { fullPage = true } = {}) {
    await fs.mkdir(this.dir, { recursive: true });
    this.n += 1;
    const file = path.join(this.dir, `${String(this.n).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }
}

/// axe-core run on the page as it is now. Evaluated through the DevTools protocol, so the
/// app's Content-Security-Policy stays as strict as users get it.
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }),
  );
  return result.violations;
}

/// Fails naming every serious or critical axe violation on the page.
export async function assertAccessible(page, name) {
  const bad = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = bad.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n"),
  );
  assert.equal(bad.length, 0, `axe on ${name} (${page.url()}):\n${lines.join("\n")}`);
}

/// A person's view of one page: each visit is screenshotted and checked with axe-core, and the
/// page must not have answered with a server error.
export class Visit {
  constructor(page, shots, { narrow = false } = {}) {
    this.page = page;
    this.shots = shots;
    this.narrow = narrow;
  }
  async look(name) {
    const page = this.page;
    await page.waitForLoadState("load");
    const main = await page.locator("main").count();
    assert.equal(main, 1, `${name}: a page with one <main> (${page.url()})`);
    if (this.narrow) {
      const wide = await page.evaluate(() => {
        const over = document.documentElement.scrollWidth - window.innerWidth;
        if (over <= 0) return null;
        // The innermost elements that stick out, to say what to fix.
        const out = [...document.querySelectorAll("main *, header *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`);
        return `${over} px (${out.join(", ")})`;
      });
      assert.equal(wide, null, `${name}: the page scrolls sideways at a phone's width by ${wide}`);
      // Answers and main buttons are big enough for a finger (44 px, WCAG's target size).
      const small = await page.evaluate(() =>
        [...document.querySelectorAll(".answers label, .actions button, button.primary, a.button")]
          .filter((el) => el.getClientRects().length > 0)
          .filter((el) => el.getBoundingClientRect().height < 44)
          .map((el) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().height)} px`),
      );
      assert.deepEqual(small, [], `${name}: controls too small for a finger`);
    }
    // Status is never told by colour alone: every badge and matrix cell has words or a sign.
    const mute = await page.evaluate(() =>
      [...document.querySelectorAll(".badge, td[class^='cell-']")]
        .filter((el) => el.getClientRects().length > 0 && el.textContent.trim() === "")
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(mute, [], `${name}: badges without text`);
    await this.shots.take(page, name);
    await assertAccessible(page, name);
  }
  /// Clicks something that loads a new page, and waits for it.
  async click(locator) {
    await Promise.all([this.page.waitForNavigation(), locator.click()]);
  }
  async goto(url, status = 200) {
    const res = await this.page.goto(url);
    assert.equal(res.status(), status, `${url} answered ${res.status()}`);
    return res;
  }
}

/// Logs in through the login page after choosing the interface language with its switch.
export async function login(visit, app, email, lang) {
  const page = visit.page;
  await visit.goto(`${app.url}/login`);
  const label = { fr: "Français", nl: "Nederlands", en: "English" }[lang];
  if ((await page.getAttribute("html", "lang")) !== lang) {
    await visit.click(page.locator(`.langs button[value="${lang}"]`));
  }
  assert.equal(await page.getAttribute("html", "lang"), lang, `the login page in ${label}`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await visit.click(page.locator("form[action='/login'] button[type=submit]"));
  assert.ok(!page.url().includes("/login"), `${email} is logged in (at ${page.url()})`);
  assert.equal(await page.getAttribute("html", "lang"), lang);
}

/// The URL the QR code of a certificate PDF carries, read off the rendered page the way a
/// phone would: pdftoppm draws the page, zbarimg decodes the code.
export async function qrUrl(pdfFile) {
  const prefix = pdfFile.replace(/\.pdf$/, "");
  await run("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", pdfFile, prefix]);
  const { stdout } = await run("zbarimg", ["--quiet", "--raw", `${prefix}.png`]);
  return stdout.trim();
}

/// The text of a PDF, for what a reader would see on it.
export async function pdfText(pdfFile) {
  const { stdout } = await run("pdftotext", ["-layout", pdfFile, "-"]);
  return stdout;
}

/// A small, valid one-page PDF: the hotel's signed policy.
export function policyPdf(title) {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const text = `BT /F1 18 Tf 72 760 Td (${title.replace(/[()\\]/g, "")}) Tj ET`;
  objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/// Dates relative to today, so the training figures do not rot.
export function daysAgo(n) {
  const d = new Date(Date.now() - n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/// A training export as a hotel keeps it: every required person trained recently.
export function trainingCsv() {
  const recent = daysAgo(40);
  return [
    "employee_ref;first_name;last_name;job_role;start_date;module;completed_on;delivery",
    `R1;Anne;Dubois;réception;2021-03-01;ecpat_basic;${recent};elearning`,
    `R2;;;réception;2022-05-01;ecpat_basic;${recent};classroom`,
    `H1;;;housekeeping;2020-01-01;ecpat_basic;${recent};classroom`,
    `F1;;;food_beverage;2020-01-01;ecpat_basic;${recent};elearning`,
    `S1;;;security;2020-01-01;ecpat_basic;${recent};classroom`,
    `M1;;;management;2019-01-01;ecpat_basic;${recent};classroom`,
    `M1;;;management;2019-01-01;ecpat_management;${recent};classroom`,
  ].join("\n") + "\n";
}

export async function tempFile(name, bytes) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "codecheck-e2e-files-"));
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}
