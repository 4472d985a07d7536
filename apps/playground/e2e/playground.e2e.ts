import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Download, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExportedModel, CLI, runCli } from "./check-export.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The spiral run: two ReLU layers of 16 with Adam. It gets below this test
 * loss in about 80 epochs: 2 s in Node on the 2-vCPU test machine, 1-3 s in
 * the page (Wasm, in the worker). A network that cannot learn the spiral stays
 * above 0.6 (chance is ln 2 = 0.69).
 */
const SPIRAL =
  "#data=spiral&noise=0.05&train=0.7&n=600&seed=1" +
  "&layers=dense:activation=relu:units=16,dense:activation=relu:units=16&opt=adam&lr=0.01&batch=16";
const SPIRAL_TEST_LOSS = 0.12;
const DIGITS =
  "#data=digits&train=0.8&seed=2&layers=dense:activation=relu:units=32&opt=adam&lr=0.01&batch=32";
const DIGITS_TEST_ACCURACY = 0.9;
const IRIS =
  "#data=iris&train=0.7&seed=3&layers=dense:activation=tanh:units=8&opt=sgd&lr=0.1&batch=8";

let server: PreviewServer;
let context: BrowserContext;
let page: Page;
let url: string;
let profile: string;
/** The exported files and the test rows, kept for the CLI check. */
let exported: { folder: string; csv: string; testLoss: number } | undefined;
const problems: string[] = [];

