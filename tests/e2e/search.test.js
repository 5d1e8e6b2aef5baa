// The search page and its JSON API, in a real browser: the form without
// JavaScript (distances, filters, paging), live results and suggestions with
// JavaScript, the error and empty states, the API's JSON and axe audits.
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
  assertAccessible,
  withPage as openPage,
  LISTING_PATH,
} from './helpers.js';

const TEST_TIMEOUT = 90_000;
const KINDS = ['organisation', 'group', 'event', 'place'];
const FACET_KEYS = ['kind', 'interest', 'borough', 'free', 'day', 'time', 'access', 'audience'];
/** Distances are shown to one decimal place, so allow for rounding. */
const ROUNDING = 0.05;

/** The search used by most tests: plenty of gardening near Brixton. */
const GARDEN = '/search?q=garden&near=SW9&radius=5';
const GARDEN_RADIUS = 5;
/** A search that matches nothing. */
const NOTHING = '/search?q=zzzzqqq&near=SW9&radius=2&kind=group';

let browser;

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

/** Path + query of an absolute or relative URL. */
function pathOf(href) {
  const u = new URL(href, url('/'));
  return u.pathname + u.search;
}

/** The search parameters of the page's current URL. */
function searchParams(page) {
  return new URL(page.url()).searchParams;
}

/**
 * Every result card on the page: link path, name, meta line, and the
 * distance in miles parsed from the meta line (null when there is none).
 */
async function resultCards(page) {
  return page.$$eval('#search-results ul.kith-results > li', (lis) =>
    lis.map((li) => {
      const a = li.querySelector('h3 a[href]');
      const meta = (li.querySelector('p.kith-results__meta')?.textContent || '').replace(/\s+/g, ' ').trim();
      const m = /(?:under\s+)?(\d+(?:\.\d+)?)\s+miles?\b/i.exec(meta);
      return {
        path: a ? new URL(a.href, document.baseURI).pathname : null,
        name: a ? (a.textContent || '').replace(/\s+/g, ' ').trim() : null,
        meta,
        miles: m ? Number(m[1]) : null,
        shortlistButtons: Array.from(li.querySelectorAll('button, input[type="submit"]'))
          .map((b) => (b.textContent || b.value || '').replace(/\s+/g, ' ').trim())
          .filter((t) => /shortlist/i.test(t)),
        shortlistForms: li.querySelectorAll('form[action="/shortlist/add"], form[action="/shortlist/remove"]').length,
      };
    }),
  );
}

/** The data-summary sentence, whitespace-normalised. */
async function summaryText(page) {
  const s = page.locator('#search-results p[data-summary]');
  assert.equal(await s.count(), 1, `expected one p[data-summary] inside #search-results on ${currentPath(page)}`);
  return normaliseText(await s.textContent());
}

/** The number at the start of a summary such as "24 results for …" (0 for "No results"). */
function totalFromSummary(summary) {
  if (/^no results\b/i.test(summary)) return 0;
  const m = /^(\d[\d,]*)\s+results?\b/i.exec(summary);
  assert.ok(m, `the summary does not start with a count of results: ${JSON.stringify(summary)}`);
  return Number(m[1].replace(/,/g, ''));
}

