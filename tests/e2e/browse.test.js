// The browsing journey a visitor takes through Kith, in a real browser:
// home page -> a borough -> a listing, plus What's on, search, the 404 page
// and reflow at 400% zoom.
//
// Run by scripts/test against `kith serve --demo`; KITH_URL gives the server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  visit,
  url,
  currentPath,
  normaliseText,
  withPage as openPage,
  LISTING_PATH,
} from './helpers.js';

const TEST_TIMEOUT = 90_000;

let browser;
/** State handed from one step of the journey to the next. */
const journey = { firstResult: null };

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** A fresh page in this file's browser. */
const withPage = (fn, contextOptions) => openPage(browser, fn, contextOptions);

/** Texts of all elements matching selector, whitespace-normalised. */
async function texts(page, selector) {
  return (await page.locator(selector).allTextContents()).map(normaliseText);
}

/** Normalise typographic apostrophes so "What’s on" equals "What's on". */
function plainApostrophes(s) {
  return s.replace(/[\u2018\u2019]/g, "'");
}

/**
 * Links inside the elements matching `scope` as {text, path}, where path is
 * the resolved pathname + search (so relative and absolute hrefs both work).
 */
async function linksIn(page, scope = 'body') {
  return page.$$eval(`${scope} a[href]`, (as) =>
    as.map((a) => {
      const u = new URL(a.href, document.baseURI);
      return {
        text: (a.textContent || '').replace(/\s+/g, ' ').trim(),
        path: u.pathname + u.search,
        sameOrigin: u.origin === location.origin,
      };
    }),
  );
}

/** Wait until the page's pathname satisfies pred (after a click). */
async function waitForPath(page, pred) {
  await page.waitForURL((u) => pred(new URL(u).pathname));
  await page.waitForLoadState('load');
}

test('home page: one h1, labelled search, en-GB, skip link first, Get help in header', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/');

    assert.equal(await page.locator('html').getAttribute('lang'), 'en-GB', '<html lang> must be "en-GB"');

    const h1s = await texts(page, 'h1');
    assert.equal(h1s.length, 1, `expected exactly one <h1> on /, found ${h1s.length}: ${JSON.stringify(h1s)}`);
    assert.ok(h1s[0].length > 0, 'the <h1> on / is empty');

    // A search field (name="q") with a real, non-empty <label>.
    const search = page.locator('input[name="q"]').first();
    assert.equal(await page.locator('input[name="q"]').count() >= 1, true, 'no search field input[name="q"] on /');
    const labelText = await search.evaluate((el) =>
      Array.from(el.labels || [])
        .map((l) => (l.textContent || '').replace(/\s+/g, ' ').trim())
        .join(' ')
        .trim(),
    );
    assert.ok(labelText.length > 0, 'the search field input[name="q"] has no <label> with text');

    // The first Tab stop is a skip link to #main-content, and the target exists.
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? { tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), text: (el.textContent || '').trim() } : null;
    });
    assert.ok(first && first.tag === 'a', `first focusable element should be the skip link, got ${JSON.stringify(first)}`);
    assert.equal(first.href, '#main-content', `skip link must target #main-content, got href=${JSON.stringify(first.href)}`);
    assert.equal(await page.locator('#main-content').count(), 1, 'no element with id="main-content" for the skip link to target');
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, '#main-content', 'activating the skip link did not move to #main-content');

    // A "Get help" link in the site header.
    const help = page.locator('header a').filter({ hasText: /^\s*Get help\s*$/i });
    assert.ok((await help.count()) >= 1, 'no "Get help" link inside <header>');
  });
});

