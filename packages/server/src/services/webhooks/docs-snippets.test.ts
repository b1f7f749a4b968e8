/**
 * The verification code docs/webhooks.md gives receivers (Node.js, PHP, Python), run as written
 * against signatures made by the server's own signWebhook: a valid one passes; a wrong secret,
 * an altered body, a missing header and a replayed (10 minutes old) signature fail. PHP and Python
 * are the system's (`php-cli`, `python3`): skipped loudly without them, a failure with CI=true.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signWebhook } from './sign';

const DOC = readFileSync(resolve(__dirname, '../../../../../docs/webhooks.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'parley-snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snippet(heading: string, lang: string): string {
  const m = new RegExp(`### ${heading}\\n\\n\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!m?.[1]) throw new Error(`no ${lang} snippet under "${heading}" in docs/webhooks.md`);
  return m[1];
}

const SECRET = 'whsec_docs-test';
const BODY = JSON.stringify({ id: 'evt_1', type: 'lead.created', data: { name: 'Анна "Q" \\ ü', n: 1 } });
const now = Date.now();
const CASES = {
  valid: [BODY, signWebhook(SECRET, BODY, now), SECRET],
  wrongSecret: [BODY, signWebhook(SECRET, BODY, now), 'whsec_other'],
  alteredBody: [`${BODY} `, signWebhook(SECRET, BODY, now), SECRET],
  noHeader: [BODY, '', SECRET],
  replayed: [BODY, signWebhook(SECRET, BODY, now - 600_000), SECRET],
};
const EXPECTED = { valid: true, wrongSecret: false, alteredBody: false, noHeader: false, replayed: false };
const cases = join(dir, 'cases.json');
writeFileSync(cases, JSON.stringify(CASES));

function has(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}
function runner(cmd: string) {
  const present = has(cmd);
  if (!present && process.env.CI === 'true') throw new Error(`${cmd} is missing (CI=true): apt-get install -y php-cli python3`);
  if (!present) console.warn(`\n*** docs snippets: ${cmd} not installed, its snippet is NOT checked ***\n`);
  return it.skipIf(!present);
}

describe('docs/webhooks.md verification snippets', () => {
  it('Node.js', async () => {
    const file = join(dir, 'verify.mjs');
    writeFileSync(
      file,
      `${snippet('Node.js', 'js')}\nconst c = JSON.parse(process.argv[2]);\nconsole.log(JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, [b, h, s]]) => [k, verifyParley(b, h, s)]))));\n`,
    );
    const out = execFileSync(process.execPath, [file, readFileSync(cases, 'utf8')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(EXPECTED);
  });

  runner('php')('PHP', () => {
    const file = join(dir, 'verify.php');
    writeFileSync(
      file,
      `<?php\n${snippet('PHP', 'php')}\n$c = json_decode(file_get_contents($argv[1]), true);\n$r = [];\nforeach ($c as $k => [$b, $h, $s]) { $r[$k] = verify_parley($b, $h, $s); }\necho json_encode($r);\n`,
    );
    expect(JSON.parse(execFileSync('php', [file, cases], { encoding: 'utf8' }))).toEqual(EXPECTED);
  });

  runner('python3')('Python', () => {
    const file = join(dir, 'verify.py');
    writeFileSync(
      file,
      `${snippet('Python', 'python')}\nimport json, sys\nc = json.load(open(sys.argv[1], encoding="utf-8"))\nprint(json.dumps({k: verify_parley(b.encode(), h, s) for k, (b, h, s) in c.items()}))\n`,
    );
    expect(JSON.parse(execFileSync('python3', [file, cases], { encoding: 'utf8' }))).toEqual(EXPECTED);
  });
});