/** Submit the live-search form with its "Search" button and wait for the new page. */
async function submitSearch(page) {
  const button = page.locator('form[data-live-search]').getByRole('button', { name: 'Search', exact: true });
  assert.equal(await button.count(), 1, 'expected exactly one submit button named "Search" in form[data-live-search]');
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

/** Wait until fn (run in the page) returns true. */
function waitInPage(page, fn, arg) {
  return page.waitForFunction(fn, arg);
}

/** Fields of the form that the contract requires, with their expected names. */
const REQUIRED_FIELDS = [
  ['input#q', 'q'],
  ['input#near', 'near'],
  ['select#radius', 'radius'],
  ['select#interest', 'interest'],
  ['select#borough', 'borough'],
  ['select#audience', 'audience'],
  ['input#age', 'age'],
  ['input#from', 'from'],
  ['input#to', 'to'],
  ['select#sort', 'sort'],
];

test('search page: form, fields, labels and filter options match the contract', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search');
    assert.deepEqual(await texts(page, 'h1'), ['Search'], 'expected a single <h1> "Search" on /search');

    const form = page.locator('form[data-live-search]');
    assert.equal(await form.count(), 1, 'no form[data-live-search] on /search');
    assert.equal(await form.getAttribute('action'), '/search', 'the search form must have action="/search"');
    assert.equal((await form.getAttribute('method') || '').toLowerCase(), 'get', 'the search form must use method="get"');

    for (const [selector, name] of REQUIRED_FIELDS) {
      // Filters sit beside the results and join the form through their
      // `form` attribute, so ask the element which form it belongs to.
      const field = page.locator(selector);
      assert.equal(await field.count(), 1, `no ${selector} on /search`);
      assert.ok(
        await field.evaluate((el) => !!el.form && el.form.matches('form[data-live-search]')),
        `${selector} does not belong to form[data-live-search]`,
      );
      assert.equal(await field.getAttribute('name'), name, `${selector} must have name="${name}"`);
      const label = await field.evaluate((el) =>
        Array.from(el.labels || []).map((l) => (l.textContent || '').replace(/\s+/g, ' ').trim()).join(' ').trim(),
      );
      assert.ok(label.length > 0, `${selector} has no <label> with text`);
    }
    assert.equal(await page.locator('#q').getAttribute('list'), 'q-suggestions', '#q must have list="q-suggestions"');
    assert.equal(await page.locator('datalist#q-suggestions').count(), 1, 'no datalist#q-suggestions');
    assert.equal(await page.locator('#from').getAttribute('type'), 'date', '#from must be type="date"');
    assert.equal(await page.locator('#to').getAttribute('type'), 'date', '#to must be type="date"');

    const nearLabel = await page.locator('#near').evaluate((el) => (el.labels?.[0]?.textContent || '').trim());
    assert.match(nearLabel, /^Near/, `the #near label should start with "Near", got ${JSON.stringify(nearLabel)}`);
    const nearHint = await page.locator('#near').evaluate((el) =>
      (el.getAttribute('aria-describedby') || '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent || '')
        .join(' '),
    );
    assert.match(nearHint, /postcode/i, `#near's hint (aria-describedby) should mention a postcode, got ${JSON.stringify(nearHint)}`);

    const radii = await page.$$eval('#radius option', (os) => os.map((o) => ({ value: o.value, selected: o.selected })));
    const values = radii.map((o) => Number(o.value));
    assert.equal(values[0], 0.25, `the first #radius option should be 0.25, got ${JSON.stringify(radii)}`);
    assert.equal(values[values.length - 1], 20, `the last #radius option should be 20, got ${JSON.stringify(radii)}`);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), '#radius options should be in increasing order');
    assert.equal(Number(radii.find((o) => o.selected)?.value), 2, 'the default radius should be 2 miles');

    const radioValues = (name) =>
      page.$$eval(`input[type="radio"][name="${name}"]`, (is) => is.map((i) => i.value));
    assert.deepEqual(await radioValues('kind'), ['', ...KINDS], 'radio buttons name=kind');
    assert.deepEqual(await radioValues('day'), ['', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'radio buttons name=day');
    assert.deepEqual(await radioValues('time'), ['', 'morning', 'afternoon', 'evening'], 'radio buttons name=time');
    assert.equal(await page.locator('input[type="checkbox"][name="free"][value="true"]').count(), 1, 'no checkbox name=free value=true');
    const access = await page.$$eval('input[type="checkbox"][name="access"]', (is) => is.map((i) => i.value));
    for (const v of ['step_free', 'accessible_toilet', 'hearing_loop', 'quiet_space']) {
      assert.ok(access.includes(v), `no checkbox name=access value=${v}; found ${JSON.stringify(access)}`);
    }
    // Every radio and tick box is labelled.
    const unlabelled = await page.$$eval('.kith-search-form input[type="radio"], .kith-search-form input[type="checkbox"]', (is) =>
      is.filter((i) => !Array.from(i.labels || []).some((l) => (l.textContent || '').trim())).map((i) => `${i.name}=${i.value}`),
    );
    assert.deepEqual(unlabelled, [], 'radio buttons / tick boxes without a label');

    const sorts = await page.$$eval('#sort option', (os) => os.map((o) => o.value));
    assert.deepEqual(sorts, ['relevance', 'distance', 'date'], '#sort options');

    const live = page.locator('#search-status');
    assert.equal(await live.count(), 1, 'no #search-status live region');
    assert.equal(await live.getAttribute('aria-live'), 'polite', '#search-status must have aria-live="polite"');
    assert.equal(await page.locator('#search-results #search-status').count(), 0, '#search-status must be outside #search-results');
    assert.equal(await page.locator('div#search-results').count(), 1, 'no div#search-results');
  });
});

