#!/usr/bin/env node
// materials-check.mjs — open rendered lecture materials the way a projector or a
// student would, offline, and fail on anything that would look broken.
//
// usage: node tools/materials-check.mjs FILE...     (FILE: *.html or *.pdf)
//
// HTML pages are read (any src/href/url()/@import pointing at http(s): or //host is
// a failure) and opened in Debian's headless chromium (puppeteer-core, no browser
// download). A page fails on
//   - a request that is not file: or data: (it would need the network),
//   - a file it asks for that is not there, or an image that did not load,
//   - a JavaScript error,
//   - a blank page (no text and no image),
//   - for a Marp deck: a slide whose content overflows the slide, a code block wider
//     than the slide, or a slide with nothing on it.
// A PDF fails when pdfinfo cannot read it, when a page has no text (pdftotext), or,
// for build/pdf/slides/NAME.pdf checked together with build/slides/NAME.html, when
// its page count is not the deck's slide count.
//
// Every problem is printed as "FILE: reason"; the exit status is 1 if there is any.
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename, dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';

const files = process.argv.slice(2);
if (files.length === 0) {
    console.error('usage: node tools/materials-check.mjs FILE.html|FILE.pdf...');
    process.exit(2);
}

const problems = [];
const report = (file, reason) => problems.push(`${file}: ${reason}`);
const slideCounts = new Map(); // "slides/NAME" -> number of slides in the HTML deck
const key = (file) => `${basename(dirname(resolve(file)))}/${basename(file, extname(file))}`;
const short = (url) => (url.length > 90 ? `${url.slice(0, 87)}...` : url);

const CHROMIUM_FLAGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-extensions',
];

// The same rule read from the file itself, so that a reference is caught even where
// the browser would not fetch it on this page (a hidden slide, a lazy image).
// XML namespaces and license comments mention http(s) URLs but load nothing.
const REMOTE = /(?:\b(?:src|href|poster|srcset)\s*=\s*["']?|url\(\s*(?:&quot;|["'])?|@import\s+(?:url\()?["']?)(?:https?:)?\/\/[^"')\s>]+/gi;

function checkSource(file) {
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(REMOTE)) report(file, `remote resource in the HTML: ${short(m[0])}`);
}

