// Shared helpers for Kith's browser end-to-end and accessibility tests.
//
// The tests drive Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through
// playwright-core; no browser is downloaded. scripts/test starts a demo server
// and passes its address in KITH_URL.

import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

/** Base URL of the running Kith server, without a trailing slash. */
export const baseUrl = (process.env.KITH_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');

/** Chromium flags suitable for a headless, sandbox-less CI machine with no network. */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** WCAG conformance tags every page is audited against. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Per-action / per-navigation timeout in milliseconds. */
export const actionTimeout = Number(process.env.KITH_E2E_TIMEOUT_MS || 20_000);

/** Launch headless Chromium. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    timeout: 60_000,
  });
}

/**
 * Open a fresh context and page. @axe-core/playwright needs a page created
 * through browser.newContext() + context.newPage(), not browser.newPage().
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 800 },
    ...contextOptions,
  });
  context.setDefaultTimeout(actionTimeout);
  context.setDefaultNavigationTimeout(actionTimeout);
  const page = await context.newPage();
  return { context, page };
}

/** Runs fn(page, context) in a fresh context, closing the context afterwards. */
export async function withPage(browser, fn, contextOptions) {
  const { context, page } = await newPage(browser, contextOptions);
  try {
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

/** The address of a listing page of any kind. */
export const LISTING_PATH = /^\/(organisations|groups|events|places)\/[^/?#]+\/?$/;

/** Absolute URL for a site path such as "/boroughs/lambeth". */
export function url(path) {
  return new URL(path, baseUrl + '/').toString();
}

/** The path (plus query) of the page's current URL. */
export function currentPath(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/**
 * Navigate to a site path and assert the HTTP status (200 unless told).
 * Returns the playwright Response.
 */
export async function visit(page, path, expectedStatus = 200) {
  const response = await page.goto(url(path), { waitUntil: 'load' });
  assert.ok(response, `no response for ${path}`);
  assert.equal(
    response.status(),
    expectedStatus,
    `GET ${path} returned ${response.status()}, expected ${expectedStatus}`,
  );
  return response;
}

/** Collapse runs of whitespace and trim. */
export function normaliseText(s) {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Run axe-core against the page with the WCAG 2.x A/AA rule sets and return
 * the violations formatted for humans: one string per violated rule, naming
 * the rule id, impact, help text, a few offending node targets and axe's
 * failure summary for the first node. An empty array means no violations.
 */
export async function audit(page, { maxNodes = 5 } = {}) {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  return results.violations.map((v) => {
    const targets = v.nodes
      .slice(0, maxNodes)
      .map((n) => `      - ${Array.isArray(n.target) ? n.target.join(' >>> ') : String(n.target)}`);
    const more = v.nodes.length > maxNodes ? [`      … and ${v.nodes.length - maxNodes} more`] : [];
    const summary = v.nodes[0]?.failureSummary
      ? ['    first failure: ' + normaliseText(v.nodes[0].failureSummary)]
      : [];
    return [
      `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`,
      `    ${v.helpUrl}`,
      ...targets,
      ...more,
      ...summary,
    ].join('\n');
  });
}

/** Assert that axe finds no WCAG A/AA violations on the page. */
export async function assertAccessible(page, label = currentPath(page)) {
  const violations = await audit(page);
  assert.equal(
    violations.length,
    0,
    `axe found ${violations.length} accessibility violation(s) on ${label}:\n${violations.join('\n')}`,
  );
}

/**
 * Where the server's email arrives. scripts/test has `kith serve` send by
 * SMTP to a real server (aiosmtpd) that keeps each message as a file in the
 * maildir KITH_MAILDIR; without it, a server using the file outbox writes
 * them to KITH_DATA_DIR/outbox.
 */
export const maildir = process.env.KITH_MAILDIR || '';
const outbox = join(process.env.KITH_DATA_DIR || 'data', 'outbox');

/** The files of every message received so far, with when each was written. */
async function messageFiles() {
  const folders = maildir ? [join(maildir, 'new'), join(maildir, 'cur')] : [outbox];
  const files = [];
  for (const folder of folders) {
    let names = [];
    try {
      names = await readdir(folder);
    } catch {
      names = [];
    }
    for (const name of names) {
      if (!maildir && !name.endsWith('.eml')) continue;
      const file = join(folder, name);
      files.push({ file, written: (await stat(file)).mtimeMs });
    }
  }
  return files;
}

/** Decodes a quoted-printable part (soft line breaks and =XX bytes). */
function unQuote(text) {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Decodes RFC 2047 encoded words in a header (=?utf-8?b?…?= or ?q?). */
function decodeHeader(value) {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, how, data) =>
    how.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : unQuote(data.replace(/_/g, ' ')),
  );
}

/** One received message: who it went to (the SMTP recipients when known), its subject and its decoded text. */
function parseMessage(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name) => {
    const m = head.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'));
    return m ? decodeHeader(m[1].trim()) : '';
  };
  return {
    to: header('X-RcptTo') || header('To'),
    subject: header('Subject'),
    text: unQuote(raw),
  };
}

/**
 * Waits (up to 60 s: the demo queues hundreds of emails at start) for a message to `to` written after `since` (ms since
 * the epoch) whose text includes `words`, and returns it as { to, subject,
 * text, file }.
 */
export async function waitForEmail(to, words, since) {
  for (let i = 0; i < 600; i++) {
    for (const { file, written } of await messageFiles()) {
      if (written < since) continue;
      const message = parseMessage(await readFile(file, 'utf8'));
      if (message.to.toLowerCase().includes(to.toLowerCase()) && message.text.includes(words)) {
        return { ...message, file };
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to} saying "${words}" in ${maildir || outbox}`);
}