test('no JavaScript: garden near SW9 within 5 miles shows distances, filters by kind, sorts by distance and pages', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(
    async (page) => {
      await visit(page, GARDEN);
      assert.deepEqual(await texts(page, 'h1'), ['Search']);
      assert.equal(await page.locator('#q').inputValue(), 'garden', '#q should keep "garden"');
      assert.equal(await page.locator('#near').inputValue(), 'SW9', '#near should keep "SW9"');
      assert.equal(Number(await page.locator('#radius').inputValue()), GARDEN_RADIUS, '#radius should show 5');
      assert.ok(await page.locator('#use-my-location').isHidden(), '#use-my-location should stay hidden without JavaScript');

      const summary = await summaryText(page);
      assert.match(summary, /\bresults?\b/i, `summary: ${summary}`);
      assert.match(summary, /garden/, `the summary should name the words searched for: ${summary}`);
      assert.match(summary, /within 5 miles of SW9/, `the summary should say "within 5 miles of SW9": ${summary}`);
      const total = totalFromSummary(summary);
      assert.ok(total >= 1, `no results for ${GARDEN}: ${summary}`);

      const cards = await resultCards(page);
      assert.ok(cards.length >= 1, `no result cards (#search-results ul.kith-results > li) on ${GARDEN}`);
      assert.ok(cards.length <= total, `${cards.length} cards but the summary says ${total}`);
      for (const [i, c] of cards.entries()) {
        assert.match(c.path ?? '', LISTING_PATH, `result #${i + 1} has no h3 a link to a listing (got ${c.path})`);
        assert.notEqual(c.miles, null, `result #${i + 1} (${c.name}) has no distance in miles in its meta line: ${JSON.stringify(c.meta)}`);
        assert.ok(
          c.miles <= GARDEN_RADIUS + ROUNDING,
          `result #${i + 1} (${c.name}) is ${c.miles} miles away, outside the 5-mile radius: ${c.meta}`,
        );
        assert.match(c.meta, /about (a|\d+) minutes?['’]s? walk/, `result #${i + 1} has no walking time: ${c.meta}`);
        assert.deepEqual(
          c.shortlistButtons.map((t) => t.replace(/:.*$/, '')),
          ['Add to shortlist'],
          `result #${i + 1} (${c.name}) should have one "Add to shortlist" button`,
        );
      }
      // Cards sit inside the search results region, and each shortlist button
      // has its own form (a form nested in the search form would be dropped
      // by the HTML parser, turning the button into a second search button).
      const formless = cards.filter((c) => c.shortlistForms !== 1).map((c) => c.name);
      assert.deepEqual(
        formless,
        [],
        'result cards whose "Add to shortlist" button has no form[action="/shortlist/add"] of its own (nested <form>?)',
      );

      // Counts next to the filters; the "Groups" count is what choosing it gives.
      const counts = await texts(page, '.kith-search-form span.kith-count');
      assert.ok(counts.length >= 1, 'no span.kith-count next to any filter option');
      for (const c of counts) assert.match(c, /^\(\d+\)$/, `span.kith-count should read like "(12)", got ${JSON.stringify(c)}`);
      const groupCount = await page
        .locator('input[name="kind"][value="group"]')
        .evaluate((el) => {
          const t = Array.from(el.labels || []).map((l) => l.querySelector('.kith-count')?.textContent || '').join('');
          const m = /\((\d+)\)/.exec(t);
          return m ? Number(m[1]) : null;
        });
      assert.notEqual(groupCount, null, 'the kind=group radio label has no span.kith-count');

      // Sorted sensibly: nearest first when asked.
      await page.locator('#sort').selectOption('distance');
      await submitSearch(page);
      assert.equal(searchParams(page).get('sort'), 'distance', `choosing "distance" and submitting went to ${currentPath(page)}`);
      assert.equal(searchParams(page).get('csrf'), null, `submitting the search form put a csrf token in the URL: ${currentPath(page)}`);
      const byDistance = await resultCards(page);
      assert.ok(byDistance.length >= 1, `no results sorted by distance (${currentPath(page)})`);
      const miles = byDistance.map((c) => c.miles);
      assert.ok(miles.every((m) => m !== null), `some results have no distance: ${JSON.stringify(miles)}`);
      for (let i = 1; i < miles.length; i++) {
        assert.ok(miles[i] >= miles[i - 1], `sort=distance is not nearest first: ${JSON.stringify(miles)}`);
      }
      assert.equal(totalFromSummary(await summaryText(page)), total, 'sorting changed the number of results');

      // A filter: groups only.
      await page.locator('input[name="kind"][value="group"]').check();
      await submitSearch(page);
      const params = searchParams(page);
      assert.equal(params.get('kind'), 'group', `choosing kind=group and submitting went to ${currentPath(page)}`);
      assert.equal(params.get('q'), 'garden');
      assert.equal(params.get('near'), 'SW9');
      assert.ok(await page.locator('input[name="kind"][value="group"]').isChecked(), 'the kind=group radio is not checked after submitting');
      const groups = await resultCards(page);
      assert.ok(groups.length >= 1, `no garden groups within 5 miles of SW9 (${currentPath(page)})`);
      const notGroups = groups.filter((c) => !/^\/groups\//.test(c.path ?? ''));
      assert.deepEqual(notGroups.map((c) => c.path), [], 'with kind=group every result should link to /groups/…');
      assert.equal(
        totalFromSummary(await summaryText(page)),
        groupCount,
        'the "(n)" next to the groups filter should equal the number of results after choosing it',
      );
    },
    { javaScriptEnabled: false },
  );
});

test('no JavaScript: page 2 via a[rel=next] continues the same search', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(
    async (page) => {
      const start = '/search?q=garden&near=SW9&radius=20&sort=distance';
      await visit(page, start);
      const first = await resultCards(page);
      const total = totalFromSummary(await summaryText(page));
      assert.ok(total > first.length, `need more than one page of results for ${start}; summary says ${total}, page shows ${first.length}`);
      const next = page.locator('nav.kith-pagination a[rel="next"]');
      assert.equal(await next.count(), 1, `no nav.kith-pagination a[rel=next] on ${start}`);
      await Promise.all([page.waitForEvent('load'), next.click()]);

      const params = searchParams(page);
      assert.equal(params.get('page'), '2', `a[rel=next] went to ${currentPath(page)}`);
      assert.equal(params.get('q'), 'garden', 'page 2 lost q');
      assert.equal(params.get('near'), 'SW9', 'page 2 lost near');
      assert.equal(Number(params.get('radius')), 20, 'page 2 lost radius');
      assert.equal(params.get('sort'), 'distance', 'page 2 lost sort');

      const second = await resultCards(page);
      assert.ok(second.length >= 1, `no results on page 2 (${currentPath(page)})`);
      const overlap = second.filter((c) => first.some((f) => f.path === c.path)).map((c) => c.path);
      assert.deepEqual(overlap, [], 'page 2 repeats results from page 1');
      const lastOfFirst = Math.max(...first.map((c) => c.miles));
      assert.ok(
        second.every((c) => c.miles >= lastOfFirst),
        `page 2 (nearest first) has results nearer than page 1's furthest (${lastOfFirst}): ${JSON.stringify(second.map((c) => c.miles))}`,
      );
      assert.equal(totalFromSummary(await summaryText(page)), total, 'page 2 reports a different total');
      assert.equal(await page.locator('nav.kith-pagination a[rel="prev"]').count(), 1, 'no a[rel=prev] on page 2');
    },
    { javaScriptEnabled: false },
  );
});

test('JavaScript: typing "walking" refreshes the results in place and announces them', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search');
    assert.ok(await page.locator('#use-my-location').isVisible(), '#use-my-location should be shown when JavaScript runs');

    let loads = 0;
    page.on('load', () => {
      loads += 1;
    });
    await page.evaluate(() => {
      window.__marker = 1;
    });

    const refreshed = page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/search' && u.searchParams.get('partial') === 'results' && u.searchParams.get('q') === 'walking';
    });
    await page.locator('#q').pressSequentially('walking', { delay: 40 });
    const response = await refreshed;
    assert.equal(response.status(), 200, `${response.url()} returned ${response.status()}`);

    await waitInPage(page, () => /result/i.test(document.getElementById('search-status')?.textContent || ''));
    await waitInPage(page, () => /walking/.test(new URL(location.href).search));

    assert.equal(await page.evaluate(() => window.__marker), 1, 'the page was reloaded (window.__marker is gone)');
    assert.equal(loads, 0, 'a new document loaded while typing');
    const params = searchParams(page);
    assert.equal(params.get('q'), 'walking', `the URL was not updated with q=walking: ${page.url()}`);
    assert.equal(params.get('partial'), null, `the URL should not keep partial=results: ${page.url()}`);

    const status = normaliseText(await page.locator('#search-status').textContent());
    const summary = await summaryText(page);
    assert.match(summary, /walking/, `the refreshed summary should mention "walking": ${summary}`);
    assert.equal(status, summary, '#search-status should repeat the summary sentence');
    const cards = await resultCards(page);
    assert.ok(cards.length >= 1, 'no result cards in #search-results after typing "walking"');
    for (const c of cards) assert.match(c.path ?? '', LISTING_PATH);
    // The refreshed page is still one page: one h1, one form, one results region.
    assert.equal(await page.locator('h1').count(), 1, 'the refreshed results added another <h1>');
    assert.equal(await page.locator('#search-results').count(), 1);
    assert.equal(await page.locator('#search-results #search-results, #search-results form[data-live-search]').count(), 0, 'the partial response nested a page inside #search-results');

    // Shortlist buttons on refreshed cards must come back to the search page, not the fragment.
    const backs = await page.$$eval('#search-results input[name="back"]', (is) => is.map((i) => i.value));
    const fragmentBacks = backs.filter((b) => /partial=results/.test(b));
    assert.deepEqual(fragmentBacks, [], 'shortlist forms on refreshed cards would return to the bare results fragment');
  });
});

