// Headless Chromium for UI tests and the UI bench (playwright-core drives the system Chromium).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page at the serve URL (token exchanged for the cookie); console errors are collected. */
export async function openApp(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  return { context, page, consoleErrors };
}

type LongTaskWindow = { __longtasks: number[] };

/** Records the duration of every long task (> 50 ms on the main thread) of the context's pages. */
export async function recordLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as LongTaskWindow;
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks recorded since the last call (the list starts again). */
export function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as LongTaskWindow;
    const tasks = w.__longtasks;
    w.__longtasks = [];
    return tasks;
  });
}

type DrawnWindow = { __firstDrawnAt?: number };

/**
 * Records, on the page's own clock, when an element matching `selector` first carries the
 * attribute `attribute` (e.g. the map's canvas[data-drawn]): what the page did, not when a
 * poller from the test driver (slow on a loaded machine) happened to look.
 */
export async function recordFirstMark(context: BrowserContext, selector: string, attribute: string): Promise<void> {
  await context.addInitScript(
    ([sel, attr]) => {
      const w = window as unknown as DrawnWindow;
      new MutationObserver((_, observer) => {
        if (w.__firstDrawnAt === undefined && document.querySelector(sel!)) {
          w.__firstDrawnAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: [attr!] });
    },
    [selector, attribute],
  );
}

/** The time recordFirstMark noted (ms since navigation), waiting for it. */
export async function firstMarkAt(page: Page, timeout = 30_000): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as DrawnWindow).__firstDrawnAt, undefined, { timeout });
  return (await handle.jsonValue()) as number;
}