test('browse by borough: home -> Lambeth lists results linking to listings', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/');

    // The "Browse by borough" heading and its borough links share a parent
    // (e.g. <section><h2>Browse by borough</h2><ul>…</ul></section>).
    const boroughLinks = await page.evaluate(() => {
      const heading = Array.from(document.querySelectorAll('h2, h3')).find(
        (h) => (h.textContent || '').replace(/\s+/g, ' ').trim().toLowerCase() === 'browse by borough',
      );
      if (!heading) return null;
      const scope = heading.closest('section, nav') || heading.parentElement;
      return Array.from(scope.querySelectorAll('a[href]')).map((a) => ({
        text: (a.textContent || '').replace(/\s+/g, ' ').trim(),
        path: new URL(a.href, document.baseURI).pathname,
      }));
    });
    assert.ok(boroughLinks, 'no "Browse by borough" heading (h2) on /');
    const slugs = new Set(
      boroughLinks.filter((l) => /^\/boroughs\/[a-z0-9-]+\/?$/.test(l.path)).map((l) => l.path.replace(/\/$/, '')),
    );
    assert.equal(slugs.size, 33, `expected links to all 33 boroughs under "Browse by borough", found ${slugs.size}: ${[...slugs].join(', ')}`);

    const lambeth = page.locator('a[href]').filter({ hasText: /^\s*Lambeth\s*$/ }).first();
    assert.ok((await lambeth.count()) >= 1, 'no link with text "Lambeth" on /');
    await lambeth.click();
    await waitForPath(page, (p) => p.replace(/\/$/, '') === '/boroughs/lambeth');
    assert.equal(new URL(page.url()).pathname.replace(/\/$/, ''), '/boroughs/lambeth');

    const h1s = await texts(page, 'h1');
    assert.equal(h1s.length, 1, `expected exactly one <h1> on /boroughs/lambeth, found ${JSON.stringify(h1s)}`);
    assert.match(h1s[0], /Lambeth/, 'the <h1> on /boroughs/lambeth should mention Lambeth');

    const items = page.locator('ul.kith-results > li');
    const n = await items.count();
    assert.ok(n >= 1, 'no results (ul.kith-results > li) on /boroughs/lambeth');
    for (let i = 0; i < n; i++) {
      const link = items.nth(i).locator('h3 a').first();
      assert.equal(await link.count(), 1, `result #${i + 1} on /boroughs/lambeth has no "h3 a" link`);
      const path = await link.evaluate((a) => new URL(a.href, document.baseURI).pathname);
      assert.match(path, LISTING_PATH, `result #${i + 1} links to ${path}, not to /organisations|groups|events|places/…`);
    }

    const firstLink = items.first().locator('h3 a').first();
    journey.firstResult = {
      text: normaliseText(await firstLink.textContent()),
      path: await firstLink.evaluate((a) => new URL(a.href, document.baseURI).pathname),
    };

    // Follow the first result, as a visitor would.
    await firstLink.click();
    await waitForPath(page, (p) => p === journey.firstResult.path);
    await assertListingPage(page, journey.firstResult.text);
  });
});

/** The shape every organisation/group/event/place page shares. */
async function assertListingPage(page, expectedTitle) {
  const where = currentPath(page);
  const h1s = await texts(page, 'h1');
  assert.equal(h1s.length, 1, `expected exactly one <h1> on ${where}, found ${JSON.stringify(h1s)}`);
  if (expectedTitle !== undefined) {
    assert.equal(h1s[0], expectedTitle, `the <h1> on ${where} should equal the result link text`);
  }

  const h2s = (await texts(page, 'h2')).map(plainApostrophes);
  assert.ok(
    h2s.includes('What to expect on your first visit'),
    `no <h2> "What to expect on your first visit" on ${where}; h2s: ${JSON.stringify(h2s)}`,
  );
  assert.ok(h2s.includes('Contact'), `no <h2> "Contact" on ${where}; h2s: ${JSON.stringify(h2s)}`);

  const breadcrumbLinks = await page.locator('nav[aria-label*="breadcrumb" i] a[href]').count();
  const backLinks = await page.locator('a[href]').filter({ hasText: /^\s*(←\s*)?back\b/i }).count();
  assert.ok(
    breadcrumbLinks + backLinks > 0,
    `no breadcrumb (nav[aria-label~=Breadcrumb] with links) or "Back…" link on ${where}`,
  );
}

test('the listing page reached from Lambeth loads directly too', { timeout: TEST_TIMEOUT }, async () => {
  assert.ok(journey.firstResult, 'depends on the "browse by borough" test, which did not find a result');
  await withPage(async (page) => {
    await visit(page, journey.firstResult.path);
    await assertListingPage(page, journey.firstResult.text);
  });
});