test('JavaScript: typing "allot" suggests "allotment"', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search');
    const suggested = page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/suggest' && u.searchParams.get('q') === 'allot';
    });
    await page.locator('#q').pressSequentially('allot', { delay: 40 });
    const response = await suggested;
    assert.equal(response.status(), 200, `/api/suggest?q=allot returned ${response.status()}`);
    await waitInPage(page, () => document.querySelectorAll('datalist#q-suggestions option').length > 0);
    // Earlier prefixes ("all", "allo") also fetch; give the last answer time to land.
    await page
      .waitForFunction(() => Array.from(document.querySelectorAll('datalist#q-suggestions option')).some((o) => /allotment/i.test(o.value)), null, { timeout: 5_000 })
      .catch(() => {});
    const options = await page.$$eval('datalist#q-suggestions option', (os) => os.map((o) => o.value));
    assert.ok(
      options.some((o) => /allotment/i.test(o)),
      `no datalist#q-suggestions option containing "allotment"; options: ${JSON.stringify(options)}`,
    );
    assert.ok(
      options.every((o) => o.trim() && !/\[object Object\]/.test(o)),
      `suggestion options should be words, got ${JSON.stringify(options)}`,
    );
  });
});

/** The shared shape of a 400 search page with one field in error. */
async function assertFieldError(page, { fieldId, kept }) {
  const where = currentPath(page);
  assert.deepEqual(await texts(page, 'h1'), ['Search'], `the error page (${where}) should be the search page with its <h1>`);
  const box = page.locator('div.kith-error-summary');
  assert.equal(await box.count(), 1, `no div.kith-error-summary on ${where}`);
  assert.equal(await box.getAttribute('role'), 'alert', 'the error summary must have role="alert"');
  assert.equal(await box.locator('h2').count(), 1, 'the error summary has no <h2>');
  const links = await box.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes(`#${fieldId}`), `the error summary should link to #${fieldId}; links: ${JSON.stringify(links)}`);
  const summaryLink = normaliseText(await box.locator(`a[href="#${fieldId}"]`).first().textContent());
  assert.ok(summaryLink.length > 0, `the error summary link to #${fieldId} has no text`);

  const field = page.locator(`#${fieldId}`);
  assert.equal(await field.count(), 1, `no #${fieldId} on ${where}`);
  const group = await field.evaluate((el) => {
    const g = el.closest('.kith-form-group--error');
    return g
      ? {
          messages: Array.from(g.querySelectorAll('p.kith-error-message')).map((p) =>
            (p.textContent || '').replace(/\s+/g, ' ').trim(),
          ),
        }
      : null;
  });
  assert.ok(group, `#${fieldId} is not inside an element with class kith-form-group--error`);
  assert.equal(group.messages.length, 1, `expected one p.kith-error-message in #${fieldId}'s group, found ${JSON.stringify(group.messages)}`);
  assert.ok(group.messages[0].length > 0, `the p.kith-error-message for #${fieldId} is empty`);
  assert.ok(
    group.messages[0].includes(summaryLink),
    `the message next to #${fieldId} (${JSON.stringify(group.messages[0])}) should say what the summary says (${JSON.stringify(summaryLink)})`,
  );

  for (const [id, value] of Object.entries(kept)) {
    assert.equal(await page.locator(`#${id}`).inputValue(), value, `#${id} should keep what was typed`);
  }
  // Following the summary link goes to the field.
  await box.locator(`a[href="#${fieldId}"]`).first().click();
  assert.equal(new URL(page.url()).hash, `#${fieldId}`, `the error summary link did not go to #${fieldId}`);
}

