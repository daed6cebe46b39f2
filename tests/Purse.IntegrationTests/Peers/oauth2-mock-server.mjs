// Starts oauth2-mock-server (from build/node_modules) on 127.0.0.1:<port> for the token-flow
// tests. Each access token also carries the client_id of the HTTP Basic credentials it was
// requested with, so a test can tell the client authenticated the way Purse expects.
// Usage: node oauth2-mock-server.mjs <build dir> <port>
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [buildDir, port] = process.argv.slice(2);
const resolved = createRequire(join(buildDir, 'package.json')).resolve('oauth2-mock-server');
const { OAuth2Server, Events } = await import(pathToFileURL(resolved).href);

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on(Events.BeforeTokenSigning, (token, req) => {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const credentials = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    token.payload.client_id = credentials.slice(0, credentials.indexOf(':'));
  }
});
await server.start(Number(port), '127.0.0.1');
server.issuer.url = `http://127.0.0.1:${port}`; // the address it really listens on, not "localhost"
console.log(`oauth2-mock-server listening on ${server.issuer.url}`);

// Stop cleanly when the test fixture closes stdin or signals.
const stop = async () => { await server.stop(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
