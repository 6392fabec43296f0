// Builds the front end into infoshare/static/dist (git-ignored):
// compiles our SCSS against govuk-frontend and copies its assets and scripts,
// and the DejaVu Sans faces (with their licence) that the PDF exports embed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
const out = join(root, "infoshare/static/dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend/scss/main.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(govuk, "assets"), join(out, "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// app.mjs and the modules it imports (each beside it, as it names them).
cpSync(join(root, "frontend/js"), out, { recursive: true });
cpSync(join(root, "node_modules/htmx.org/dist/htmx.min.js"), join(out, "htmx.min.js"));

// infoshare/decisions/exports.py finds these by their static path, dist/fonts/<name>.
const dejavu = join(root, "node_modules/dejavu-fonts-ttf");
mkdirSync(join(out, "fonts"));
for (const face of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]) {
  cpSync(join(dejavu, "ttf", face), join(out, "fonts", face));
}
cpSync(join(dejavu, "LICENSE"), join(out, "fonts", "DejaVu-LICENSE.txt"));
console.log(`front end built into ${out}`);