test('errors: an unknown or malformed postcode answers 400 with the search page and the error by the field', { timeout: TEST_TIMEOUT }, async () => {
  for (const near of ['ZZ99 9ZZ', '12345']) {
    await withPage(async (page) => {
      await visit(page, `/search?q=garden&near=${encodeURIComponent(near)}`, 400);
      await assertFieldError(page, { fieldId: 'near', kept: { near, q: 'garden' } });
      assert.equal(await page.locator('#search-results ul.kith-results > li').count(), 0, 'an error page should show no results');
    });
  }
});

test('errors: radius=50 answers 400 with the error by the radius field', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search?q=garden&near=SW9&radius=50', 400);
    await assertFieldError(page, { fieldId: 'radius', kept: { near: 'SW9', q: 'garden' } });
  });
});

test('empty state: "No results" with ways to widen the search', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, NOTHING);
    assert.equal(await page.locator('#search-results ul.kith-results > li').count(), 0, `${NOTHING} should match nothing`);
    const h2s = await texts(page, '#search-results h2');
    assert.ok(h2s.some((h) => /No results/.test(h)), `no <h2> containing "No results" in #search-results; h2s: ${JSON.stringify(h2s)}`);

    const links = await page.$$eval('#search-results a[href]', (as) =>
      as.map((a) => ({ text: (a.textContent || '').replace(/\s+/g, ' ').trim(), href: a.href })),
    );
    const wider = links.find((l) => /^Search a wider area/.test(l.text));
    assert.ok(wider, `no "Search a wider area" link; links: ${JSON.stringify(links.map((l) => l.text))}`);
    const wp = new URL(wider.href).searchParams;
    assert.equal(wp.get('q'), 'zzzzqqq', `"Search a wider area" lost the words: ${wider.href}`);
    assert.equal(wp.get('kind'), 'group', `"Search a wider area" lost the kind filter: ${wider.href}`);
    assert.ok(
      wp.get('near') === null || Number(wp.get('radius')) > 2,
      `"Search a wider area" should widen the radius beyond 2 miles: ${wider.href}`,
    );

    const withoutKind = links.find((l) => {
      const u = new URL(l.href);
      return u.pathname === '/search' && u.searchParams.get('q') === 'zzzzqqq' && !u.searchParams.has('kind') && u.searchParams.get('near') === 'SW9';
    });
    assert.ok(withoutKind, `no link that removes only the kind filter; links: ${JSON.stringify(links)}`);
    const withoutNear = links.find((l) => {
      const u = new URL(l.href);
      return u.pathname === '/search' && u.searchParams.get('q') === 'zzzzqqq' && !u.searchParams.get('near') && u.searchParams.get('kind') === 'group';
    });
    assert.ok(withoutNear, `no link that removes only the postcode; links: ${JSON.stringify(links)}`);

    // The links work.
    await visit(page, pathOf(wider.href));
    await visit(page, pathOf(withoutKind.href));
  });
});