beforeAll(async () => {
  await build({ root, logLevel: "warn" });
  server = await preview({
    root,
    logLevel: "warn",
    preview: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  url = `http://127.0.0.1:${address.port}/`;
  profile = mkdtempSync(join(tmpdir(), "myelin-playground-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 1440, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page: ${error.message}`));
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.httpServer.close(resolve));
  if (profile !== undefined) {
    rmSync(profile, { recursive: true, force: true });
  }
});

/** Waits for the worker to build the model of the current configuration. */
async function waitForModel(): Promise<void> {
  const state = await page.waitForFunction(() => {
    const value = document.querySelector("#status")?.getAttribute("data-state");
    return value === "paused" || value === "error" ? value : null;
  });
  if ((await state.jsonValue()) === "error") {
    throw new Error(`the page reports an error: ${await page.textContent("#notices")}`);
  }
}

/** Error notices the page shows (it reports failures in the page, not the console). */
function errorNotices(): Promise<(string | null)[]> {
  return page.$$eval(".notice.error", (notices) => notices.map((n) => n.textContent));
}

/** Loads a page, first checking that the current one shows no error. */
async function visit(address: string): Promise<void> {
  if (page.url().startsWith("http")) {
    expect(await errorNotices()).toEqual([]);
  }
  await page.goto(address);
  await waitForModel();
}

/** Switches the configuration through the address, as a shared link would. */
async function open(hash: string, dataset: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.waitForFunction(
    (name) => document.querySelector("#status")?.getAttribute("data-dataset") === name,
    dataset,
  );
  await waitForModel();
}

function pixelHash(selector: string): Promise<string> {
  return page
    .$eval(selector, (canvas) => (canvas as HTMLCanvasElement).toDataURL("image/png"))
    .then((png) => createHash("sha256").update(png).digest("hex"));
}

/** Longest gap between animation frames over `ms`, measured in the page. */
function longestFrameGap(ms: number): Promise<number> {
  return page.evaluate(
    (duration) =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let longest = 0;
        const end = last + duration;
        const tick = (now: number) => {
          longest = Math.max(longest, now - last);
          last = now;
          if (now < end) {
            requestAnimationFrame(tick);
          } else {
            resolve(longest);
          }
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

describe("the playground in Chromium", () => {
  it("starts the worker on the Wasm backend of a cross-origin isolated page", async () => {
    await visit(url + SPIRAL);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.textContent("#backend")).toMatch(/^wasm/);
    expect(await page.$$eval(".layer-card", (cards) => cards.length)).toBe(2);
  });

  it("assembles the network from the registry's list, the custom sine layer included", async () => {
    const summaryText = () => page.textContent("#summary");
    await page.selectOption("#add-layer", "sine");
    await page.waitForFunction(() => document.querySelectorAll(".layer-card").length === 3);
    await waitForModel();
    expect(await summaryText()).toContain("Sine");
    await page.click("[aria-label='Move layer 3 up']");
    await page.waitForFunction(
      () => document.querySelector("[data-layer='2'] .layer-type")?.textContent === "sine",
    );
    await page.click("[aria-label='Remove layer 2']");
    await page.waitForFunction(() => document.querySelectorAll(".layer-card").length === 2);
    await waitForModel();
    expect(await summaryText()).not.toContain("Sine");
    expect(await page.evaluate(() => location.hash)).toBe(SPIRAL);
  });

  it("trains the spiral below the target loss, redraws the boundary, stays smooth", async () => {
    const before = await pixelHash("#boundary");
    const started = Date.now();
    await page.click("#play");
    const gap = await longestFrameGap(1000);
    await page.waitForFunction(
      (target) =>
        Number(document.querySelector("#scores")?.getAttribute("data-test-loss")) < target,
      SPIRAL_TEST_LOSS,
      { timeout: 40_000, polling: 250 },
    );
    const seconds = (Date.now() - started) / 1000;
    await page.click("#play");
    await page.waitForFunction(
      () => document.querySelector("#status")?.getAttribute("data-state") === "paused",
    );
    const after = await pixelHash("#boundary");
    const timing = `after ${seconds.toFixed(1)} s; longest frame gap ${gap.toFixed(0)} ms`;
    console.log(`spiral: test loss < ${SPIRAL_TEST_LOSS} ${timing}`);
    expect(after).not.toBe(before);
    // Training runs in a worker; a loop on the page's thread would stall frames for seconds.
    expect(gap).toBeLessThan(1000);
    expect(await page.textContent("#health-status")).not.toBe("No measurements yet.");
    mkdirSync(join(root, "docs"), { recursive: true });
    await page.screenshot({ path: join(root, "docs", "screenshot.png"), fullPage: true });
  });

  it("exports model.json and weights.bin that load back in Node and in the page", async () => {
    const downloads: Download[] = [];
    const listener = (download: Download) => downloads.push(download);
    page.on("download", listener);
    await page.click("#export");
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    page.off("download", listener);
    const folder = mkdtempSync(join(tmpdir(), "myelin-export-"));
    try {
      for (const download of downloads) {
        await download.saveAs(join(folder, download.suggestedFilename()));
      }
      expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual([
        "model.json",
        "weights.bin",
      ]);
      const testLoss = Number(await page.getAttribute("#scores", "data-test-loss"));
      const report = await checkExportedModel(
        readFileSync(join(folder, "model.json"), "utf8"),
        readFileSync(join(folder, "weights.bin")),
      );
      expect(report.format).toBe("myelin-model");
      expect(report.featureNames).toEqual(["x1", "x2"]);
      // The reloaded model reproduces the page's test loss on the same seeded data.
      expect(report.testLoss).toBeCloseTo(testLoss, 3);

      await page.click("#reset");
      await page.waitForFunction(
        (loss) =>
          Number(document.querySelector("#scores")?.getAttribute("data-test-loss")) > loss + 0.2,
        testLoss,
      );
      await page.setInputFiles("#import-file", [
        join(folder, "model.json"),
        join(folder, "weights.bin"),
      ]);
      await page.waitForFunction(
        (loss) =>
          Math.abs(
            Number(document.querySelector("#scores")?.getAttribute("data-test-loss")) - loss,
          ) < 1e-5,
        testLoss,
      );
      expect(await page.$$eval(".layer-card", (cards) => cards.length)).toBe(2);
      const csv = join(folder, "spiral-test.csv");
      writeFileSync(csv, report.testCsv);
      exported = { folder, csv, testLoss };
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  });

  it.skipIf(!existsSync(CLI))(
    "passes the exported files to `myelin evaluate` and `myelin predict`",
    () => {
      expect(exported).toBeDefined();
      const { folder, csv, testLoss } = exported!;
      try {
        const evaluation = runCli("evaluate", folder, csv).find((e) => e.event === "evaluation");
        const metrics = evaluation?.metrics as Record<string, number>;
        expect(metrics.loss).toBeCloseTo(testLoss, 3);
        const predictions = runCli("predict", folder, csv).find((e) => e.event === "predictions");
        expect(predictions?.rows).toBe(180);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );

  it("trains on digits and predicts a digit drawn on the pad, with probabilities", async () => {
    await open(DIGITS, "digits");
    await page.click("#play");
    await page.waitForFunction(
      (target) =>
        Number(document.querySelector("#scores")?.getAttribute("data-test-metric")) > target,
      DIGITS_TEST_ACCURACY,
      { timeout: 30_000, polling: 250 },
    );
    await page.click("#play");
    const box = (await page.locator("#digit-pad").boundingBox())!;
    // A "1": one stroke down the middle.
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let k = 1; k <= 12; k++) {
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.06 * k));
    }
    await page.mouse.up();
    await page.waitForFunction(() =>
      document.querySelector("#digit-probabilities")?.hasAttribute("data-probabilities"),
    );
    const probabilities = JSON.parse(
      (await page.getAttribute("#digit-probabilities", "data-probabilities"))!,
    ) as number[];
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(await page.textContent("#digit-answer")).toMatch(/^It looks like a \d \(\d+ %\)$/);
    await page
      .locator("section[aria-label=Output]")
      .screenshot({ path: join(root, "docs", "digits.png") });
  });

  it("trains on a CSV file the user drops", async () => {
    const lines = ["width,height,depth,kind"];
    for (let i = 0; i < 60; i++) {
      lines.push(`${i % 10},${(i * 7) % 13},${i % 3},${i % 2 === 0 ? "even" : "odd"}`);
    }
    await page.setInputFiles("#csv-file", {
      name: "boxes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(lines.join("\n")),
    });
    await page.waitForFunction(
      () => document.querySelector("#status")?.getAttribute("data-dataset") === "boxes.csv",
    );
    await waitForModel();
    await page.click("#step-epoch");
    await page.waitForFunction(() => document.querySelector("#epoch")?.textContent === "1.00");
    expect(await page.textContent("#notices")).toContain("Loaded boxes.csv: 60 rows, 3 features");
  });

  it("runs the Wasm backend on two threads when the address asks for them", async () => {
    await visit(url + "?threads=2" + SPIRAL);
    expect(await page.textContent("#backend")).toBe("wasm · 2 threads");
    await page.click("#step-epoch");
    await page.waitForFunction(() => document.querySelector("#epoch")?.textContent === "1.00");
  });

  it("restores a shared link on load, here on the JS backend", async () => {
    await visit(url + "?backend=js" + IRIS);
    expect(await page.textContent("#backend")).toBe("js");
    expect(await page.inputValue("#optimizer")).toBe("sgd");
    expect(await page.inputValue("#learning-rate")).toBe("0.1");
    expect(await page.inputValue("#batch-size")).toBe("8");
    expect(await page.$$eval(".layer-card", (cards) => cards.length)).toBe(1);
    expect(await page.getAttribute("button[data-dataset=iris]", "aria-pressed")).toBe("true");
    await page.click("#step-batch");
    await page.waitForFunction(() => document.querySelector("#steps")?.textContent === "1");
  });

  it("logged no console errors, threw no page errors and showed no error notice", async () => {
    expect(problems).toEqual([]);
    expect(await errorNotices()).toEqual([]);
  });
});