test("what's on: h1 and at least one day heading with events", { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/whats-on');
    const h1s = (await texts(page, 'h1')).map(plainApostrophes);
    assert.deepEqual(h1s, ["What's on"], `expected a single <h1> "What's on", found ${JSON.stringify(h1s)}`);

    // Each day is an <h2> whose parent element (e.g. a <section>) holds links to that day's events.
    const days = await page.$$eval('h2', (hs) =>
      hs.map((h) => ({
        heading: (h.textContent || '').replace(/\s+/g, ' ').trim(),
        events: Array.from((h.closest('section') || h.parentElement).querySelectorAll('a[href]')).filter((a) =>
          /^\/events\/[^/]+\/?$/.test(new URL(a.href, document.baseURI).pathname),
        ).length,
      })),
    );
    const withEvents = days.filter((d) => d.events > 0);
    assert.ok(
      withEvents.length >= 1,
      `no day heading (h2) with event links (/events/…) on /whats-on; h2s: ${JSON.stringify(days)}`,
    );
  });
});

test('search: the home page search form finds "walking"', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/');
    const field = page.locator('input[name="q"]').first();
    await field.fill('walking');
    await field.press('Enter');
    await waitForPath(page, (p) => p.replace(/\/$/, '') === '/search');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'walking', `search form went to ${page.url()}`);
    const n = await page.locator('ul.kith-results > li').count();
    assert.ok(n >= 1, 'no results (ul.kith-results > li) for a search submitted from the home page');
  });
});

test('search: /search?q=walking returns results', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search?q=walking');
    assert.equal((await texts(page, 'h1')).length, 1, 'expected exactly one <h1> on /search?q=walking');
    const items = page.locator('ul.kith-results > li');
    const n = await items.count();
    assert.ok(n >= 1, 'no results (ul.kith-results > li) on /search?q=walking');
    const path = await items.first().locator('h3 a').first().evaluate((a) => new URL(a.href, document.baseURI).pathname);
    assert.match(path, LISTING_PATH, `first search result links to ${path}`);
  });
});

test('unknown page: 404 with "Page not found" and a link home', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/this-does-not-exist', 404);
    const h1s = await texts(page, 'h1');
    assert.equal(h1s.length, 1, `expected exactly one <h1> on the 404 page, found ${JSON.stringify(h1s)}`);
    assert.match(h1s[0], /page not found/i, 'the 404 page <h1> should say "Page not found"');
    const homeLinks = (await linksIn(page, 'main')).filter((l) => l.sameOrigin && l.path === '/');
    assert.ok(homeLinks.length >= 1, 'the 404 page has no link to "/" inside <main>');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en-GB');
  });
});

test('reflow: no horizontal scrolling at 320 CSS px (1280px at 400% zoom)', { timeout: TEST_TIMEOUT }, async () => {
  const paths = ['/', '/boroughs/lambeth', '/whats-on', '/search?q=walking'];
  if (journey.firstResult) paths.push(journey.firstResult.path);
  const failures = [];
  await withPage(
    async (page) => {
      for (const path of paths) {
        await visit(page, path);
        const { scrollWidth, culprits } = await page.evaluate(() => {
          const limit = 320 + 1;
          const culprits = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > limit && culprits.length < 5) {
              const id = el.id ? `#${el.id}` : '';
              const cls = typeof el.className === 'string' && el.className.trim()
                ? '.' + el.className.trim().split(/\s+/).join('.')
                : '';
              culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)}px)`);
            }
          }
          return { scrollWidth: document.documentElement.scrollWidth, culprits };
        });
        if (scrollWidth > 320 + 1) {
          failures.push(`${path}: scrollWidth ${scrollWidth}px > 321px; widest: ${culprits.join(', ')}`);
        }
      }
    },
    { viewport: { width: 320, height: 256 } },
  );
  assert.ok(failures.length === 0, `pages scroll horizontally at 320px wide:\n  ${failures.join('\n  ')}`);
});

// Guard against accidentally testing the wrong server.
test('KITH_URL points at a Kith server', { timeout: TEST_TIMEOUT }, async () => {
  const res = await fetch(url('/healthz'));
  assert.equal(res.status, 200, `GET /healthz on ${url('/')} returned ${res.status}`);
});
