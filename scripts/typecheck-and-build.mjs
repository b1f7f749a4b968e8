// `npm test`'s first step: the type check (tsc -b) and the build (rollup) at once. Neither reads
// the other's output, and each is one busy process: on 2 cores together they take about as long as
// the longer one instead of the sum. Either failing fails the step (after both have finished).
import { spawn } from 'node:child_process';
import process from 'node:process';

const run = (script) =>
  new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve({ script, ok: code === 0 && !signal }));
  });

const results = await Promise.all([run('typecheck'), run('build')]);
const failed = results.filter((r) => !r.ok).map((r) => r.script);
if (failed.length > 0) {
  process.stderr.write(`npm test: ${failed.join(' and ')} failed\n`);
  process.exitCode = 1;
}
