// The built sample county in a real browser (Debian's Chromium, driven by playwright-core).
// SANWU_SITE names the built site; screenshots go to target/screenshots/ for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { serve } from './serve.mjs';

const repo = path.resolve(import.meta.dirname, '../..');
const site = path.resolve(repo, process.env.SANWU_SITE || 'target/ci-site');
const shots = path.join(repo, 'target/screenshots');
let browser, server, base;

before(async () => {
  assert.ok(fs.existsSync(path.join(site, 'index.html')), `no built site at ${site}`);
  fs.mkdirSync(shots, { recursive: true });
  ({ server, url: base } = await serve(site));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

function firstDir(rel) {
  return fs.readdirSync(path.join(site, rel)).filter((n) => fs.statSync(path.join(site, rel, n)).isDirectory()).sort()[0];
}

function pagesToVisit() {
  const town = firstDir('towns');
  const village = firstDir(`towns/${town}`);
  const v = `towns/${town}/${village}`;
  const pick = (domain, test) => {
    const dir = path.join(site, v, domain);
    const id = fs.readdirSync(dir).sort().find((id) => test(fs.readFileSync(path.join(dir, id, 'index.html'), 'utf8')));
    return `${v}/${domain}/${id}/`;
  };
  return {
    home: '',
    town: `towns/${town}/`,
    village: `${v}/`,
    statement: pick('finance', (h) => h.includes('class="cashbook"')),
    decision: pick('affairs', (h) => h.includes('四议两公开')),
    beneficiaries: pick('affairs', (h) => h.includes('doc-affairs-beneficiaries')),
    enforcement: 'enforcement/',
    search: 'search/',
    item: `enforcement/${firstDir('enforcement')}/`,
  };
}

for (const width of [360, 1280]) {
  test(`no horizontal overflow at ${width} px`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const [name, rel] of Object.entries(pagesToVisit())) {
      const resp = await page.goto(base + rel);
      assert.equal(resp.status(), 200, rel);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: width === 360 && name !== 'enforcement' });
      assert.ok(overflow <= 0, `${rel} overflows by ${overflow}px at ${width}px`);
    }
    await page.close();
  });
}

test('the enforcement filter narrows the list and keeps its state in the URL', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(base + 'enforcement/');
  const visible = () => page.evaluate(() => [...document.querySelectorAll('#items li')].filter((li) => !li.hidden).length);
  assert.equal(await visible(), 728);
  assert.equal(await page.isVisible('#filters'), true, 'the filter form appears with JavaScript');

  await page.selectOption('select[name=type]', '行政检查');
  const inspections = await visible();
  assert.ok(inspections > 0 && inspections < 728, `${inspections}`);
  assert.ok(await page.evaluate(() => [...document.querySelectorAll('#items li')].filter((li) => !li.hidden).every((li) => li.dataset.t === '行政检查')));
  assert.match(decodeURIComponent(page.url()), /type=行政检查/);

  await page.fill('input[name=q]', '农药');
  const pesticides = await visible();
  assert.ok(pesticides > 0 && pesticides < inspections, `${pesticides}`);
  assert.match(decodeURIComponent(page.url()), /q=农药/);

  // A shared link restores the view.
  const shared = page.url();
  const other = await browser.newPage();
  await other.goto(shared);
  assert.equal(await other.evaluate(() => [...document.querySelectorAll('#items li')].filter((li) => !li.hidden).length), pesticides);
  assert.equal(await other.inputValue('input[name=q]'), '农药');
  await other.close();

  // The town page's link opens the town's view.
  await page.goto(base + 'enforcement/?town=zibai');
  const zibai = await visible();
  assert.ok(zibai > 0 && zibai < 728, `${zibai}`);
  assert.ok(await page.evaluate(() => [...document.querySelectorAll('#items li')].filter((li) => !li.hidden)
    .every((li) => li.dataset.w === 'all' || li.dataset.w.split(' ').includes('zibai'))));

  // Code search is case-insensitive.
  await page.goto(base + 'enforcement/');
  await page.fill('input[name=q]', 'ly-cf-001');
  assert.equal(await visible(), 1);
  await page.close();
});

test('the enforcement list works without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(base + 'enforcement/');
  assert.equal(await page.isVisible('#filters'), false);
  assert.equal(await page.locator('#items li').count(), 728);
  await ctx.close();
});

test('filtering one keystroke: timing (reported, not asserted)', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(base + 'enforcement/');
  const measured = await page.evaluate(() => {
    const input = document.querySelector('input[name=q]');
    const out = [];
    const labels = [];
    for (const q of ['农', '农药', '处', '处罚', '森', '森林', 'N', 'NY', '河', '河道', '', '检查']) {
      const t0 = performance.now();
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      void document.body.offsetHeight; // include the style and layout the change causes
      out.push(performance.now() - t0);
      labels.push(`${q || '(empty)'} ${(performance.now() - t0).toFixed(1)}`);
    }
    return { out, labels };
  });
  const { out: times, labels } = measured;
  process.stdout.write(`keystrokes (ms): ${labels.join(', ')}\n`);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const line = `enforcement filter keystroke: median ${median.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms over ${times.length} keystrokes\n`;
  process.stdout.write(line);
  fs.writeFileSync(path.join(repo, 'target/enforcement-filter-timing.txt'), line);
  await page.close();
});

