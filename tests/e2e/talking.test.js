// Talking one to one and keeping people safe, in a real browser audited with
// axe-core: a member's home, profile (with a mistake in it), email settings,
// someone's profile, the inbox and a conversation (with an empty message
// sent), the list of people blocked, the report form (sent without a reason),
// and, for an editor, the moderation queue, one report and the log.
//
// Run by scripts/test against `kith serve --demo`, where the demo organiser
// and member share a group, take messages from its members, have written to
// each other, and a reply of the member's with a web address in it waits
// for a moderator; KITH_URL gives the server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible, newPage, normaliseText } from './helpers.js';

const TEST_TIMEOUT = 180_000;
const PASSWORD = 'kith demo password';
const MEMBER = 'member@demo.kith.test';
const EDITOR = 'editor@demo.kith.test';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

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

/** Submits the main form whose button says `label`. */
async function press(page, label) {
  await page.locator('main form button[type=submit]', { hasText: label }).click();
  await page.waitForLoadState('load');
}

/** The error summary and a message by the field, and the page still passes axe. */
async function showsErrors(page, label) {
  await page.waitForSelector('.kith-error-summary');
  assert.ok((await page.locator('.kith-error-message').count()) >= 1, `${label}: a message by the field`);
  await assertAccessible(page, `${label} (with errors)`);
}

test('a member: home, profile, email settings, messages, blocked list and reporting have no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await signedIn(MEMBER);
  try {
    await visit(page, '/home');
    await assertAccessible(page, '/home');

    // The profile form, with a name too long: the message is by the field
    // and what was typed is kept.
    await visit(page, '/account/profile');
    await assertAccessible(page, '/account/profile');
    const tooLong = 'Sam '.repeat(20).trim();
    await page.fill('#display_name', tooLong);
    await press(page, 'Save your profile');
    await showsErrors(page, '/account/profile');
    assert.equal(await page.inputValue('#display_name'), tooLong, 'what was typed is kept');

    await visit(page, '/account/notifications');
    await assertAccessible(page, '/account/notifications');

    await visit(page, '/account/blocked');
    await assertAccessible(page, '/account/blocked');

    // The inbox has the demo organiser's conversation.
    await visit(page, '/messages');
    await assertAccessible(page, '/messages');
    const conversation = await page
      .locator('main a[href^="/messages/"]')
      .first()
      .evaluate((a) => new URL(a.href).pathname);
    await visit(page, conversation);
    assert.match(await mainText(page), /red scarf/);
    await assertAccessible(page, conversation);

    // An empty message is refused next to the field.
    await page.fill('#body', '   ');
    await press(page, 'Send');
    await showsErrors(page, conversation);

    // The other person's profile, as a member of one of their groups sees it.
    const person = conversation.replace('/messages/', '/people/');
    await visit(page, person);
    await assertAccessible(page, person);

    // Reporting a message: sent without a reason, the form says what is missing.
    await visit(page, conversation);
    await page.locator('main a[href^="/report/message/"]').first().click();
    assert.match(new URL(page.url()).pathname, /^\/report\/message\/\d+$/);
    await assertAccessible(page, 'the report form');
    await press(page, 'Send the report');
    await showsErrors(page, 'the report form');
  } finally {
    await context.close();
  }
});

test('an editor: the moderation queue, a report held by the safety rules and the log have no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await signedIn(EDITOR);
  try {
    await visit(page, '/moderation');
    await assertAccessible(page, '/moderation');
    const reports = page.locator('main a[href^="/moderation/reports/"]');
    assert.ok((await reports.count()) >= 1, 'the demo has a reply waiting for a moderator');
    await reports.first().click();
    assert.match(new URL(page.url()).pathname, /^\/moderation\/reports\/\d+$/);
    assert.match(await mainText(page), /bus times/);
    await assertAccessible(page, 'a report');

    // A note with nothing in it is refused next to the field.
    await press(page, 'Add the note');
    await showsErrors(page, 'a report');

    await visit(page, '/moderation/log');
    await assertAccessible(page, '/moderation/log');
  } finally {
    await context.close();
  }
});
