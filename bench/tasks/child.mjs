/**
 * The entry of every measured child process: `node child.mjs <task> <json args>` imports `./<task>.mjs`, awaits
 * its `run(args)` and prints the result with the process's own peak RSS unless the task measured another process.
 */
const [task, json] = process.argv.slice(2);
if (!/^[a-z0-9-]+$/.test(task ?? '')) throw new Error(`bad task name: ${task}`);
const { run } = await import(`./${task}.mjs`);
const result = await run(JSON.parse(json ?? '{}'));
result.peakRssBytes ??= process.resourceUsage().maxRSS * 1024;
process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`);
// The sync client's worker or a keep-alive socket may hold the event loop open; the measurement is done.
process.exit(0);
