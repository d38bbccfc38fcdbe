#!/usr/bin/env node
// materials-check.mjs — open rendered lecture materials the way a projector or a
// student would, offline, and fail on anything that would look broken.
//
// usage: node tools/materials/materials-check.mjs FILE...     (FILE: *.html or *.pdf)
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
//   - text drawn in a font the page does not carry (a system font: chromium's own
//     record of the platform fonts each element's text used),
// and then every page is opened a second time in a chromium that has none of the
// machine's fonts (FONTCONFIG_FILE pointing at a configuration whose one font has no
// character, build/fonts/blank, or $IPCLAB_BLANK_FONTS): it must lay
// out exactly as before (every element in the same place and size), with no
// overflow, the same number of slides and, printed, the same number of pages. Pages
// that carry their fonts pass; a page that leans on a system font does not.
// A PDF fails when pdfinfo cannot read it, when a page has no text (pdftotext), when
// it uses a font that is not embedded or not one of the kit's (pdffonts: Inter,
// JetBrains Mono; a diagram's text included), or, for build/pdf/slides/NAME.pdf
// checked together with build/slides/NAME.html, when its page count is not the
// deck's slide count.
//
// Every problem is printed as "FILE: reason"; the exit status is 1 if there is any.
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename, dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';

const files = process.argv.slice(2);
if (files.length === 0) {
    console.error('usage: node tools/materials/materials-check.mjs FILE.html|FILE.pdf...');
    process.exit(2);
}

const problems = [];
const report = (file, reason) => problems.push(`${file}: ${reason}`);
const slideCounts = new Map(); // "slides/NAME" -> number of slides in the HTML deck
const layouts = new Map();     // FILE -> { slides, pages, boxes } as rendered with the machine's fonts
// The kit's faces (tools/materials/fonts); any other font in a page or a PDF came from the machine.
const KIT_FONTS = /^(Inter|JetBrains ?Mono)([- ]|$)/;
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

// Which fonts drew each element's own text: chromium's record (CSS.getPlatformFontsForNode).
// A font that is not a web font (isCustomFont false) is one of this machine's.
async function systemFontsUsed(page) {
    const cdp = await page.createCDPSession();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const used = new Map(); // family -> first element that used it
    const walk = async (node) => {
        const texts = (node.children ?? []).filter((c) => c.nodeType === 3 && c.nodeValue.trim() !== '');
        // Marp's on-screen controller (its buttons' labels are for screen readers) is
        // the viewer's chrome, not the slides'.
        if (node.nodeType === 1 && (node.attributes ?? []).includes('data-bespoke-marp-osc')) return;
        if (node.nodeType === 1 && texts.length > 0 && !['SCRIPT', 'STYLE', 'TITLE'].includes(node.nodeName)) {
            const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
            for (const f of fonts) {
                if (f.glyphCount > 0 && (!f.isCustomFont || !KIT_FONTS.test(f.familyName)) && !used.has(f.familyName)) {
                    used.set(f.familyName, `<${node.nodeName.toLowerCase()}> "${texts[0].nodeValue.trim().slice(0, 40)}"`);
                }
            }
        }
        for (const c of node.children ?? []) await walk(c);
    };
    await walk(root);
    await cdp.detach();
    return used;
}