test('API: /api/search returns results with distances and facets as JSON', { timeout: TEST_TIMEOUT }, async () => {
  const res = await fetch(url('/api/search?q=garden&near=SW9&radius=5'));
  assert.equal(res.status, 200, `/api/search?q=garden&near=SW9&radius=5 returned ${res.status}`);
  assert.match(res.headers.get('content-type') || '', /^application\/json\b/, 'content-type should be application/json');
  const body = await res.json();
  assert.equal(typeof body.total, 'number', 'total should be a number');
  assert.equal(body.page, 1, 'page should be 1');
  assert.equal(typeof body.per_page, 'number', 'per_page should be a number');
  assert.ok(Array.isArray(body.results), 'results should be an array');
  assert.ok(body.results.length >= 1, 'no results');
  assert.ok(body.results.length <= body.per_page && body.results.length <= body.total);

  for (const [i, r] of body.results.entries()) {
    const where = `results[${i}] (${JSON.stringify(r.name)})`;
    assert.ok(Number.isInteger(r.id) && r.id > 0, `${where}.id should be a positive integer: ${JSON.stringify(r.id)}`);
    assert.ok(KINDS.includes(r.kind), `${where}.kind should be one of ${KINDS}: ${JSON.stringify(r.kind)}`);
    assert.equal(typeof r.name, 'string', `${where}.name`);
    assert.equal(typeof r.url, 'string', `${where}.url`);
    assert.match(r.url, LISTING_PATH, `${where}.url`);
    assert.ok(r.url.startsWith(`/${r.kind}s/`), `${where}.url ${r.url} does not match kind ${r.kind}`);
    assert.ok('borough' in r && (r.borough === null || typeof r.borough === 'string'), `${where}.borough should be a string or null: ${JSON.stringify(r)}`);
    assert.ok(Array.isArray(r.interests), `${where}.interests should be an array`);
    assert.ok('postcode' in r && (r.postcode === null || typeof r.postcode === 'string'), `${where}.postcode`);
    assert.equal(typeof r.lat, 'number', `${where}.lat should be a number: ${JSON.stringify(r)}`);
    assert.equal(typeof r.lon, 'number', `${where}.lon should be a number`);
    assert.ok(r.lat > 51.2 && r.lat < 51.8 && r.lon > -0.6 && r.lon < 0.4, `${where} is not in London: ${r.lat},${r.lon}`);
    assert.equal(typeof r.distance_miles, 'number', `${where}.distance_miles should be a number when near is given`);
    assert.ok(r.distance_miles >= 0 && r.distance_miles <= GARDEN_RADIUS + 1e-6, `${where}.distance_miles ${r.distance_miles} is outside the radius`);
    assert.ok('next_occurrence' in r, `${where} has no next_occurrence`);
    assert.ok(r.next_occurrence === null || typeof r.next_occurrence === 'string', `${where}.next_occurrence should be a string or null`);
    if (typeof r.next_occurrence === 'string') {
      assert.ok(!Number.isNaN(Date.parse(r.next_occurrence)), `${where}.next_occurrence is not a date: ${r.next_occurrence}`);
    }
  }

  assert.equal(typeof body.facets, 'object', 'facets should be an object');
  assert.deepEqual(Object.keys(body.facets).sort(), [...FACET_KEYS].sort(), 'facets keys');
  for (const key of FACET_KEYS) {
    assert.ok(Array.isArray(body.facets[key]), `facets.${key} should be an array`);
    for (const f of body.facets[key]) {
      assert.equal(typeof f.value, 'string', `facets.${key}[].value: ${JSON.stringify(f)}`);
      assert.equal(typeof f.label, 'string', `facets.${key}[].label: ${JSON.stringify(f)}`);
      assert.ok(Number.isInteger(f.count) && f.count >= 0, `facets.${key}[].count: ${JSON.stringify(f)}`);
    }
  }
  const kindSum = body.facets.kind.reduce((n, f) => n + f.count, 0);
  assert.equal(kindSum, body.total, `the kind counts (${JSON.stringify(body.facets.kind)}) should add up to total ${body.total}`);

  // A filter narrows to that kind.
  const groups = await (await fetch(url('/api/search?q=garden&near=SW9&radius=5&kind=group'))).json();
  assert.ok(groups.results.every((r) => r.kind === 'group'), 'kind=group returned other kinds');
  assert.equal(groups.total, body.facets.kind.find((f) => f.value === 'group')?.count, 'kind=group total should equal the group facet count');
});

