import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { mintDevToken } from './dev-token';
import { principalClaimsSchema } from './principal';

/**
 * `npm run token -- --role caseworker --team north --sub alice` prints a bearer token signed with
 * the local development key. The API trusts that key only in development mode.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      team: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '28800' },
    },
  });
  const claims = principalClaimsSchema.safeParse({ sub: values.sub, role: values.role, team: values.team });
  if (!claims.success) {
    process.stderr.write(
      'Usage: npm run token -- --role caseworker|supervisor|admin --team <team> --sub <employee id> [--ttl seconds]\n',
    );
    process.stderr.write(`${claims.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const token = await mintDevToken(config, claims.data, Number(values.ttl));
  process.stdout.write(`${token}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
