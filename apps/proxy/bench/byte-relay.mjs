// A plain byte relay: spawns the command after it and pipes stdin/stdout through, nothing parsed.
// The floor for what any stdio proxy process costs (an extra hop and process).
import { spawn } from 'node:child_process';
import process from 'node:process';

const child = spawn(process.argv[2], process.argv.slice(3), { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
child.on('exit', (code) => process.exit(code ?? 0));
process.stdin.on('end', () => child.stdin.end());