test('API: bad parameters answer 400 with a JSON error naming the field', { timeout: TEST_TIMEOUT }, async () => {
  for (const [path, field] of [
    ['/api/search?radius=99&near=SW9', 'radius'],
    ['/api/search?near=ZZ99%209ZZ', 'near'],
  ]) {
    const res = await fetch(url(path));
    assert.equal(res.status, 400, `${path} returned ${res.status}`);
    assert.match(res.headers.get('content-type') || '', /^application\/json\b/, `${path}: content-type should be application/json`);
    const body = await res.json();
    assert.equal(typeof body.error, 'string', `${path}: error should be a string: ${JSON.stringify(body)}`);
    assert.ok(body.error.length > 0, `${path}: error is empty`);
    assert.equal(body.field, field, `${path}: field should be ${field}: ${JSON.stringify(body)}`);
  }
});

test('API: /api/suggest?q=allot suggests allotment', { timeout: TEST_TIMEOUT }, async () => {
  const res = await fetch(url('/api/suggest?q=allot'));
  assert.equal(res.status, 200, `/api/suggest?q=allot returned ${res.status}`);
  assert.match(res.headers.get('content-type') || '', /^application\/json\b/);
  const body = await res.json();
  assert.ok(Array.isArray(body.suggestions), `suggestions should be an array: ${JSON.stringify(body)}`);
  assert.ok(body.suggestions.length >= 1, 'no suggestions for "allot"');
  for (const s of body.suggestions) {
    assert.equal(typeof s.word, 'string', `suggestion.word: ${JSON.stringify(s)}`);
    assert.equal(typeof s.text, 'string', `suggestion.text: ${JSON.stringify(s)}`);
    assert.ok(Number.isInteger(s.count) && s.count > 0, `suggestion.count: ${JSON.stringify(s)}`);
    assert.ok(s.word.startsWith('allot'), `suggestion ${JSON.stringify(s.word)} does not complete "allot"`);
  }
  assert.ok(body.suggestions.some((s) => s.word.includes('allotment')), `no suggestion containing "allotment": ${JSON.stringify(body)}`);
});

