// The shortlist, in a real browser: add from a listing page, see it on
// /shortlist, print it as a plan, share it as a link that someone else can
// keep, remove with undo, CSRF protection, and axe audits of every page.
//
// Run by scripts/test against `kith serve --demo`; KITH_URL gives the server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  newPage,
  visit,
  url,
  currentPath,
  normaliseText,
  assertAccessible,
  withPage as openPage,
  LISTING_PATH,
} from './helpers.js';

const TEST_TIMEOUT = 90_000;
const SHARE_PATH = /^\/shortlist\/shared\/\d+(-\d+)+$/;

let browser;
/** One context kept across the journey, like one visitor's browser. */
let visitor;
/** What the journey found and added, for later steps. */
const journey = { listings: [], sharePath: null };

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await visitor?.context.close();
  await browser?.close();
});

/** A fresh page in this file's browser. */
const withPage = (fn, contextOptions) => openPage(browser, fn, contextOptions);

/** The visitor's page, created on first use. */
async function visitorPage() {
  visitor ??= await newPage(browser);
  return visitor.page;
}

/** Texts of all elements matching selector, whitespace-normalised. */
async function texts(page, selector) {
  return (await page.locator(selector).allTextContents()).map(normaliseText);
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The button "<action>" whose visually hidden suffix names the listing. */
function shortlistButton(page, action, name) {
  return page.getByRole('button', { name: new RegExp(`^${escapeRegExp(action)}\\W*${escapeRegExp(name)}\\W*$`) });
}

/** Click something that submits a form or follows a link, and wait for the new page. */
async function clickAndLoad(page, locator) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
}

/** Names linked from the shortlist's items (ul.kith-results li h2 a). */
async function shortlistNames(page) {
  return texts(page, 'main ul.kith-results li h2 a');
}

