import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import * as packet from 'dns-packet';
import { generate } from 'selfsigned';

/**
 * Real servers on loopback for the probe's tests: a DNS server answering from a table (or never), a TLS
 * and an HTTPS server with a test certificate, a TCP server that never speaks, and a closed port.
 */

export interface Closable {
  port: number;
  close(): Promise<void>;
}

const portOf = (s: Server) => (s.address() as AddressInfo).port;
const closeServer = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

/** `answers[name]`: the A records to give; `null`: never answer (a timeout). Unknown names: NXDOMAIN. */
export async function dnsServer(answers: Record<string, string[] | null>): Promise<Closable> {
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const query = packet.decode(msg);
    const question = query.questions?.[0];
    if (!question) return;
    const records = answers[question.name];
    if (records === null) return;
    const reply = packet.encode({
      type: 'response',
      id: query.id,
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (records === undefined ? 3 : 0),
      questions: [question],
      answers: (records ?? []).map((ip) => ({
        type: 'A',
        name: question.name,
        ttl: 60,
        class: 'IN',
        data: ip,
      })),
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

export async function testCertificate(hostnames: string[]): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: hostnames.map((value) => ({ type: 2, value })) }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function tlsServer(tls: { key: string; cert: string }): Promise<Closable> {
  const server = createTlsServer(tls, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: portOf(server), close: () => closeServer(server) };
}

export async function httpsServer(tls: { key: string; cert: string }, status = 403): Promise<Closable> {
  const server = createHttpsServer(tls, (_req, res) => {
    res.writeHead(status);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: portOf(server), close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Accepts connections and never sends a byte: handshakes and requests time out. */
export async function silentServer(): Promise<Closable> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: portOf(server),
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await closeServer(server);
    },
  };
}

/** A port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await closeServer(server);
  return port;
}