async function checkPage(browser, file) {
    if (!existsSync(file)) return report(file, 'no such file');
    checkSource(file);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('file:') || url.startsWith('data:')) return req.continue();
        report(file, `request that leaves the machine: ${short(url)}`);
        return req.abort('blockedbyclient');
    });
    page.on('requestfailed', (req) => {
        const url = req.url();
        if (url.startsWith('file:')) report(file, `missing file: ${decodeURIComponent(url.replace(/^file:\/\//, ''))}`);
    });
    page.on('pageerror', (err) => report(file, `JavaScript error: ${String(err.message ?? err).split('\n')[0]}`));

    try {
        await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load', timeout: 30000 });
        await page.evaluate(() => document.fonts.ready);
    } catch (err) {
        report(file, `did not load: ${err.message}`);
        await page.close();
        return;
    }

    const found = await page.evaluate(async () => {
        const out = { problems: [], slides: 0 };
        const loads = (src) => new Promise((ok) => {
            const img = new Image();
            img.onload = () => ok(img.naturalWidth > 0);
            img.onerror = () => ok(false);
            img.src = src;
        });
        const short = (url) => (url.length > 90 ? `${url.slice(0, 87)}...` : url);

        // Images: <img> elements and CSS background images (Marp's ![bg](...)).
        for (const img of document.images) {
            if (!img.complete || img.naturalWidth === 0) {
                out.problems.push(`image did not load: ${short(img.getAttribute('src') ?? '')}`);
            }
        }
        const backgrounds = new Set();
        for (const el of document.querySelectorAll('*')) {
            const bg = getComputedStyle(el).backgroundImage;
            for (const m of bg.matchAll(/url\("?([^")]+)"?\)/g)) backgrounds.add(m[1]);
        }
        for (const src of backgrounds) {
            if (!(await loads(src))) out.problems.push(`background image did not load: ${short(src)}`);
        }

        const sections = [...document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section')];
        if (sections.length > 0) {
            out.slides = sections.length;
            sections.forEach((s, i) => {
                const n = i + 1;
                const over = s.scrollHeight - s.clientHeight;
                if (over > 1) out.problems.push(`slide ${n}: content overflows the slide by ${over}px (of ${s.clientHeight}px)`);
                const wide = s.scrollWidth - s.clientWidth;
                if (wide > 1) out.problems.push(`slide ${n}: content is ${wide}px wider than the slide`);
                for (const pre of s.querySelectorAll('pre')) {
                    if (pre.scrollWidth - pre.clientWidth > 1) {
                        out.problems.push(`slide ${n}: a code block is wider than its box (${pre.scrollWidth}px > ${pre.clientWidth}px)`);
                    }
                }
                // textContent, not innerText: the slides not on screen are hidden, and
                // the page number is drawn by CSS, so it is not counted as content.
                const text = s.textContent.replace(/\s+/g, '');
                const pics = s.querySelectorAll('img, svg, figure, [style*="background-image"]').length;
                if (text === '' && pics === 0) out.problems.push(`slide ${n} is blank`);
            });
        } else {
            const text = (document.body?.innerText ?? '').trim();
            if (text.length < 20 && document.images.length === 0) out.problems.push('blank page (no text, no image)');
            for (const pre of document.querySelectorAll('pre')) {
                if (pre.scrollWidth - pre.clientWidth > 1) {
                    out.problems.push(`a code block is wider than the page: ${short(pre.innerText.split('\n')[0])}`);
                }
            }
        }
        return out;
    });
    for (const p of found.problems) report(file, p);
    if (found.slides > 0) slideCounts.set(key(file), found.slides);
    await page.close();
}

function checkPdf(file) {
    if (!existsSync(file)) return report(file, 'no such file');
    let pages;
    try {
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    } catch (err) {
        return report(file, `pdfinfo cannot read it: ${String(err.stderr ?? err.message).trim()}`);
    }
    if (pages === 0) return report(file, 'no pages');
    const expected = slideCounts.get(key(file));
    if (expected !== undefined && expected !== pages) {
        report(file, `${pages} pages, but the deck has ${expected} slides`);
    }
    for (let p = 1; p <= pages; p++) {
        const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', file, '-'],
            { encoding: 'utf8' });
        if (text.replace(/\s+/g, '') === '') report(file, `page ${p} of ${pages} has no text`);
    }
    return pages;
}

const profile = mkdtempSync(join(tmpdir(), 'materials-check-'));
const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: CHROMIUM_FLAGS,
});
let pages = 0;
let pdfs = 0;
let pdfPages = 0;
try {
    // Pages first: a deck's slide count is what its PDF must have.
    for (const f of files.filter((f) => f.endsWith('.html'))) {
        await checkPage(browser, f);
        pages++;
    }
} finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
}
for (const f of files.filter((f) => f.endsWith('.pdf'))) {
    pdfPages += checkPdf(f) ?? 0;
    pdfs++;
}
for (const f of files.filter((f) => !f.endsWith('.html') && !f.endsWith('.pdf'))) {
    report(f, 'neither .html nor .pdf');
}

if (problems.length > 0) {
    for (const p of problems) console.log(`FAIL ${p}`);
    console.log(`materials-check: ${problems.length} problem(s) in ${pages} page(s) and ${pdfs} PDF(s)`);
    process.exit(1);
}
const slides = [...slideCounts.values()].reduce((a, b) => a + b, 0);
console.log(`materials-check: ${pages} page(s) (${slideCounts.size} deck(s), ${slides} slides) and ${pdfs} PDF(s) (${pdfPages} pages) OK`);
