import type { Fixture } from '../fixture.js';
import { runProbe } from '../probe.js';

// workerd: a module worker; the Node side passes the fixture as the FIXTURE binding and asks
// with one request.
export default {
  async fetch(_request: Request, env: { FIXTURE: Fixture }): Promise<Response> {
    return Response.json(await runProbe(env.FIXTURE));
  },
};