// Where every element is, in CSS pixels: per slide for a deck, over the whole page
// for a handout. Two renders with the same fonts give the same list.
function layoutOf() {
    const box = (el, base) => `${el.tagName.toLowerCase()}@${Math.round(el.offsetLeft - (base?.offsetLeft ?? 0))},${Math.round(el.offsetTop - (base?.offsetTop ?? 0))} ${Math.round(el.offsetWidth)}x${Math.round(el.offsetHeight)} ${el.scrollWidth}x${el.scrollHeight}`;
    const sections = [...document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section')];
    if (sections.length > 0) {
        return sections.map((s, i) => [`slide ${i + 1}`, [...s.querySelectorAll('*')].filter((e) => e.offsetParent !== null || e.tagName === 'svg').map((e) => box(e, s)).join(' | ') + ` || ${s.scrollWidth}x${s.scrollHeight}`]);
    }
    const blocks = [...document.body.querySelectorAll('h1, h2, h3, h4, p, li, pre, table, tr, figure, img, blockquote, nav')];
    return blocks.map((e, i) => [`<${e.tagName.toLowerCase()}> #${i + 1} "${(e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`, box(e)])
        .concat([['the page', `${document.documentElement.scrollWidth}x${document.documentElement.scrollHeight}`]]);
}

// Printed page count of a handout, as chromium prints it (the stylesheet's @page).
async function printedPages(page, tmp) {
    const out = join(tmp, 'print.pdf');
    writeFileSync(out, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

async function checkPage(browser, file, mode = 'fonts') {
    if (!existsSync(file)) return report(file, 'no such file');
    const bare = mode === 'bare';
    // Without fonts, a page is compared with its first render; other faults were reported then.
    const say = bare ? (f, reason) => report(f, `with no system font: ${reason}`) : report;
    if (!bare) checkSource(file);
    // a context of its own: nothing cached from the page before (fonts, layout)
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('file:') || url.startsWith('data:')) return req.continue();
        if (!bare) report(file, `request that leaves the machine: ${short(url)}`);
        return req.abort('blockedbyclient');
    });
    page.on('requestfailed', (req) => {
        const url = req.url();
        if (url.startsWith('file:') && !bare) report(file, `missing file: ${decodeURIComponent(url.replace(/^file:\/\//, ''))}`);
    });
    page.on('pageerror', (err) => bare || report(file, `JavaScript error: ${String(err.message ?? err).split('\n')[0]}`));

    try {
        await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load', timeout: 30000 });
        await page.evaluate(() => document.fonts.ready);
        // Marp fits each code block to its slide (<marp-pre>, resize observers on
        // animation frames). Under load the first fitting can happen before the fonts
        // are in and stay so; a window that changes size (as a projector's does) fits
        // them again: do that once, then wait until the layout stops changing (3 s).
        const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.setViewport({ width: 1024, height: 576 });
        await frames();
        await page.setViewport({ width: 1280, height: 720 });
        await frames();
        let before = '';
        for (let i = 0; i < 30; i++) {
            await frames();
            const now = JSON.stringify(await page.evaluate(layoutOf));
            if (now === before) break;
            before = now;
            await new Promise((r) => setTimeout(r, 100));
        }
    } catch (err) {
        say(file, `did not load: ${err.message}`);
        await context.close();
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
    const layout = await page.evaluate(layoutOf);
    const pages = found.slides > 0 ? found.slides : await printedPages(page, profile);
    if (!bare) {
        for (const p of found.problems) report(file, p);
        if (found.slides > 0) slideCounts.set(key(file), found.slides);
        for (const [family, where] of await systemFontsUsed(page)) {
            report(file, `text in a font the page does not carry: "${family}" (first in ${where})`);
        }
        layouts.set(file, { slides: found.slides, pages, layout });
    } else {
        const first = layouts.get(file);
        for (const [family, where] of await systemFontsUsed(page)) {
            say(file, family === 'ipclab blank'
                ? `characters the page does not carry come out as boxes (first in ${where})`
                : `text in a font the page does not carry: "${family}" (first in ${where})`);
        }
        // only what the missing fonts changed: the first render reported the rest
        for (const p of found.problems) if (!first?.problems?.includes(p)) say(file, p);
        if (first) {
            const what = found.slides > 0 ? 'slides' : 'printed pages';
            if (first.pages !== pages) say(file, `${pages} ${what}, but ${first.pages} with this machine's fonts`);
            const a = new Map(first.layout);
            // the same boxes, give or take a pixel (centred content rounds either way)
            const same = (x, y) => {
                const nx = x.match(/-?\d+/g) ?? [], ny = y.match(/-?\d+/g) ?? [];
                return x.replace(/-?\d+/g, '#') === y.replace(/-?\d+/g, '#')
                    && nx.every((n, i) => Math.abs(Number(n) - Number(ny[i])) <= 1);
            };
            const moved = layout.filter(([k, v]) => a.has(k) && !same(a.get(k), v)).map(([k]) => k);
            const gone = first.layout.length !== layout.length;
            if (process.env.IPCLAB_LAYOUT_DEBUG) {
                for (const [k, v] of layout) if (a.has(k) && !same(a.get(k), v)) {
                    const x = a.get(k).split(' | '), y = v.split(' | ');
                    x.forEach((e, j) => e !== y[j] && console.error(`${file} ${k}: ${e}  ->  ${y[j]}`));
                }
            }
            if (moved.length > 0 || gone) {
                say(file, `the layout changes (${moved.length > 0 ? `${moved.slice(0, 3).join(', ')}${moved.length > 3 ? ` and ${moved.length - 3} more` : ''}` : 'elements differ'}): it depends on a font the page does not carry`);
            }
        }
    }
    if (!bare) layouts.get(file).problems = found.problems;
    await context.close();
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
    // pdffonts: name type encoding emb sub uni object-id; a subset's name is ABCDEF+Name
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    for (const line of fonts) {
        const cols = line.trim().split(/\s+/);
        const name = cols[0].replace(/^[A-Z]{6}\+/, '');
        const emb = cols[cols.length - 5];
        if (emb !== 'yes') report(file, `font not embedded: ${name}`);
        else if (!KIT_FONTS.test(name)) report(file, `font that is not the kit's: ${name} (a system font, or a diagram's)`);
    }
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
// A font configuration without the machine's fonts: chromium started with it has only
// the fonts a page carries. Its one font directory holds a face with no character at
// all (tools/materials/fonts writes it), because chromium loads no web font when fontconfig has
// no font whatsoever; any character a page does not carry comes out as a box.
const blankDir = resolve(process.env.IPCLAB_BLANK_FONTS ?? 'build/fonts/blank');
if (!existsSync(join(blankDir, 'ipclab-blank.ttf'))) {
    console.error(`materials-check: ${blankDir}/ipclab-blank.ttf is missing (tools/materials/fonts writes it; make slides)`);
    process.exit(2);
}
// The machine's rendering settings (hinting, antialiasing: conf.d) are kept, so that
// both renders place glyphs alike; none of its font directories is.
const confd = '/etc/fonts/conf.d';
const settings = existsSync(confd) ? readdirSync(confd).filter((f) => f.endsWith('.conf') && !f.includes('user'))
    .map((f) => join(confd, f)).filter((f) => !/<dir[\s>]/.test(readFileSync(f, 'utf8'))) : [];
const bareFonts = join(profile, 'fonts.conf');
writeFileSync(bareFonts, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n<dir>${blankDir}</dir>\n<cachedir>${join(profile, 'fc-cache')}</cachedir>\n`
    + settings.map((f) => `<include ignore_missing="yes">${f}</include>\n`).join('') + '</fontconfig>\n');
const launch = (dir, env) => puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    userDataDir: join(profile, dir),
    args: CHROMIUM_FLAGS,
    env: { ...process.env, ...env },
});
let pages = 0;
let pdfs = 0;
let pdfPages = 0;
try {
    // Pages first: a deck's slide count is what its PDF must have.
    const html = files.filter((f) => f.endsWith('.html'));
    const withFonts = await launch('fonts', {});
    const bare = await launch('bare', { FONTCONFIG_FILE: bareFonts, FONTCONFIG_PATH: profile });
    // Marp fits code blocks with resize observers; on a loaded machine that fitting
    // now and then settles on a stale size. A layout fault that is real comes back
    // every time, so a page with one is rendered again (up to three more times),
    // and only what the last pair of renders reports counts.
    const layoutFault = /content overflows|wider than|the layout changes|printed pages, but|slides, but/;
    try {
        for (const f of html) {
            const mark = problems.length;
            await checkPage(withFonts, f);
            await checkPage(bare, f, 'bare');
            for (let again = 0; again < 3 && problems.slice(mark).some((p) => layoutFault.test(p)); again++) {
                problems.length = mark;
                await checkPage(withFonts, f);
                await checkPage(bare, f, 'bare');
            }
            pages++;
        }
    } finally {
        await withFonts.close();
        await bare.close();
    }
} finally {
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
console.log(`materials-check: ${pages} page(s) (${slideCounts.size} deck(s), ${slides} slides) and ${pdfs} PDF(s) (${pdfPages} pages) OK, `
    + 'every page laid out the same with no system font, every PDF font embedded and the kit\'s');
