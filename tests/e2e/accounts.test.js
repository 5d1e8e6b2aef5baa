// Accounts in a real browser: sign up, the emailed link (read from the
// SMTP server's maildir, see helpers.js), choosing a password, signing out and in
// again, with an axe audit of every account page and of a form in its error
// state.
//
// Run by scripts/test against `kith serve --demo`; KITH_URL gives the server
// and KITH_MAILDIR where its email arrives.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible, withPage as openPage, url, waitForEmail } from './helpers.js';

const TEST_TIMEOUT = 120_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});
const withPage = (fn, options) => openPage(browser, fn, options);

/** Waits for an email to `to` containing `path` + a 64-hex token and returns the token. */
async function emailedToken(to, path, since) {
  const pattern = new RegExp(path.replace(/\//g, '\\/') + '([0-9a-f]{64})');
  const email = await waitForEmail(to, path, since);
  const m = email.text.match(pattern);
  assert.ok(m, `the email to ${to} has a ${path} link`);
  return m[1];
}

test('sign up, confirm by email, choose a password, sign out and in again', { timeout: TEST_TIMEOUT }, async () => {
  const email = `e2e-${Date.now()}@example.org`;
  const started = Date.now() - 1000;
  await withPage(async (page) => {
    await visit(page, '/sign-up');
    await assertAccessible(page, '/sign-up');

    // Errors: summary, messages by the fields, what was typed kept; still accessible.
    await page.fill('#display_name', 'Sam');
    await page.fill('#email', 'sam@');
    await page.click('button[type=submit]');
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.isVisible('.kith-error-summary'));
    assert.equal(await page.inputValue('#display_name'), 'Sam');
    await assertAccessible(page, '/sign-up with errors');

    await page.fill('#email', email);
    await page.click('button[type=submit]');
    assert.equal(await page.textContent('h1'), 'Check your email');

    const token = await emailedToken(email, '/verify/', started);
    await visit(page, `/verify/${token}`);
    await assertAccessible(page, '/verify/…');
    await page.click('button[type=submit]');
    assert.match(page.url(), /\/account\/password\?welcome=1$/);
    await assertAccessible(page, '/account/password');

    await page.fill('#password', 'violet kettle harbour');
    await page.fill('#confirm', 'violet kettle harbour');
    await page.click('button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.ok((await page.textContent('main')).includes(email));
    await assertAccessible(page, '/account');
    assert.ok(await page.isVisible('header a[href="/account"]'), 'header says Your account');

    // Sign out, then back in with the password.
    await page.click('form[action="/sign-out"] button');
    assert.equal(await page.textContent('h1'), 'You have signed out');
    await visit(page, '/sign-in');
    await assertAccessible(page, '/sign-in');
    await page.fill('#email', email);
    await page.fill('#password', 'violet kettle harbour');
    await page.click('button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/account');

    for (const path of ['/account/name', '/account/email', '/account/professional', '/account/delete']) {
      await visit(page, path);
      await assertAccessible(page, path);
    }
  });
});

test('the sign-in link and password reset pages are accessible and keep what was typed', { timeout: TEST_TIMEOUT }, async () => {
  await withPage(async (page) => {
    for (const path of ['/sign-in/link', '/reset-password']) {
      await visit(page, path);
      await assertAccessible(page, path);
      await page.fill('#email', 'not an email');
      await page.click('button[type=submit]');
      assert.equal(await page.inputValue('#email'), 'not an email');
      await assertAccessible(page, `${path} with errors`);
    }
    // An account page while signed out goes to sign in and comes back after.
    const response = await page.goto(url('/account/name'));
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/account/name');
  });
});
