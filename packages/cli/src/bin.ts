import { Interrupted, run } from './run.js';

// Ctrl-C aborts the transfer through the run's signal so it can clean up (no partial file) and exit 130;
// a second Ctrl-C while cleanup hangs ends the process at once.
const controller = new AbortController();
function interrupt(signalName: 'SIGINT' | 'SIGTERM') {
  if (controller.signal.aborted) process.exit(signalName === 'SIGINT' ? 130 : 143);
  controller.abort(new Interrupted(signalName));
}
process.on('SIGINT', () => interrupt('SIGINT'));
process.on('SIGTERM', () => interrupt('SIGTERM'));
// A closed pipe (`together-files retrieve-content id | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

run({ argv: process.argv.slice(2), signal: controller.signal }).then((exitCode) => {
  process.exitCode = exitCode;
});
