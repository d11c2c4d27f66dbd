// Generates package.json `contributes.configuration` from docs/settings.schema.json (the server's settings
// schema) plus settings.client.json (the extension's own settings), so that every server setting has a
// VS Code setting and reaches the server (src/settings/settings.ts forwards every contributed key).
//
//   node scripts/generate-settings.mjs          # rewrite package.json
//   node scripts/generate-settings.mjs --check  # exit 1 when package.json is out of date (CI, prepublish)
//
// Mapping: a top-level object with `properties` becomes one setting per property
// (`completion.maxLines` -> `codeloop.completion.maxLines`); a top-level map (only
// `additionalProperties`: models, routes, deadlines, budgets) or scalar becomes one setting.
// Settings the server reads from the user's settings file only are left out (see USER_FILE_ONLY).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.resolve(here, '..');
const schemaFile = path.resolve(ext, '..', '..', 'docs', 'settings.schema.json');
const packageFile = path.join(ext, 'package.json');
const clientFile = path.join(ext, 'settings.client.json');

/** Keys the server takes only from ~/.config/codeloop/config.json; an editor setting would be ignored. */
export const USER_FILE_ONLY = { $schema: 'editor hint only', audit: 'user settings file only', trustedWorkspaces: 'user settings file only (codeloop.trustWorkspace writes it)' };

const KEEP = ['type', 'enum', 'enumDescriptions', 'default', 'description', 'markdownDescription', 'minimum', 'maximum',
  'minItems', 'maxItems', 'items', 'properties', 'additionalProperties', 'required', 'pattern', 'uniqueItems'];

function vscodeSchema(node) {
  const out = {};
  for (const key of KEEP) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  if (!out.type && Array.isArray(out.enum)) {
    const types = [...new Set(out.enum.map((v) => (v === null ? 'null' : typeof v)))];
    out.type = types.length === 1 ? types[0] : types;
  }
  return out;
}

export function generate(schema, clientSettings) {
  const properties = { ...clientSettings.properties };
  for (const [key, node] of Object.entries(schema.properties)) {
    if (key in USER_FILE_ONLY) continue;
    const nested = node.properties && Object.keys(node.properties).length > 0;
    if (nested) {
      for (const [sub, subNode] of Object.entries(node.properties)) {
        const s = vscodeSchema(subNode);
        if (!s.description && node.description) s.description = node.description;
        properties[`codeloop.${key}.${sub}`] = s;
      }
    } else {
      const s = vscodeSchema(node);
      if (s.default === undefined && s.type === 'object') s.default = {}; // a map (models, routes, ...): empty
      properties[`codeloop.${key}`] = s;
    }
  }
  return { title: 'Codeloop', properties };
}

function main() {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const clientSettings = JSON.parse(fs.readFileSync(clientFile, 'utf8'));
  const pkgText = fs.readFileSync(packageFile, 'utf8');
  const pkg = JSON.parse(pkgText);
  pkg.contributes.configuration = generate(schema, clientSettings);
  const next = JSON.stringify(pkg, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (next !== pkgText) {
      console.error('package.json contributes.configuration is out of date with docs/settings.schema.json: run npm run generate-settings');
      process.exit(1);
    }
    console.log(`package.json settings up to date (${Object.keys(pkg.contributes.configuration.properties).length} settings)`);
    return;
  }
  fs.writeFileSync(packageFile, next);
  console.log(`package.json: ${Object.keys(pkg.contributes.configuration.properties).length} settings`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
