import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it); playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The repository root (screenshots/ there is git-ignored). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Launches headless Chromium: one per suite, it takes a second or two. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Where a screenshot for people to look at goes: `screenshots/<name>` at the repository root (ignored by git). */
export function screenshotPath(name: string): string {
  const dir = path.join(REPO_ROOT, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** What the `see` checks read: a playwright Locator (only the methods used here). */
interface Readable {
  count(): Promise<number>;
  allTextContents(): Promise<string[]>;
  isVisible(): Promise<boolean>;
}

/**
 * Waits until what a user sees matches, polling (the page updates on its own: fetches, live refresh),
 * and fails with what was last seen. Playwright's web-first assertions live in @playwright/test, which
 * this repository does not install; these are the few the tests need.
 */
async function waitToSee<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await read();
      failure = undefined;
      if (ok(last)) return last;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting to see ${what}; last seen: ${failure ? String(failure) : JSON.stringify(last)}`);
    }
    await sleep(50);
  }
}

const texts = (locator: Readable) => locator.allTextContents();

/** Checks of what the page shows, each waiting up to `timeoutMs` (default 10 s). */
export const see = {
  /** Exactly this text (every match of the locator, and there is at least one). */
  text: (locator: Readable, expected: string, timeoutMs = 10_000) =>
    waitToSee(
      () => texts(locator),
      (all) => all.length > 0 && all.every((t) => t.trim() === expected),
      `the text ${JSON.stringify(expected)}`,
      timeoutMs,
    ),
  /** Some match contains this text. */
  contains: (locator: Readable, expected: string, timeoutMs = 10_000) =>
    waitToSee(
      () => texts(locator),
      (all) => all.some((t) => t.includes(expected)),
      `a text containing ${JSON.stringify(expected)}`,
      timeoutMs,
    ),
  /** No match contains this text. */
  lacks: (locator: Readable, unexpected: string, timeoutMs = 10_000) =>
    waitToSee(
      () => texts(locator),
      (all) => all.length > 0 && all.every((t) => !t.includes(unexpected)),
      `no text containing ${JSON.stringify(unexpected)}`,
      timeoutMs,
    ),
  /** This many matches. */
  count: (locator: Readable, expected: number, timeoutMs = 10_000) =>
    waitToSee(
      () => locator.count(),
      (n) => n === expected,
      `${expected} matching elements`,
      timeoutMs,
    ),
  visible: (locator: Readable, timeoutMs = 10_000) =>
    waitToSee(
      () => locator.isVisible(),
      (v) => v,
      'it visible',
      timeoutMs,
    ),
  hidden: (locator: Readable, timeoutMs = 10_000) =>
    waitToSee(
      () => locator.isVisible(),
      (v) => !v,
      'it hidden',
      timeoutMs,
    ),
};
