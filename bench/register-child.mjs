// One register measurement (bench/register.mjs) in a process of its own: prints its figures as JSON.
import { measureRegisterOnce } from './register.mjs';

const result = await measureRegisterOnce({ quick: process.argv.includes('--quick') });
process.stdout.write(JSON.stringify(result));