/** The first `n` listings (name + path) on /boroughs/lambeth. */
async function someListings(n) {
  return withPage(async (page) => {
    await visit(page, '/boroughs/lambeth');
    const found = await page.$$eval('ul.kith-results > li h3 a[href]', (as) =>
      as.map((a) => ({
        name: (a.textContent || '').replace(/\s+/g, ' ').trim(),
        path: new URL(a.href, document.baseURI).pathname,
      })),
    );
    const listings = found.filter((l) => /^\/(organisations|groups|events|places)\/[^/?#]+\/?$/.test(l.path));
    assert.ok(listings.length >= n, `need ${n} listings on /boroughs/lambeth, found ${listings.length}`);
    return listings.slice(0, n);
  });
}

test('shortlist starts empty, with a Shortlist link in the header', { timeout: TEST_TIMEOUT }, async () => {
  const page = await visitorPage();
  await visit(page, '/');
  const link = page.locator('header a[href="/shortlist"]').filter({ hasText: /^\s*Shortlist\b/ });
  assert.equal(await link.count(), 1, 'no "Shortlist" link to /shortlist in <header>');
  await clickAndLoad(page, link);
  assert.equal(currentPath(page), '/shortlist');
  assert.equal((await texts(page, 'h1')).length, 1, 'expected one <h1> on /shortlist');
  assert.deepEqual(await shortlistNames(page), [], 'a new visitor’s shortlist should be empty');
});

test('add from a listing page: 303 back to the listing, which then offers "Remove from shortlist"', { timeout: TEST_TIMEOUT }, async () => {
  journey.listings = await someListings(2);
  const page = await visitorPage();
  for (const listing of journey.listings) {
    await visit(page, listing.path);
    assert.deepEqual(await texts(page, 'h1'), [listing.name], `the <h1> on ${listing.path}`);
    const add = shortlistButton(page, 'Add to shortlist', listing.name);
    assert.equal(await add.count(), 1, `no button "Add to shortlist" (naming ${JSON.stringify(listing.name)}) on ${listing.path}`);
    assert.equal(
      await add.evaluate((b) => b.form?.querySelector('input[type="hidden"][name="csrf"]')?.value.length > 0),
      true,
      'the "Add to shortlist" form has no hidden csrf field',
    );
    assert.equal(await add.evaluate((b) => (b.form?.getAttribute('method') || '').toLowerCase()), 'post', 'the add form should POST');

    const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/shortlist/add');
    await clickAndLoad(page, add);
    const response = await (await posted).response();
    assert.equal(response?.status(), 303, `POST /shortlist/add answered ${response?.status()}, expected 303`);
    assert.equal(new URL(page.url()).pathname, listing.path, `after adding, the browser is on ${currentPath(page)}, not back on ${listing.path}`);
    assert.equal(await shortlistButton(page, 'Remove from shortlist', listing.name).count(), 1, `after adding, ${listing.path} has no "Remove from shortlist" button`);
    assert.equal(await shortlistButton(page, 'Add to shortlist', listing.name).count(), 0, `after adding, ${listing.path} still offers "Add to shortlist"`);
  }
});

test('/shortlist lists what was added, with "Print as a plan" and "Link to share"', { timeout: TEST_TIMEOUT }, async () => {
  assert.equal(journey.listings.length, 2, 'depends on the "add from a listing page" test');
  const page = await visitorPage();
  await visit(page, '/');
  await clickAndLoad(page, page.locator('header a[href="/shortlist"]'));
  assert.equal(currentPath(page), '/shortlist');
  const names = await shortlistNames(page);
  assert.deepEqual(names, journey.listings.map((l) => l.name), 'the shortlist should list what was added, in order');
  const paths = await page.$$eval('main ul.kith-results li h2 a', (as) => as.map((a) => new URL(a.href, document.baseURI).pathname));
  assert.deepEqual(paths, journey.listings.map((l) => l.path), 'shortlist items should link to their listings');

  const print = page.getByRole('link', { name: 'Print as a plan', exact: true });
  assert.equal(await print.count(), 1, 'no "Print as a plan" link on /shortlist');
  assert.equal(await print.evaluate((a) => new URL(a.href).pathname), '/shortlist/print');

  const share = page.getByRole('link', { name: 'Link to share', exact: true });
  assert.equal(await share.count(), 1, 'no "Link to share" link on /shortlist');
  journey.sharePath = await share.evaluate((a) => new URL(a.href).pathname);
  assert.match(journey.sharePath, SHARE_PATH, 'the share link should be /shortlist/shared/ID-ID');
});

test('/shortlist/print is "My plan" with every item', { timeout: TEST_TIMEOUT }, async () => {
  assert.equal(journey.listings.length, 2, 'depends on the "add from a listing page" test');
  const page = await visitorPage();
  await visit(page, '/shortlist');
  await clickAndLoad(page, page.getByRole('link', { name: 'Print as a plan', exact: true }));
  assert.equal(currentPath(page), '/shortlist/print');
  assert.deepEqual(await texts(page, 'h1'), ['My plan'], 'expected a single <h1> "My plan"');
  const main = normaliseText(await page.locator('main').textContent());
  for (const l of journey.listings) assert.ok(main.includes(l.name), `the plan does not mention ${JSON.stringify(l.name)}`);
  const links = await page.$$eval('main a[href]', (as) => as.map((a) => new URL(a.href, document.baseURI).pathname));
  for (const l of journey.listings) assert.ok(links.includes(l.path), `the plan does not link to ${l.path}`);
});

test('a shared link shows the items to someone else, who can add them to their own shortlist', { timeout: TEST_TIMEOUT }, async () => {
  assert.ok(journey.sharePath, 'depends on the "/shortlist lists what was added" test');
  await withPage(async (page, context) => {
    assert.deepEqual(await context.cookies(), [], 'a fresh context should have no cookies');
    await visit(page, journey.sharePath);
    assert.deepEqual(await texts(page, 'h1'), ['A shortlist someone shared']);
    const main = normaliseText(await page.locator('main').textContent());
    for (const l of journey.listings) assert.ok(main.includes(l.name), `the shared page does not mention ${JSON.stringify(l.name)}`);

    const keep = page.getByRole('button', { name: 'Add these to my shortlist', exact: true });
    assert.equal(await keep.count(), 1, 'no "Add these to my shortlist" button on the shared page');
    await clickAndLoad(page, keep);
    assert.equal(currentPath(page), '/shortlist', `"Add these to my shortlist" went to ${currentPath(page)}`);
    assert.deepEqual(await shortlistNames(page), journey.listings.map((l) => l.name), 'the new visitor’s shortlist');
  });
});

test('remove on /shortlist says "Removed <name>" and Undo restores it', { timeout: TEST_TIMEOUT }, async () => {
  assert.equal(journey.listings.length, 2, 'depends on the "add from a listing page" test');
  const [first, second] = journey.listings;
  const page = await visitorPage();
  await visit(page, '/shortlist');
  const remove = shortlistButton(page, 'Remove from shortlist', first.name);
  assert.equal(await remove.count(), 1, `no "Remove from shortlist" button for ${JSON.stringify(first.name)} on /shortlist`);
  await clickAndLoad(page, remove);
  assert.equal(new URL(page.url()).pathname, '/shortlist', `removing went to ${currentPath(page)}`);
  assert.deepEqual(await shortlistNames(page), [second.name], `after removing ${first.name}`);
  const main = normaliseText(await page.locator('main').textContent());
  assert.ok(main.includes(`Removed ${first.name}`), `no "Removed ${first.name}" message on ${currentPath(page)}`);

  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  assert.equal(await undo.count(), 1, 'no "Undo" button after removing');
  await clickAndLoad(page, undo);
  assert.equal(currentPath(page), '/shortlist', `Undo went to ${currentPath(page)}`);
  const after = await shortlistNames(page);
  assert.deepEqual([...after].sort(), [first.name, second.name].sort(), 'Undo should put the removed item back');
  assert.ok(!normaliseText(await page.locator('main').textContent()).includes(`Removed ${first.name}`), 'the "Removed" message is still shown after Undo');
});

test('add from a search result card: back on the same search, the card offers "Remove from shortlist"', { timeout: TEST_TIMEOUT }, async () => {
  const search = '/search?q=garden';
  for (const javaScriptEnabled of [false, true]) {
    await withPage(
      async (page) => {
        await visit(page, search);
        const first = page.locator('#search-results ul.kith-results > li').first();
        const name = normaliseText(await first.locator('h3 a').textContent());
        const add = shortlistButton(first, 'Add to shortlist', name);
        assert.equal(await add.count(), 1, `the first result (${name}) on ${search} has no "Add to shortlist" button naming it`);
        const action = await add.evaluate((b) => `${(b.form?.method || '').toUpperCase()} ${b.form?.getAttribute('action')}`);
        assert.equal(action, 'POST /shortlist/add', `the first result's "Add to shortlist" button submits ${action} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
        await clickAndLoad(page, add);
        assert.equal(currentPath(page), search, `after adding from ${search} the browser is on ${currentPath(page)}`);
        const card = page.locator('#search-results ul.kith-results > li').filter({ has: page.locator('h3 a', { hasText: name }) });
        assert.equal(await shortlistButton(card, 'Remove from shortlist', name).count(), 1, `the card for ${name} does not offer "Remove from shortlist" after adding`);
        await visit(page, '/shortlist');
        assert.deepEqual(await shortlistNames(page), [name]);
      },
      { javaScriptEnabled },
    );
  }
});

test('CSRF: adding without the csrf field answers 403 and changes nothing', { timeout: TEST_TIMEOUT }, async () => {
  const [listing] = journey.listings.length ? journey.listings : await someListings(1);
  await withPage(async (page, context) => {
    await visit(page, listing.path);
    const cookies = await context.cookies();
    const csrf = cookies.find((c) => c.name === 'kith_csrf');
    assert.ok(csrf, `visiting ${listing.path} did not set the kith_csrf cookie; cookies: ${cookies.map((c) => c.name).join(', ')}`);
    const id = await shortlistButton(page, 'Add to shortlist', listing.name).evaluate((b) => b.form.querySelector('input[name="id"]').value);
    assert.match(id, /^\d+$/);

    // No csrf field at all, with the cookie sent.
    for (const form of [{ id }, { id: '1' }, { id, back: listing.path }]) {
      const res = await page.request.post(url('/shortlist/add'), { form, maxRedirects: 0 });
      assert.equal(res.status(), 403, `POST /shortlist/add ${JSON.stringify(form)} without csrf answered ${res.status()}`);
    }
    // A wrong token.
    const wrong = await page.request.post(url('/shortlist/add'), { form: { id, csrf: '0'.repeat(48) }, maxRedirects: 0 });
    assert.equal(wrong.status(), 403, `POST /shortlist/add with a wrong csrf answered ${wrong.status()}`);
    // A hand-made fetch from the page itself (same origin, cookies included).
    const fromPage = await page.evaluate(async (id) => {
      const r = await fetch('/shortlist/add', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `id=${id}&back=%2Fshortlist`,
        redirect: 'manual',
        credentials: 'same-origin',
      });
      return r.status;
    }, id);
    assert.equal(fromPage, 403, `a fetch() POST without csrf answered ${fromPage}`);
    // Removing is protected too.
    const rm = await page.request.post(url('/shortlist/remove'), { form: { id }, maxRedirects: 0 });
    assert.equal(rm.status(), 403, `POST /shortlist/remove without csrf answered ${rm.status()}`);

    assert.equal(
      (await context.cookies()).find((c) => c.name === 'kith_shortlist' && c.value !== ''),
      undefined,
      'a refused POST set a shortlist cookie',
    );
    await visit(page, '/shortlist');
    assert.deepEqual(await shortlistNames(page), [], 'a refused POST changed the shortlist');
    await visit(page, listing.path);
    const add = shortlistButton(page, 'Add to shortlist', listing.name);
    assert.equal(await add.count(), 1, 'the listing no longer offers "Add to shortlist"');

    // Control: the same request with the page's csrf field is accepted, so the
    // 403s above came from the missing field, not from a missing cookie.
    const token = await add.evaluate((b) => b.form.querySelector('input[name="csrf"]').value);
    const ok = await page.request.post(url('/shortlist/add'), { form: { id, csrf: token }, maxRedirects: 0 });
    assert.equal(ok.status(), 303, `POST /shortlist/add with the page's csrf field answered ${ok.status()}`);
    await visit(page, '/shortlist');
    assert.deepEqual(await shortlistNames(page), [listing.name], 'the accepted POST did not add the listing');
  });
});

test('axe: /shortlist when empty', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/shortlist');
    assert.deepEqual(await shortlistNames(page), []);
    await assertAccessible(page, '/shortlist (empty)');
  });
});

test('axe: /shortlist with items', { timeout: TEST_TIMEOUT }, async () => {
  const page = await visitorPage();
  await visit(page, '/shortlist');
  assert.ok((await shortlistNames(page)).length >= 1, 'depends on the "add from a listing page" test');
  await assertAccessible(page, '/shortlist (with items)');
});

test('axe: /shortlist after removing (with Undo)', { timeout: TEST_TIMEOUT }, async () => {
  assert.equal(journey.listings.length, 2, 'depends on the "add from a listing page" test');
  const page = await visitorPage();
  await visit(page, '/shortlist');
  await clickAndLoad(page, shortlistButton(page, 'Remove from shortlist', journey.listings[1].name));
  assert.equal(await page.getByRole('button', { name: 'Undo', exact: true }).count(), 1);
  await assertAccessible(page, currentPath(page));
  await clickAndLoad(page, page.getByRole('button', { name: 'Undo', exact: true }));
});

test('axe: /shortlist/print', { timeout: TEST_TIMEOUT }, async () => {
  const page = await visitorPage();
  await visit(page, '/shortlist/print');
  await assertAccessible(page, '/shortlist/print');
});

test('axe: a shared shortlist', { timeout: TEST_TIMEOUT }, async () => {
  assert.ok(journey.sharePath, 'depends on the "/shortlist lists what was added" test');
  await withPage(async (page) => {
    await visit(page, journey.sharePath);
    await assertAccessible(page, journey.sharePath);
  });
});
