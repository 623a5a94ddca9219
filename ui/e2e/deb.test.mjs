// The installed .deb, end to end (run by scripts/deb-test.sh, which installs and reinstalls the
// package between the two phases). The app is the one dpkg put in /usr/bin, started through
// tauri-driver for a user with a fresh home and no XDG_* overrides, so the book goes where a real
// user's would: the app's folder under ~/.local/share.
//   DEB_PHASE=create  the welcome screen offers a path in the user's data folder; a book is created
//                     there; the version shown is the package's. The book's path is written to
//                     $DEB_STATE/book.
//   DEB_PHASE=reopen  after the reinstall the app opens that book by itself (the remembered last
//                     book) and its admin logs in.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Session, Keys, sleep } from './webdriver.mjs';

const APP = process.env.COOPBOOK_APP || '/usr/bin/coopbook-app';
const PHASE = process.env.DEB_PHASE;
const STATE = process.env.DEB_STATE;
const HOME = process.env.DEB_HOME;
const VERSION = process.env.DEB_VERSION;
const OUT = process.env.DEB_SHOTS;
const PASSWORD = 'deb-admin-pass-2025';
const PORT = 4464;
const COOP = '青山村十方田农产品专业合作社';
let driver;
let s;

assert.ok(STATE && HOME && VERSION && OUT, 'DEB_STATE, DEB_HOME, DEB_VERSION and DEB_SHOTS are set by scripts/deb-test.sh');

async function launch() {
  // A user's own environment: their home, the default data and config folders.
  const env = { ...process.env, HOME, COOPBOOK_NO_OPEN: '1' };
  for (const k of ['XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'COOPBOOK_DB']) delete env[k];
  driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  s = await Session.start(`http://127.0.0.1:${PORT}`, { 'tauri:options': { application: APP } });
}

after(async () => {
  if (s) await s.end();
  if (driver) driver.kill();
  await sleep(500);
  try {
    execFileSync('pkill', ['-x', 'coopbook-app']);
  } catch {
    // none left, as it should be
  }
});

async function shot(name) {
  await sleep(600);
  await s.screenshot(path.join(OUT, `${name}.png`));
}

const footText = () => s.execute("const e = document.querySelector('.welcome-foot, .sidebar-foot'); return e ? e.innerText : ''");

test('the installed app creates a book in the user data folder', { skip: PHASE !== 'create', timeout: 120000 }, async () => {
  await launch();
  await s.find('welcome', { timeout: 30000 });
  assert.ok((await footText()).includes(VERSION), `the welcome screen shows version ${VERSION}`);
  await shot('deb-01-welcome');
  await s.click('welcome-create');
  // The path offered is in the user's data folder (the app's folder under ~/.local/share).
  await s.find('coop-path');
  const offered = await s.execute("const e = document.querySelector('[data-testid=\"coop-path\"]'); return (e.matches('input') ? e : e.querySelector('input')).value");
  const dataDir = path.join(HOME, '.local/share/cn.coopbook.desktop');
  assert.ok(offered.startsWith(dataDir + path.sep), `the offered path ${offered} is under ${dataDir}`);
  await s.type('coop-name', COOP);
  await s.type('coop-uscc', '91350100M000100Y43');
  await s.type('coop-village', '青山村');
  await s.type('coop-township', '白云乡');
  await s.type('coop-county', '示范县');
  // through the setup's steps: the charter's defaults, the collective as member no. 1, the
  // admin's password, the backups beside the book (in the same data folder)
  const step = () => s.execute("return document.querySelector('.setup-step').dataset.step");
  const next = async (to) => {
    await s.click('setup-next');
    await s.until(async () => (await step()) === to, `the ${to} step`);
  };
  await next('charter');
  await next('collective');
  await s.type('collective-name', '青山村股份经济合作社');
  await s.type('collective-uscc', 'N2350125MF0000123N');
  await next('admin');
  await s.type('coop-password', PASSWORD);
  await s.type('coop-password2', PASSWORD);
  await next('backup');
  assert.equal(await s.text('backup-target'), path.join(path.dirname(offered), '备份'));
  await next('confirm');
  await shot('deb-02-create');
  await s.click('coop-create-submit');
  await s.find('users', { timeout: 15000 });
  assert.equal(await s.text('user-current'), '管理员 · admin');
  assert.ok(fs.existsSync(offered), 'the book file was created where offered');
  assert.ok((await footText()).includes(VERSION), `the sidebar shows version ${VERSION}`);
  // the setup made the village collective member no. 1
  await s.click('nav-members');
  await s.until(async () => /青山村股份经济合作社[\s\S]*N235\*{10}123N[\s\S]*村集体/.test(await s.text('member-row-1')), 'the collective as member no. 1');
  await shot('deb-03-created');
  fs.writeFileSync(path.join(STATE, 'book'), offered);
});

test('after the reinstall the app reopens the book and its admin logs in', { skip: PHASE !== 'reopen', timeout: 120000 }, async () => {
  const book = fs.readFileSync(path.join(STATE, 'book'), 'utf8');
  await launch();
  await s.find('login', { timeout: 30000 });
  assert.equal(await s.text('login-coop'), COOP, 'the login screen names the remembered book\'s co-op');
  await s.type('login-user', 'admin');
  await s.type('login-password', PASSWORD);
  await s.keys(Keys.ENTER);
  await s.until(async () => (await s.text('user-current')) === '管理员 · admin', 'the admin to be logged in', 20000);
  await shot('deb-04-reopened');
  assert.ok(fs.existsSync(book));
});
