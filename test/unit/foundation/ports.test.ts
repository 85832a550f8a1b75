import fs from 'node:fs';
import net from 'node:net';
import { assertPortFree, findFreePort } from '../../../src/services/ports';
import { StartupError } from '../../../src/services/startup-error';

describe('assertPortFree', () => {
  test('a busy port is a StartupError naming the variable to change', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await expect(assertPortFree(port, '127.0.0.1', 'the API', 'VT_API_PORT')).rejects.toThrow(StartupError);
      await expect(assertPortFree(port, '127.0.0.1', 'the API', 'VT_API_PORT')).rejects.toThrow(
        /Port \d+ for the API is already in use[\s\S]*VT_API_PORT/,
      );
    } finally {
      server.close();
    }
  });

  test('a free port passes', async () => {
    const port = await findFreePort();
    await expect(assertPortFree(port, '127.0.0.1', 'the API', 'VT_API_PORT')).resolves.toBeUndefined();
  });
});

describe('findFreePort', () => {
  test('hands out distinct ports below the range the kernel picks from itself, each free to listen on', async () => {
    const ephemeralLow = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await findFreePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeLessThan(ephemeralLow);
      await expect(assertPortFree(port, '127.0.0.1', 'a test', 'NONE')).resolves.toBeUndefined();
    }
  });
});
