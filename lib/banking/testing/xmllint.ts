import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** The folder of Scrip's own subset XSDs. */
export const xsdFolder = path.resolve(import.meta.dirname, "../xsd");

/**
 * Validates `xml` against `schema` (a file name in lib/banking/xsd) with xmllint (Debian's libxml2-utils, which
 * .ci/run installs), without network access. Resolves to xmllint's verdict and its output; rejects when xmllint
 * cannot run at all, so a machine without it fails the tests instead of skipping them.
 */
export async function xmllint(xml: string, schema: string): Promise<{ valid: boolean; output: string }> {
  const folder = await mkdtemp(path.join(tmpdir(), "scrip-xmllint-"));
  const file = path.join(folder, "document.xml");
  try {
    await writeFile(file, xml, "utf8");
    return await new Promise((resolve, reject) => {
      execFile(
        "xmllint",
        ["--noout", "--nonet", "--schema", path.join(xsdFolder, schema), file],
        { timeout: 30_000 },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`;
          if (error && typeof error.code !== "number") {
            reject(new Error(`xmllint could not run (install libxml2-utils): ${error.message}`));
            return;
          }
          if (!error && !/ validates$/m.test(output)) {
            reject(new Error(`xmllint gave no verdict: ${output}`));
            return;
          }
          resolve({ valid: !error, output });
        },
      );
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
