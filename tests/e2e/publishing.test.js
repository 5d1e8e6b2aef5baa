// Publishing in a real browser: an organiser adds a group through the
// listing form, one section per page (each first with mistakes, then
// correctly, with Back and Change), and checks it waits for review; an editor reviews the field-by-field difference and approves it;
// a visitor reports a problem that shows in the editors' queue; the
// organiser looks at the listing's history, cancels one date and manages
// co-organisers and invitations; a member asks to run an organisation. Every page and every
// error state on the way is audited with axe-core (WCAG 2.2 AA).
//
// Run by scripts/test against `kith serve --demo`, whose demo accounts all
// have the password "kith demo password". The journey makes its own group,
// so it leaves the demo listings other tests rely on as they were.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible as axeCheck, newPage, url, normaliseText } from './helpers.js';

const TEST_TIMEOUT = 300_000;
const PASSWORD = 'kith demo password';
const ORGANISER = 'organiser@demo.kith.test';
const EDITOR = 'editor@demo.kith.test';
const MEMBER = 'member@demo.kith.test';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  console.log(`axe (WCAG 2.2 AA) found nothing on ${audited.length} pages and states:\n  ${audited.join('\n  ')}`);
});

/** Every page and state audited, for the report at the end. */
const audited = [];

/**
 * The axe audit, plus what axe's WCAG 2.2 rules no longer check but forms
 * rely on: exactly one h1, ids used once, and every label and
 * aria-describedby pointing at something that is there.
 */
async function assertAccessible(page, label) {
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  const broken = await page.evaluate(() => {
    const problems = [];
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
    for (const [id, n] of seen) if (n > 1) problems.push(`id "${id}" is used ${n} times`);
    for (const l of document.querySelectorAll('label[for]')) {
      if (!document.getElementById(l.htmlFor)) problems.push(`label for "${l.htmlFor}" has no field`);
    }
    for (const el of document.querySelectorAll('[aria-describedby]')) {
      for (const id of el.getAttribute('aria-describedby').split(/\s+/)) {
        if (!document.getElementById(id)) problems.push(`aria-describedby "${id}" is missing`);
      }
    }
    return problems;
  });
  assert.deepEqual(broken, [], `${label}: ${broken.join('; ')}`);
  await axeCheck(page, label);
  audited.push(label);
}

