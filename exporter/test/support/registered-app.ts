/**
 * Child process for the register() exit tests: an "app" that registers (collector URL from
 * LAPTIME_URL), makes one captured call, then either lets its event loop run dry ("exit") or
 * keeps running until a SIGTERM, which it sends itself ("sigterm").
 */
import { capture } from '../../src/capture/capture.js';
import { register } from '../../src/register/register.js';

register();
capture(function handleRequest() {
  return 'ok';
})();

if (process.argv[2] === 'sigterm') {
  setInterval(() => undefined, 1000);
  process.stdout.write('running\n');
  process.kill(process.pid, 'SIGTERM');
}
