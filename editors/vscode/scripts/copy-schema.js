// The extension ships the project's JSON Schema (the one source of truth) for yamlValidation.
const fs = require("fs");
const path = require("path");
const source = path.join(__dirname, "..", "..", "..", "schemas", "blueprint.schema.json");
const target = path.join(__dirname, "..", "schemas", "blueprint.schema.json");
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
