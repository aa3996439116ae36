#!/usr/bin/env node
// Copy the front-end files Indgang serves from node_modules into build/static/.
//
// No bundler: DKFDS and htmx ship ready-built files. We copy only what the
// pages load (minified CSS/JS and their source maps), the images, and exactly
// the font files the DKFDS stylesheet references, then check that every url()
// in the copied CSS resolves, because Django's ManifestStaticFilesStorage
// (whitenoise) aborts collectstatic on a missing reference.
//
// Output (served by Django as /static/...):
//   build/static/dkfds/css/dkfds.min.css (+ .map)
//   build/static/dkfds/js/dkfds.min.js   (+ .map)
//   build/static/dkfds/img/**             (logos, svg-icons/*.svg, all-svg-icons.svg sprite)
//   build/static/dkfds/fonts/IBMPlexSans/complete/{woff2,woff,eot,ttf}/...  (only referenced files)
//   build/static/htmx/htmx.min.js
//   build/static/VERSIONS.json           (package versions, for the footer/about page or debugging)

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nm = path.join(root, "node_modules");
const out = path.join(root, "build", "static");

function fail(msg) {
  console.error(`build-assets: ${msg}`);
  process.exit(1);
}

function pkgDir(name) {
  const dir = path.join(nm, name);
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    fail(`node_modules/${name} is missing; run 'npm ci' first`);
  }
  return dir;
}

function version(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

let copied = 0;
function copyFile(src, dest) {
  if (!fs.existsSync(src)) fail(`expected file not found: ${path.relative(root, src)}`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
  copied += 1;
}

function copyTree(srcDir, destDir) {
  for (const entry of fs.readdirSync(srcDir, { withFileTypes: true })) {
    const s = path.join(srcDir, entry.name);
    const d = path.join(destDir, entry.name);
    if (entry.isDirectory()) copyTree(s, d);
    else if (entry.isFile()) copyFile(s, d);
  }
}

// url(...) targets in a stylesheet, without query string or fragment, skipping data: URIs.
function cssUrls(cssText) {
  const urls = new Set();
  for (const m of cssText.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    const u = m[2].trim();
    if (/^(data:|https?:|\/\/|#)/.test(u)) continue;
    urls.add(u.split(/[?#]/)[0]);
  }
  return [...urls];
}

// Start from a clean output directory so removed files do not linger.
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// --- DKFDS -----------------------------------------------------------------
const dkfds = pkgDir("dkfds");
const dkDist = path.join(dkfds, "dist");
const dkOut = path.join(out, "dkfds");

const cssFiles = ["css/dkfds.min.css", "css/dkfds.min.css.map"];
const jsFiles = ["js/dkfds.min.js", "js/dkfds.min.js.map"];
for (const f of [...cssFiles, ...jsFiles]) copyFile(path.join(dkDist, f), path.join(dkOut, f));
copyTree(path.join(dkDist, "img"), path.join(dkOut, "img"));
for (const f of ["LICENSE.md"]) copyFile(path.join(dkfds, f), path.join(dkOut, f));

// Copy what the stylesheet points at (fonts; images are already there) and verify all of it.
const cssRel = "css/dkfds.min.css";
const cssText = fs.readFileSync(path.join(dkOut, cssRel), "utf8");
const cssDirIn = path.dirname(path.join(dkDist, cssRel));
const cssDirOut = path.dirname(path.join(dkOut, cssRel));
let referenced = 0;
for (const u of cssUrls(cssText)) {
  const dest = path.resolve(cssDirOut, u);
  if (!dest.startsWith(dkOut + path.sep)) fail(`${cssRel} references a file outside dkfds/: ${u}`);
  if (!fs.existsSync(dest)) copyFile(path.resolve(cssDirIn, u), dest);
  referenced += 1;
}
// The font licence travels with the fonts.
const fontLicence = path.join(dkDist, "fonts/IBMPlexSans/complete/woff2/license.txt");
if (fs.existsSync(fontLicence)) {
  copyFile(fontLicence, path.join(dkOut, "fonts/IBMPlexSans/license.txt"));
}

// --- htmx ------------------------------------------------------------------
const htmx = pkgDir("htmx.org");
copyFile(path.join(htmx, "dist/htmx.min.js"), path.join(out, "htmx/htmx.min.js"));
if (fs.existsSync(path.join(htmx, "LICENSE"))) {
  copyFile(path.join(htmx, "LICENSE"), path.join(out, "htmx/LICENSE"));
}

// --- final check: every url() in every copied stylesheet resolves ------------
for (const f of cssFiles.filter((f) => f.endsWith(".css"))) {
  const p = path.join(dkOut, f);
  for (const u of cssUrls(fs.readFileSync(p, "utf8"))) {
    if (!fs.existsSync(path.resolve(path.dirname(p), u))) fail(`${f}: url(${u}) does not resolve`);
  }
}

const versions = {
  dkfds: version(dkfds),
  "htmx.org": version(htmx),
};
fs.writeFileSync(path.join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");

console.log(
  `build-assets: ${copied} files -> ${path.relative(root, out)}/ ` +
    `(dkfds ${versions.dkfds}, htmx.org ${versions["htmx.org"]}; ${referenced} CSS url() targets verified)`,
);