test('axe: search results with every filter open', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, GARDEN);
    assert.ok((await resultCards(page)).length >= 1, `no results on ${GARDEN}`);
    // Open any collapsed filter sections so axe sees every control.
    await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    const toggles = page.locator('form[data-live-search] [aria-expanded="false"]');
    for (let i = 0; i < (await toggles.count()); i++) await toggles.nth(i).click();
    await assertAccessible(page, `${GARDEN} (filters open)`);
  });
});

test('axe: search results after a live refresh', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search');
    await page.locator('#q').pressSequentially('walking', { delay: 40 });
    await waitInPage(page, () => /result/i.test(document.getElementById('search-status')?.textContent || ''));
    await assertAccessible(page, '/search after typing "walking"');
  });
});

test('axe: the search error state (unknown postcode)', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search?q=garden&near=ZZ99%209ZZ', 400);
    await assertAccessible(page);
  });
});

test('errors: a bad postcode and a bad radius are both shown, each by its field, in one answer', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search?q=garden&near=ZZ99%209ZZ&radius=99&age=forty', 400);
    for (const fieldId of ['near', 'radius', 'age']) {
      await assertFieldError(page, { fieldId, kept: { near: 'ZZ99 9ZZ', q: 'garden', age: 'forty' } });
    }
    const links = await page.locator('div.kith-error-summary a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['#near', '#radius', '#age'], 'the summary should list every mistake in the order of the form');
    await assertAccessible(page);
  });
});

test('axe: the search error state (radius=50)', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, '/search?q=garden&near=SW9&radius=50', 400);
    await assertAccessible(page);
  });
});

test('axe: the empty state', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    await visit(page, NOTHING);
    await assertAccessible(page);
  });
});