/** A fresh browser context signed in as `email`. */
async function signedIn(email) {
  const { context, page } = await newPage(browser);
  await visit(page, '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
  assert.notEqual(new URL(page.url()).pathname, '/sign-in', `${email} could not sign in`);
  return { context, page };
}

/** The main content's text, whitespace collapsed. */
async function mainText(page) {
  return normaliseText(await page.textContent('main'));
}

/** Asserts the page shows a form in its error state: "Error: " title, a summary whose links reach fields. */
async function assertErrorState(page, label) {
  assert.match(await page.title(), /^Error: /, `${label}: title starts "Error: "`);
  assert.ok(await page.isVisible('.kith-error-summary'), `${label}: error summary shown`);
  assert.ok(
    await page.evaluate(() => document.activeElement?.classList.contains('kith-error-summary')),
    `${label}: the error summary has the focus, so it is read first`,
  );
  const targets = await page.$$eval('.kith-error-summary a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(targets.length > 0, `${label}: the summary lists the problems`);
  for (const href of targets) {
    assert.match(href, /^#/);
    const id = href.slice(1);
    assert.equal(
      await page.locator(`[id="${id}"]`).count(),
      1,
      `${label}: the summary link ${href} leads to a field`,
    );
    assert.ok(
      (await page.locator(`[id="${id}-error"]`).count()) === 1,
      `${label}: a message beside the field ${id}`,
    );
  }
  await assertAccessible(page, label);
}

/** The next Tuesday at least a week from today, as the form's d/m/yyyy. */
function nextTuesday() {
  const d = new Date();
  d.setDate(d.getDate() + 7);
  while (d.getDay() !== 2) d.setDate(d.getDate() + 1);
  return `${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`;
}

test('organiser proposes a group, editor approves it, reports, dates, organisers and claims', { timeout: TEST_TIMEOUT }, async () => {
  const stamp = Date.now().toString(36);
  const name = `E2E Tuesday painting ${stamp}`;
  const slug = `e2e-tuesday-painting-${stamp}`;
  const publicPath = `/groups/${slug}`;

  // ---- 1. The organiser adds a group ----------------------------------
  const organiser = await signedIn(ORGANISER);
  let page = organiser.page;
  await visit(page, '/organise');
  await assertAccessible(page, '/organise');
  assert.equal(await page.textContent('h1'), 'Your organisations');
  const orgHeading = page.locator('main section h2').first();
  const orgName = normaliseText(await orgHeading.textContent());
  const orgSection = page.locator('main section').first();
  const organisersHref = await orgSection.locator('a[href$="/organisers"]').first().getAttribute('href');
  const orgId = organisersHref.match(/\/organise\/organisations\/(\d+)\/organisers/)[1];
  const orgPublic = await orgSection.locator('a', { hasText: 'See its page' }).first().getAttribute('href');

  await orgSection.locator('a[href^="/organise/new/groups?organisation="]').click();
  assert.equal(new URL(page.url()).pathname, '/organise/new/groups');
  // One section per page, each answered on its own, then check your answers.
  const form = 'main form[action="/organise/new/groups"]';
  const next = () => page.click(`${form} button[value=continue]`);
  const back = () => page.click(`${form} button[value=back]`);
  const atStep = async (n, title) => {
    assert.equal(await page.textContent('h1'), title);
    assert.match(await mainText(page), new RegExp(`Step ${n} of 6 · Add a group or activity`), `${title}: step ${n} of 6`);
  };
  await atStep(1, 'About it');
  await assertAccessible(page, '/organise/new/groups step 1 (about it)');

  // Step 1, first with a mistake: no summary. What was typed is kept.
  await page.fill('#name', name);
  await page.fill('#description', 'We paint together in a quiet room. Materials are provided; beginners welcome.');
  await page.check('#opportunity'); // the first option: activity or group
  await page.fill('#slug', slug);
  await next();
  await assertErrorState(page, 'step 1 (about it) with errors');
  assert.match(normaliseText(await page.textContent('.kith-error-summary')), /summary/i, 'the missing summary is named');
  assert.equal(await page.inputValue('#name'), name);
  assert.equal(await page.inputValue('#slug'), slug);
  await page.fill('#summary', 'A friendly painting group for adults, every Tuesday morning');
  await next();

  // Step 2: a date that is not one, then every Tuesday 10:00 to 12:00.
  await atStep(2, 'When it happens');
  await assertAccessible(page, 'step 2 (when)');
  await page.check('input[name=repeat][value=weekly]');
  await page.fill('#date', '31/2/2026');
  await page.fill('#start_time', '10:00');
  await page.fill('#end_time', '12:00');
  await page.check('input[name=days][value=TU]');
  await page.fill('#every_weeks', '1');
  await next();
  await assertErrorState(page, 'step 2 (when) with errors');
  assert.ok(await page.isChecked('input[name=days][value=TU]'));
  await page.fill('#date', nextTuesday());
  await next();

  // Step 3, and Back to step 2 with everything kept.
  await atStep(3, 'Where it is');
  await assertAccessible(page, 'step 3 (where)');
  await page.check('input[name=venue][value=address]');
  await page.fill('#address', 'Kennington Community Hall, 1 Example Road');
  await page.fill('#postcode', 'SE11 5QY');
  await back();
  await atStep(2, 'When it happens');
  assert.equal(await page.locator('.kith-error-summary').count(), 0);
  assert.equal(await page.inputValue('#start_time'), '10:00');
  await next();
  await atStep(3, 'Where it is');
  assert.equal(await page.inputValue('#postcode'), 'SE11 5QY');
  await next();

  // Step 4: a price that is not one, then £3.50.
  await atStep(4, 'Who it is for, cost and access');
  await assertAccessible(page, 'step 4 (who, cost and access)');
  await page.check('input[name=cost_kind][value=price]');
  await page.fill('#cost', 'three pounds');
  await page.check('input[name=booking_required][value=no]');
  await page.check('input[name=audiences] >> nth=0');
  await page.fill('#first_visit', 'Sam meets you at the door. Come with a friend if you like.');
  await next();
  await assertErrorState(page, 'step 4 (who, cost and access) with errors');
  assert.match(normaliseText(await page.textContent('.kith-error-summary')), /price/i, 'the price is named');
  assert.ok(await page.isChecked('input[name=cost_kind][value=price]'));
  await page.fill('#cost', '3.50');
  await next();

  await atStep(5, 'Interests');
  await assertAccessible(page, 'step 5 (interests)');
  await page.check('input[name=interests] >> nth=0');
  await page.check('input[name=interests] >> nth=1');
  await next();

  await atStep(6, 'Contact details');
  await assertAccessible(page, 'step 6 (contact)');
  await page.fill('#contact_email', 'painting@example.org');
  await next();

  assert.equal(await page.textContent('h1'), 'Check your answers');
  const answers = await mainText(page);
  assert.ok(answers.includes(name), 'check your answers shows the name');
  assert.match(answers, /Tuesday/, 'the recurrence in words');
  assert.match(answers, /10:00/);
  assert.match(answers, /3\.50/);
  await assertAccessible(page, 'check your answers');

  // "Change" opens that page with everything kept and no errors; saving it
  // comes back to check your answers.
  await page.click(`${form} button[value=change-who]`);
  await atStep(4, 'Who it is for, cost and access');
  assert.equal(await page.locator('.kith-error-summary').count(), 0);
  assert.equal(await page.inputValue('#cost'), '3.50');
  await page.fill('#cost', '3.75');
  await next();
  assert.equal(await page.textContent('h1'), 'Check your answers');
  assert.match(await mainText(page), /3\.75/);
  await page.click(`${form} button[value=send]`);
  assert.equal(currentUrl(page), '/organise?done=proposed');
  assert.match(await mainText(page), /An editor will check your changes/);
  await assertAccessible(page, '/organise after sending');

  // It waits for review: on the dashboard as pending, not on the site.
  const row = page.locator('main tr', { hasText: name });
  assert.equal(await row.count(), 1, 'the new group is on the dashboard');
  assert.match(normaliseText(await row.textContent()), /Waiting|review|Pending/i);
  const editHref = await row.locator('a[href$="/edit"]').getAttribute('href');
  const listingId = editHref.match(/\/organise\/listings\/(\d+)\/edit/)[1];
  await visit(page, publicPath, 404);
  await assertAccessible(page, `${publicPath} (404 while pending)`);

  // ---- 2. The editor reviews and approves it ---------------------------
  const editor = await signedIn(EDITOR);
  page = editor.page;
  await visit(page, '/editor');
  await assertAccessible(page, '/editor');
  await page.click(`main a:has-text("${name}")`);
  assert.match(new URL(page.url()).pathname, /^\/editor\/proposals\/\d+$/);
  const proposalPath = new URL(page.url()).pathname;
  assert.equal(await page.textContent('h1'), `Review ${name}`);
  const diff = await mainText(page);
  assert.ok(diff.includes('A friendly painting group'), 'the difference shows the summary');
  assert.match(diff, /Tuesday/);
  await assertAccessible(page, '/editor/proposals/{id}');

  // Refusing without a reason is a mistake the page explains.
  await page.click('main button:has-text("Do not publish")');
  assert.equal(new URL(page.url()).pathname, proposalPath + '/reject');
  await assertErrorState(page, '/editor/proposals/{id} reject with errors');

  await page.click('main button:has-text("Approve and publish")');
  assert.equal(currentUrl(page), '/editor?done=approved');
  await assertAccessible(page, '/editor after approving');
  assert.equal(await page.locator(`main a:has-text("${name}")`).count(), 0, 'the proposal has left the queue');

  await visit(page, publicPath);
  assert.equal(normaliseText(await page.textContent('h1')), name);
  assert.match(await mainText(page), /Tuesday/);
  await assertAccessible(page, publicPath);

  await visit(page, `/editor/listings/${listingId}`);
  await assertAccessible(page, '/editor/listings/{id}');

  // A visitor (no account) reports a problem with the new group.
  const visitor = await newPage(browser);
  try {
    const vpage = visitor.page;
    await visit(vpage, publicPath);
    await vpage.click('main a:has-text("Report a problem with this page")');
    assert.equal(new URL(vpage.url()).pathname, `${publicPath}/report`);
    await assertAccessible(vpage, '/groups/{slug}/report');
    await vpage.check('input[name=kind][value=something_else]');
    await vpage.fill('#reporter_email', 'not an email');
    await vpage.click('main button[type=submit]');
    await assertErrorState(vpage, '/groups/{slug}/report with errors');
    assert.equal(await vpage.inputValue('#reporter_email'), 'not an email');
    assert.ok(await vpage.isChecked('input[name=kind][value=something_else]'));
    await vpage.fill('#details', 'The hall says the group now starts at 10:30.');
    await vpage.fill('#reporter_email', 'visitor@example.org');
    await vpage.click('main button[type=submit]');
    assert.equal(await vpage.textContent('h1'), 'Thank you');
    await assertAccessible(vpage, 'report sent');
  } finally {
    await visitor.context.close();
  }

  await visit(page, '/editor');
  const reportLink = page.locator(`main a[href^="/editor/reports/"]:has-text("${name}")`);
  assert.equal(await reportLink.count(), 1, 'the report is in the editors\' queue');
  await reportLink.click();
  assert.equal(normaliseText(await page.textContent('h1')), `Problem with ${name}`);
  assert.match(await mainText(page), /starts at 10:30/);
  await assertAccessible(page, '/editor/reports/{id}');
  // A note is needed: the error state, then with one.
  await page.click('main button:has-text("Mark as resolved")');
  await assertErrorState(page, '/editor/reports/{id} with errors');
  await page.fill('#note', 'Asked the organiser to update the times.');
  await page.click('main button:has-text("Mark as resolved")');
  assert.equal(currentUrl(page), '/editor?done=resolved');

  // ---- 3. The organiser: history, dates, co-organisers -----------------
  page = organiser.page;
  await visit(page, '/organise');
  assert.match(normaliseText(await page.locator('main tr', { hasText: name }).textContent()), /Published|On the site/i);
  await assertAccessible(page, '/organise with the group published');

  await visit(page, `/organise/listings/${listingId}/history`);
  assert.equal(normaliseText(await page.textContent('h1')), `History of ${name}`);
  assert.ok((await page.locator('main tbody tr').count()) >= 1, 'the published version is listed');
  await assertAccessible(page, '/organise/listings/{id}/history');

  await visit(page, `/organise/listings/${listingId}/edit`);
  assert.equal(await page.inputValue('#name'), name);
  await assertAccessible(page, '/organise/listings/{id}/edit');
  await page.click(`main form[action="/organise/listings/${listingId}/edit"] button[value=continue]`);
  assert.equal(await page.textContent('h1'), 'When it happens');
  assert.ok(await page.isChecked('input[name=days][value=TU]'));
  await assertAccessible(page, '/organise/listings/{id}/edit step 2');

  await visit(page, `/organise/listings/${listingId}/dates`);
  assert.equal(normaliseText(await page.textContent('h1')), `Dates of ${name}`);
  await assertAccessible(page, '/organise/listings/{id}/dates');
  const datesForm = `main form[action="/organise/listings/${listingId}/dates"]`;
  await page.click(`${datesForm} button[type=submit]`);
  await assertErrorState(page, '/organise/listings/{id}/dates with errors');
  const firstDate = normaliseText(await page.locator(`${datesForm} label[for=occurrence]`).textContent());
  await page.check('#occurrence');
  await page.fill('#reason', 'Hall closed for repairs');
  await page.click(`${datesForm} button[type=submit]`);
  assert.equal(currentUrl(page), `/organise/listings/${listingId}/dates`);
  const cancelled = await mainText(page);
  assert.ok(cancelled.includes(`${firstDate}: Hall closed for repairs`), 'the cancelled date is listed with its reason');
  await assertAccessible(page, '/organise/listings/{id}/dates after cancelling');
  await visit(page, publicPath);
  assert.match(await mainText(page), /Hall closed for repairs/, 'the listing shows the cancellation');

  const organisersPath = `/organise/organisations/${orgId}/organisers`;
  await visit(page, organisersPath);
  assert.equal(normaliseText(await page.textContent('h1')), `Organisers of ${orgName}`);
  await assertAccessible(page, organisersPath);
  const addForm = `main form[action="${organisersPath}"]`;
  // A malformed address is answered on the form (an address with no
  // account would get an invitation instead).
  await page.fill('#email', 'nobody-here@');
  await page.click(`${addForm} button[type=submit]`);
  await assertErrorState(page, `${organisersPath} with errors`);
  assert.equal(await page.inputValue('#email'), 'nobody-here@');
  // An address with no account gets an invitation, listed as waiting
  // until it is withdrawn.
  const invited = `e2e-invited-${stamp}@example.org`;
  await page.fill('#email', invited);
  await page.click(`${addForm} button[type=submit]`);
  assert.equal(currentUrl(page), organisersPath);
  const invitation = page.locator('main tr', { hasText: invited });
  assert.equal(await invitation.count(), 1, 'the invitation is listed as waiting');
  await assertAccessible(page, `${organisersPath} with an invitation waiting`);
  await invitation.locator('button:has-text("Withdraw")').click();
  assert.equal(currentUrl(page), `${organisersPath}?done=withdrawn`);
  assert.match(await mainText(page), /The invitation was withdrawn/);
  assert.ok(!(await mainText(page)).includes(invited), 'the invitation is gone');
  await assertAccessible(page, `${organisersPath} after withdrawing an invitation`);
  // Add the demo member, then remove them again.
  await page.fill('#email', MEMBER);
  await page.click(`${addForm} button[type=submit]`);
  assert.equal(currentUrl(page), organisersPath);
  assert.ok((await mainText(page)).includes(MEMBER), 'the member is an organiser');
  await assertAccessible(page, `${organisersPath} with two organisers`);
  await page
    .locator('main tr', { hasText: MEMBER })
    .locator('button:has-text("Remove")')
    .click();
  assert.equal(currentUrl(page), organisersPath);
  assert.ok(!(await mainText(page)).includes(MEMBER), 'the member is no longer an organiser');

  await editor.context.close();
  await organiser.context.close();

  // ---- 4. A member asks to run an organisation -------------------------
  const member = await signedIn(MEMBER);
  page = member.page;
  try {
    await visit(page, orgPublic);
    await assertAccessible(page, orgPublic);
    await page.click('main a:has-text("Is this your organisation?")');
    assert.equal(new URL(page.url()).pathname, `${orgPublic}/claim`);
    assert.equal(normaliseText(await page.textContent('h1')), `Is ${orgName} your organisation?`);
    await assertAccessible(page, '/organisations/{slug}/claim');
    await page.click('main button[type=submit]');
    await assertErrorState(page, '/organisations/{slug}/claim with errors');
    await page.fill('#message', 'I volunteer on Tuesdays and help run the painting group.');
    await page.click('main button[type=submit]');
    assert.equal(currentUrl(page), '/organise?done=claimed');
    await assertAccessible(page, '/organise for a member who asked to run one');
  } finally {
    await member.context.close();
  }

  // The editor sees the request.
  const editor2 = await signedIn(EDITOR);
  try {
    page = editor2.page;
    await visit(page, '/editor');
    const claim = page.locator('main a[href^="/editor/claims/"]', { hasText: orgName }).last();
    assert.ok((await claim.count()) >= 1, 'the claim is in the editors\' queue');
    await claim.click();
    await assertAccessible(page, '/editor/claims/{id}');
    await page.click('main button:has-text("Refuse")');
    await assertErrorState(page, '/editor/claims/{id} refuse with errors');
    await page.fill('#reason', 'We could not confirm this with the organisation.');
    await page.click('main button:has-text("Refuse")');
    assert.equal(currentUrl(page), '/editor?done=claim-refused');
  } finally {
    await editor2.context.close();
  }
});

/** The path and query of the page's address. */
function currentUrl(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

// The form pages refuse people who are not signed in, and editors' pages
// refuse organisers, before anything is shown.
test('publishing pages ask to sign in, and the editors\' queue is for editors', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage(browser);
  try {
    const response = await page.goto(url('/organise'));
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/organise');
  } finally {
    await context.close();
  }
  const organiser = await signedIn(ORGANISER);
  try {
    await visit(organiser.page, '/editor', 403);
    await assertAccessible(organiser.page, '/editor refused (403)');
  } finally {
    await organiser.context.close();
  }
});
