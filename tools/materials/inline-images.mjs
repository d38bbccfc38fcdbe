#!/usr/bin/env node
// inline-images.mjs — make a rendered HTML deck self-contained.
//
// usage: node tools/materials/inline-images.mjs IN.html OUT.html
//
// Every local image the page refers to (an <img src> or a CSS url(), as Marp writes
// them for ![..](img/NAME.svg) and ![bg](img/NAME.svg)) is replaced by a data: URI,
// so OUT.html opens from any folder, offline. An image that cannot be found is left
// as it is and reported on stderr; `make materials-check` then fails on it.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve, extname } from 'node:path';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
    console.error('usage: node tools/materials/inline-images.mjs IN.html OUT.html');
    process.exit(2);
}

const types = {
    '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
};
const base = dirname(resolve(input));
let html = readFileSync(input, 'utf8');
let missing = 0;

// src="img/a.svg", url(img/a.svg), url("img/a.svg"), url(&quot;img/a.svg&quot;)
const ref = /(src=["']|url\((?:&quot;|["'])?)((?:\.\/)?[\w./-]+\.(?:svg|png|jpe?g|gif|webp))(?=["')&])/g;
html = html.replace(ref, (whole, prefix, path) => {
    if (/^[a-z]+:/i.test(path) || path.startsWith('/')) return whole;
    const file = resolve(base, path);
    if (!existsSync(file)) {
        console.error(`inline-images: ${input}: ${path}: no such file (left as is)`);
        missing++;
        return whole;
    }
    const data = readFileSync(file).toString('base64');
    return `${prefix}data:${types[extname(file).toLowerCase()]};base64,${data}`;
});

writeFileSync(output, html);
if (missing) console.error(`inline-images: ${missing} image(s) not found`);
