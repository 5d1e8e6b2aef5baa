// axe-core audits (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) of every kind of page
// Kith serves. Each page is its own test so a failure names the page and the
// violated rules.
//
// Run by scripts/test against `kith serve --demo`; KITH_URL gives the server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible, withPage as openPage } from './helpers.js';

const TEST_TIMEOUT = 90_000;
/** How many times to follow a[rel=next] from /boroughs/lambeth looking for each kind of listing. */
const MAX_NEXT_PAGES = 3;
const KINDS = ['organisations', 'groups', 'events', 'places'];

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** A fresh page in this file's browser. */
const withPage = (fn, contextOptions) => openPage(browser, fn, contextOptions);

/** Resolved same-origin link paths (pathname + search) on the current page, in document order. */
async function linkPaths(page, scope = 'body') {
  return page.$$eval(`${scope} a[href]`, (as) =>
    as
      .map((a) => new URL(a.href, document.baseURI))
      .filter((u) => u.origin === location.origin)
      .map((u) => u.pathname + u.search),
  );
}

/** Visit a path (asserting its status) and assert axe finds nothing. */
async function auditPath(path, expectedStatus = 200) {
  await withPage(async (page) => {
    await visit(page, path, expectedStatus);
    await assertAccessible(page, path);
  });
}

// Discovered once, lazily, and shared by the tests that need it. A failure
// to discover is reported by each dependent test rather than by a hook.
let interestPromise;
function firstInterestPath() {
  interestPromise ??= withPage(async (page) => {
    await visit(page, '/interests');
    const paths = await linkPaths(page, 'main');
    const found = paths.find((p) => /^\/interests\/[^/?#]+\/?$/.test(p));
    assert.ok(found, 'no link to /interests/<slug> inside <main> on /interests');
    return found;
  });
  return interestPromise;
}

let kindsPromise;
/** Map kind -> first /<kind>/<slug> path found on /boroughs/lambeth and its next pages. */
function listingPathsByKind() {
  kindsPromise ??= withPage(async (page) => {
    const found = {};
    const visited = [];
    let path = '/boroughs/lambeth';
    for (let i = 0; i <= MAX_NEXT_PAGES && path; i++) {
      await visit(page, path);
      visited.push(path);
      for (const p of await linkPaths(page)) {
        const m = /^\/(organisations|groups|events|places)\/[^/?#]+\/?$/.exec(new URL(p, 'http://x').pathname);
        if (m && !found[m[1]]) found[m[1]] = p;
      }
      if (KINDS.every((k) => found[k])) break;
      const next = page.locator('a[rel~="next"][href]').first();
      path = (await next.count())
        ? await next.evaluate((a) => {
            const u = new URL(a.href, document.baseURI);
            return u.pathname + u.search;
          })
        : null;
    }
    return { found, visited };
  });
  return kindsPromise;
}

async function listingPathOfKind(kind) {
  const { found, visited } = await listingPathsByKind();
  assert.ok(
    found[kind],
    `no link to /${kind}/<slug> on ${visited.join(', ')} (followed a[rel=next] at most ${MAX_NEXT_PAGES} times)`,
  );
  return found[kind];
}

test('axe: / (home)', { timeout: TEST_TIMEOUT }, () => auditPath('/'));

test('axe: /interests', { timeout: TEST_TIMEOUT }, () => auditPath('/interests'));

test('axe: an interest page (first link on /interests)', { timeout: TEST_TIMEOUT }, async () => {
  await auditPath(await firstInterestPath());
});

test('axe: /boroughs', { timeout: TEST_TIMEOUT }, () => auditPath('/boroughs'));

test('axe: /boroughs/lambeth', { timeout: TEST_TIMEOUT }, () => auditPath('/boroughs/lambeth'));

test('axe: an organisation page (from /boroughs/lambeth)', { timeout: TEST_TIMEOUT }, async () => {
  await auditPath(await listingPathOfKind('organisations'));
});

test('axe: a group page (from /boroughs/lambeth)', { timeout: TEST_TIMEOUT }, async () => {
  await auditPath(await listingPathOfKind('groups'));
});

test('axe: an event page (from /boroughs/lambeth)', { timeout: TEST_TIMEOUT }, async () => {
  await auditPath(await listingPathOfKind('events'));
});

test('axe: a place page (from /boroughs/lambeth)', { timeout: TEST_TIMEOUT }, async () => {
  await auditPath(await listingPathOfKind('places'));
});

test("axe: /whats-on", { timeout: TEST_TIMEOUT }, () => auditPath('/whats-on'));

test('axe: /search?q=garden', { timeout: TEST_TIMEOUT }, () => auditPath('/search?q=garden'));

test('axe: the 404 page (/this-does-not-exist)', { timeout: TEST_TIMEOUT }, () =>
  auditPath('/this-does-not-exist', 404),
);
