// The connecting team in a real browser, on the demo referrals: the manager
// sees the queue (with an overdue first contact), allocates an assessed
// referral to the demo coach (first with nothing chosen), the coach finds it
// on their caseload, starts the programme and pauses it (first without a
// reason); the manager closes it, which needs a reason because it is the
// coach's case, looks at the audit trail and the printable record, and is
// asked before erasing. Every page and error state is audited with axe-core.
//
// Run by scripts/test against a fresh `kith serve --demo`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible as axeCheck, newPage, normaliseText } from './helpers.js';

const TEST_TIMEOUT = 300_000;
const PASSWORD = 'kith demo password';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function assertAccessible(page, label) {
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  await axeCheck(page, label);
}

async function signedIn(email) {
  const { context, page } = await newPage(browser);
  await visit(page, '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
  assert.notEqual(new URL(page.url()).pathname, '/sign-in', `${email} could not sign in`);
  return { context, page };
}

async function mainText(page) {
  return normaliseText(await page.textContent('main'));
}

async function assertErrorState(page, label, message) {
  assert.match(await page.title(), /^Error: /, `${label}: title starts "Error: "`);
  assert.ok(await page.isVisible('.kith-error-summary'), `${label}: error summary shown`);
  assert.match(await mainText(page), message);
  await assertAccessible(page, label);
}

/** Follows the link whose text is `text` inside main. */
async function follow(page, text) {
  await Promise.all([page.waitForLoadState('load'), page.click(`main a:text-is("${text}")`)]);
}

async function save(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
}

test('manager allocates, coach starts and pauses, manager closes, audits and is asked before erasing', { timeout: TEST_TIMEOUT }, async () => {
  const manager = await signedIn('manager@demo.kith.test');
  let page = manager.page;
  await visit(page, '/team/referrals');
  await assertAccessible(page, 'the queue');
  assert.match(await mainText(page), /Overdue first contact/);

  // An assessed referral, ready to allocate: the newest one is Jess's
  // (the demo team's made-up caseload has older ones).
  const row = page.locator('tbody tr', { hasText: 'Assessment' }).last();
  const reference = normaliseText(await row.locator('a').textContent());
  await Promise.all([page.waitForLoadState('load'), row.locator('a').click()]);
  const referralPath = new URL(page.url()).pathname;
  await assertAccessible(page, 'a referral');
  assert.match(await mainText(page), /Jess Sample/);

  await follow(page, 'Allocate to a coach or volunteer');
  await assertAccessible(page, 'the allocation page');
  await save(page);
  await assertErrorState(page, 'allocation with nobody chosen', /Choose who to allocate the referral to/);
  await page.locator('label', { hasText: /^coach \(coach\)/ }).click();
  await save(page);
  assert.match(await mainText(page), /The referral has been allocated\./);
  assert.match(await mainText(page), /Allocated to coach/);
  await assertAccessible(page, 'a referral just allocated');

  // The coach's caseload, then the programme starts and pauses.
  const coach = await signedIn('coach@demo.kith.test');
  page = coach.page;
  await visit(page, '/team/caseload');
  await assertAccessible(page, 'my caseload');
  assert.match(await mainText(page), /Jess Sample/);
  await Promise.all([page.waitForLoadState('load'), page.click('main a:text-is("Jess Sample")')]);
  await follow(page, 'Start the programme');
  await assertAccessible(page, 'the start page');
  await save(page);
  assert.match(await mainText(page), /The programme has started\./);
  await follow(page, 'Pause the programme');
  await save(page);
  await assertErrorState(page, 'a pause without a reason', /Say why the programme is pausing/);
  await page.fill('#reason', 'A stay in hospital');
  await save(page);
  assert.match(await mainText(page), /Active \(paused\)/);
  await assertAccessible(page, 'a paused referral');

  // The manager closes the coach's case: she must say why.
  page = manager.page;
  await visit(page, referralPath);
  await follow(page, 'Close the referral');
  await assertAccessible(page, 'the closing page');
  await page.locator('label', { hasText: 'Stopped taking part' }).click();
  await page.fill('#summary', 'Moved away; happy to be in touch again');
  await save(page);
  await assertErrorState(page, 'an override without a reason', /Say why you are changing a case allocated to someone else/);
  assert.equal(await page.inputValue('#summary'), 'Moved away; happy to be in touch again', 'what was typed is kept');
  await page.fill('#override_reason', 'The coach is on leave');
  await save(page);
  assert.match(await mainText(page), /The referral is closed\./);

  await follow(page, 'Who has seen or changed it');
  await assertAccessible(page, 'the audit trail');
  assert.match(await mainText(page), /The coach is on leave/);
  await visit(page, referralPath + '/print');
  await assertAccessible(page, 'the printable record');
  assert.match(await mainText(page), new RegExp(reference));
  await visit(page, referralPath + '/erase');
  await assertAccessible(page, 'the erase page');
  await save(page);
  await assertErrorState(page, 'erasing without a reason', /Say why you are erasing the details/);

  await visit(page, '/team/caseloads');
  await assertAccessible(page, "the team's caseloads");
  await visit(page, '/team/services');
  await assertAccessible(page, 'services');
  await visit(page, '/team/reports');
  await assertAccessible(page, 'the impact report');
  assert.match(await mainText(page), /Referrals received/);
  await visit(page, '/team/reports?from=31%2F02%2F2026&to=', 400);
  await assertAccessible(page, 'the impact report with errors');
  assert.match(await mainText(page), /Enter the start date as a real date/);

  await manager.context.close();
  await coach.context.close();
});
