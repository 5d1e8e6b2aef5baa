// A self-referral on a phone-sized window (375×667, an iPhone SE): from the
// "Get help" link in the header through every step to the confirmation with
// its reference, with one error state on the way (and what was typed kept),
// a change from the check page, and an axe audit (WCAG 2.2 AA) of every
// page and state. Nothing may need sideways scrolling at this width. Then
// the professional referral the same way, its seven topics and check page
// audited, with one error state.
//
// Run by scripts/test against `kith serve --demo`. It sends two referrals
// from 127.0.0.1, well inside the per-address limit.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible as axeCheck, newPage, normaliseText } from './helpers.js';

const TEST_TIMEOUT = 180_000;
const PHONE = { width: 375, height: 667 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  console.log(`axe (WCAG 2.2 AA) found nothing on ${audited.length} referral pages and states:\n  ${audited.join('\n  ')}`);
});

const audited = [];

/** One h1, no sideways scrolling at phone width, and no axe violations. */
async function assertAccessible(page, label) {
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: the page is ${overflow}px wider than a 375px screen`);
  await axeCheck(page, label);
  audited.push(label);
}

/** The progress line and the heading of the step shown. */
async function assertStep(page, n, heading) {
  assert.equal(normaliseText(await page.textContent('main .kith-caption-m')), `Step ${n} of 5`);
  assert.equal(normaliseText(await page.textContent('h1')), heading);
}

async function continueTo(page) {
  await Promise.all([page.waitForNavigation(), page.click('main button[value=continue]')]);
}

test('a self-referral on a phone, step by step, to its reference', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    // From any page's "Get help".
    await visit(page, '/');
    await Promise.all([page.waitForNavigation(), page.click('header a[href="/get-help"]')]);
    await assertAccessible(page, '/get-help (phone)');
    await Promise.all([page.waitForNavigation(), page.click('main a[href="/get-help/refer-yourself"]')]);
    assert.equal(new URL(page.url()).pathname, '/get-help/refer-yourself');

    // Step 1, first with a mistake: the error summary takes the focus, the
    // message is beside its field, and what was typed stays.
    await assertStep(page, 1, 'About you');
    await assertAccessible(page, 'step 1: about you');
    await page.fill('#name', 'Ann E2E');
    await page.fill('#phone', 'call me');
    await continueTo(page);
    assert.match(await page.title(), /^Error: About you/);
    assert.ok(
      await page.evaluate(() => document.activeElement?.classList.contains('kith-error-summary')),
      'the error summary has the focus, so it is read first',
    );
    const links = await page.$$eval('.kith-error-summary a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['#phone']);
    assert.equal(await page.locator('#phone-error').count(), 1, 'a message beside the phone field');
    assert.equal(await page.inputValue('#name'), 'Ann E2E');
    assert.equal(await page.inputValue('#phone'), 'call me');
    await assertAccessible(page, 'step 1: error state');
    assert.equal(await page.locator('input#phone').count(), 1, 'the summary link leads to the field');

    await page.fill('#phone', '020 7946 0000');
    await page.fill('#email', 'ann.e2e@example.org');
    await page.check('#contact_methods'); // phone
    await page.fill('#contact_times', 'Weekday mornings');
    await page.check('#safe_to_leave_message'); // yes
    await continueTo(page);

    await assertStep(page, 2, 'Where do you live?');
    await assertAccessible(page, 'step 2: where');
    await page.fill('#postcode', 'se11 5qy');
    await continueTo(page);

    await assertStep(page, 3, 'What do you enjoy, or would like to try?');
    await assertAccessible(page, 'step 3: interests');
    await page.check('#interests');
    await page.fill('#interests_other', 'Singing');
    await continueTo(page);

    await assertStep(page, 4, 'Is there anything that makes going out hard?');
    await assertAccessible(page, 'step 4: going out');
    await page.fill('#barriers', 'Busy buses');
    await page.fill('#access_needs', 'Large print');
    await continueTo(page);

    await assertStep(page, 5, 'Can we keep what you tell us?');
    await assertAccessible(page, 'step 5: consent');
    await page.check('#consent');
    await continueTo(page);

    // Check the answers, change one, and come back.
    assert.equal(normaliseText(await page.textContent('h1')), 'Check your answers before sending');
    await assertAccessible(page, 'check your answers');
    const answers = normaliseText(await page.textContent('main .kith-summary-list'));
    for (const answer of ['Ann E2E', '020 7946 0000', 'ann.e2e@example.org', 'se11 5qy', 'Singing', 'Busy buses', 'Large print']) {
      assert.ok(answers.includes(answer), `${answer} on the check page`);
    }
    await Promise.all([page.waitForNavigation(), page.click('#postcode button[value=change-where]')]);
    await assertStep(page, 2, 'Where do you live?');
    assert.equal(await page.inputValue('#postcode'), 'se11 5qy');
    await page.fill('#postcode', 'SE11 5QY');
    await continueTo(page);
    assert.equal(normaliseText(await page.textContent('h1')), 'Check your answers before sending');
    assert.ok(normaliseText(await page.textContent('#postcode')).includes('SE11 5QY'));

    // Send: the confirmation with its reference.
    await Promise.all([page.waitForNavigation(), page.click('main button[value=send]')]);
    assert.equal(normaliseText(await page.textContent('h1')), 'Request sent');
    const text = normaliseText(await page.textContent('main'));
    assert.match(text, /Your reference is KC-[0-9A-Z]{5}/);
    assert.ok(text.includes('What happens next'));
    await assertAccessible(page, 'confirmation');
    // The answers never went into an address.
    assert.equal(new URL(page.url()).search, '');
  } finally {
    await context.close();
  }
});

test('a professional referral on a phone, one topic a page, audited', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  const step = async (n, heading) => {
    assert.equal(normaliseText(await page.textContent('main .kith-caption-m')), `Step ${n} of 7`);
    assert.equal(normaliseText(await page.textContent('h1')), heading);
    await assertAccessible(page, `professional step ${n}: ${heading}`);
  };
  try {
    await visit(page, '/get-help/refer-someone');
    await step(1, 'About you');
    await page.fill('#referrer_name', 'Oti E2E');
    await page.fill('#referrer_email', 'oti.e2e@nhs.net');
    await continueTo(page);
    await step(2, 'The person you are referring');
    // The person's name is needed: the error state, audited.
    await continueTo(page);
    assert.match(await page.title(), /^Error: The person you are referring/);
    assert.equal(await page.locator('#name-error').count(), 1);
    await assertAccessible(page, 'professional step 2: error state');
    await page.fill('#name', 'Bo E2E');
    await continueTo(page);
    await step(3, 'How can we get in touch with them?');
    await page.fill('#phone', '020 7946 0002');
    await page.check('#contact_methods');
    await continueTo(page);
    await step(4, 'What do they enjoy, or would like to try?');
    await continueTo(page);
    await step(5, 'Is there anything that makes going out hard for them?');
    await continueTo(page);
    await step(6, 'Why are you referring them?');
    await page.fill('#reason', 'Would like company');
    await continueTo(page);
    await step(7, 'Their agreement, and updates for you');
    await page.check('#person_agreed');
    await continueTo(page);
    assert.equal(normaliseText(await page.textContent('h1')), 'Check the referral before sending');
    await assertAccessible(page, 'professional: check the referral');
    await Promise.all([page.waitForNavigation(), page.click('main button[value=send]')]);
    assert.equal(normaliseText(await page.textContent('h1')), 'Request sent');
    assert.match(normaliseText(await page.textContent('main')), /Your reference is KC-[0-9A-Z]{5}/);
  } finally {
    await context.close();
  }
});