// Queries as readers type them: a word, a one-character query, an enforcement code typed in
// full-width capitals (the reader folds it as the index did), and a long phrase.
for (const [query, expect] of [['低保', '低保'], ['鱼塘', '鱼塘'], ['鱼', '鱼'], ['ＬＹ-ＣＦ-００１', 'LY-CF-001'], ['村道修补工程', '村道修补工程']]) {
  test(`search finds “${query}”`, async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const transferred = [];
    page.on('response', async (r) => {
      if (r.url().includes('/search/index/')) transferred.push((await r.body().catch(() => Buffer.alloc(0))).length);
    });
    await page.goto(base + 'search/?q=' + encodeURIComponent(query));
    await page.waitForSelector('.search-results li', { timeout: 15000 });
    const titles = await page.$$eval('.search-results .title', (els) => els.map((e) => e.textContent));
    const excerpts = await page.$$eval('.search-results li', (els) => els.map((e) => e.textContent));
    const marks = await page.$$eval('.search-results mark', (els) => els.map((e) => e.textContent));
    assert.ok(titles.length > 0 && titles.length <= 10, `results: ${titles.length}`);
    assert.ok(excerpts.some((t) => t.toUpperCase().includes(expect)), `a result mentions ${expect}: ${titles.slice(0, 5).join(' | ')}`);
    assert.ok(marks.length > 0, 'the query is marked in the results');
    assert.match(await page.textContent('#search-status'), /找到 \d+ 个页面/);
    const href = await page.$eval('.search-results .title', (a) => a.getAttribute('href'));
    const resp = await page.goto(new URL(href, page.url()).href);
    assert.equal(resp.status(), 200, `result link ${href} works`);
    process.stdout.write(`search ${query}: ${titles.length} results shown, ${transferred.length} files and ${transferred.reduce((a, b) => a + b, 0)} bytes of index loaded\n`);
    await page.close();
  });
}

test('search: typing searches, the URL follows, more results load, nothing found is said', async () => {
  const page = await browser.newPage();
  await page.goto(base + 'search/');
  assert.equal(await page.isVisible('#search-form'), true, 'the form appears with JavaScript');
  await page.fill('#search-q', '公开');
  await page.waitForSelector('.search-results li');
  assert.match(decodeURIComponent(page.url()), /\?q=公开$/);
  const status = await page.textContent('#search-status');
  const total = Number(status.match(/找到 (\d+) 个页面/)[1]);
  assert.ok(total > 10, status);
  assert.equal(await page.locator('.search-results li').count(), 10);
  await page.click('#search-more');
  await page.waitForFunction(() => document.querySelectorAll('.search-results li').length > 10);
  assert.equal(await page.locator('.search-results li').count(), Math.min(20, total));
  await page.fill('#search-q', '甲乙丙丁戊');
  await page.waitForFunction(() => document.querySelector('#search-status').textContent.includes('没有找到'));
  assert.equal(await page.locator('.search-results li').count(), 0);
  await page.close();
});

test('search without JavaScript says how else to find a page', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(base + 'search/');
  assert.equal(await page.isVisible('#search-form'), false);
  assert.ok((await page.textContent('main')).includes('搜索需要启用 JavaScript'));
  await ctx.close();
});

test('axe-core finds no WCAG 2.1 AA violations', async () => {
  const axe = fs.readFileSync(path.join(import.meta.dirname, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const pages = pagesToVisit();
  const revision = (() => {
    const dir = path.join(site, pages.statement, 'history');
    const first = fs.existsSync(dir) ? fs.readdirSync(dir).sort()[0] : null;
    return first ? `${pages.statement}history/${first}/` : null;
  })();
  const targets = { home: pages.home, village: pages.village, statement: pages.statement, enforcement: pages.enforcement, search: pages.search, changes: 'changes/' };
  if (revision) targets.revision = revision;
  const page = await browser.newPage();
  const problems = [];
  for (const [name, rel] of Object.entries(targets)) {
    await page.goto(base + rel);
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations
        .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target}`));
    for (const v of result) problems.push(`${name}: ${v}`);
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test('the print view has the QR code and no navigation', async () => {
  const page = await browser.newPage();
  await page.goto(base + pagesToVisit().statement);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.print-qr svg'), true, 'QR code printed');
  assert.ok((await page.textContent('.print-qr')).includes('扫码查看在线版本及修改记录'));
  assert.equal(await page.isVisible('.site-header'), false, 'no navigation on paper');
  assert.equal(await page.isVisible('.print-place'), true, 'village, title and period on paper');
  // The code as Chromium draws it for paper scans to the page's own address.
  const png = PNG.sync.read(await page.locator('.print-qr svg').screenshot({ scale: 'device' }));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, `no QR code found in the ${png.width}×${png.height} drawing`);
  assert.equal(code.data, (await page.textContent('.print-qr .permalink')).trim());
  assert.ok(code.data.endsWith(pagesToVisit().statement), code.data);
  await page.pdf({ path: path.join(shots, 'statement-print.pdf'), format: 'A4' });
  await page.close();
});
