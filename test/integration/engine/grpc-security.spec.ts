/**
 * The engine's gRPC port exposed beyond loopback (issue 7 § 3): the standalone engine (`npm run engine`)
 * bound to a network address of this machine serves TLS only and wants the bearer token on every call.
 * The platform's own Zeebe client (configured from its settings, as ZeebeService does) connects with the
 * SDK's auth options; clients without the token, with a wrong one, or over plaintext get nowhere; an
 * exposed port without TLS and a token does not start. Loopback without TLS is what the rest of the
 * suite runs on.
 */
import { Camunda8 } from '@camunda8/sdk';
import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/app.config';
import { EngineSecurityError, startEmbeddedEngine } from '../../../src/engine/embedded';
import { loadGatewayService } from '../../../src/engine/embedded/grpc/gateway';
import { zeebeClientConfig } from '../../../src/engine/zeebe.service';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { freePort, startEngineProcess, zeebeClient, type EngineProcess } from '../../utils/engine-process';
import { expectGrpcError, grpcCodeOf, oneTaskProcess, uid } from '../../utils/engine';

type Zeebe = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/** an address of this machine other machines can reach (else 0.0.0.0, reached here through 127.0.0.1) */
function exposedHost(): { bind: string; connect: string } {
  const ip = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  return ip ? { bind: ip, connect: ip } : { bind: '0.0.0.0', connect: '127.0.0.1' };
}

const host = exposedHost();
const token = randomBytes(32).toString('hex');
let dir: string;
let certPath: string;
let keyPath: string;
let db: TestDatabase;
let engine: EngineProcess;
let address: string;
const clients: Zeebe[] = [];

/** the platform's client for ZEEBE_ADDRESS, built from its settings exactly as ZeebeService builds it */
function platformClient(env: Record<string, string>, scheme = 'grpcs'): Zeebe {
  const config = loadConfig({ ZEEBE_ADDRESS: `${scheme}://${address}`, LOG_LEVEL: 'error', ...env });
  const client = new Camunda8(
    zeebeClientConfig(config.ZEEBE_ADDRESS ?? '', config, false, false),
  ).getZeebeGrpcApiClient();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mia-grpc-tls-'));
  certPath = join(dir, 'engine.crt');
  keyPath = join(dir, 'engine.key');
  // a self-signed certificate for the exposed address (node's crypto cannot issue X.509 certificates)
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=mia-engine-test',
      '-addext',
      `subjectAltName=IP:${host.connect},IP:127.0.0.1,DNS:localhost`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'pipe' },
  );
  const tokenFile = join(dir, 'engine.token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  db = await createTestDatabase('mia_grpc_tls_test');
  const port = await freePort();
  engine = await startEngineProcess({
    databaseUrl: db.url,
    port,
    host: host.bind,
    env: { ENGINE_TLS_CERT: certPath, ENGINE_TLS_KEY: keyPath, ENGINE_TOKEN_FILE: tokenFile },
  });
  address = `${host.connect}:${port}`;
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close(1000)));
  await engine?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('the platform client with the token over TLS deploys a process and runs it through a worker', async () => {
  const zeebe = platformClient({ ZEEBE_BEARER_TOKEN: token, ZEEBE_ROOT_CERT_PATH: certPath });
  const topology = await zeebe.topology();
  expect(topology.brokers).toHaveLength(1);

  const pid = uid('tls_process');
  const type = uid('tls_work');
  const deployed = await zeebe.deployResource({
    process: Buffer.from(oneTaskProcess(pid, type)),
    name: `${pid}.bpmn`,
  });
  expect(deployed.deployments[0].process.bpmnProcessId).toBe(pid);
  // the worker's job stream / activation goes through the same authenticated channel
  const worker = zeebe.createWorker({
    taskType: type,
    taskHandler: (job) => job.complete({ bearbeitet: true }),
  });
  try {
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { eingang: 1 },
      requestTimeout: 30_000,
    });
    expect(result.variables).toMatchObject({ eingang: 1, bearbeitet: true });
  } finally {
    await worker.close();
  }
});

it('without a token every call is refused with UNAUTHENTICATED, unary and streaming, and nothing is deployed', async () => {
  const anonymous = platformClient({ ZEEBE_ROOT_CERT_PATH: certPath });
  await expectGrpcError(anonymous.topology(), 'UNAUTHENTICATED', 'bearer token');
  const pid = uid('anonymous_deploy');
  await expectGrpcError(
    anonymous.deployResource({ process: Buffer.from(oneTaskProcess(pid, 'x')), name: `${pid}.bpmn` }),
    'UNAUTHENTICATED',
  );

  // a server-streaming RPC (job activation) through a bare gRPC client over TLS
  const Gateway = grpc.makeGenericClientConstructor(loadGatewayService(), 'Gateway');
  const raw = new Gateway(address, grpc.credentials.createSsl(readFileSync(certPath)));
  try {
    const code = await new Promise<string | undefined>((resolve) => {
      const stream = (
        raw as unknown as Record<string, (req: unknown) => grpc.ClientReadableStream<unknown>>
      ).ActivateJobs({ type: 'any', maxJobsToActivate: 1, timeout: 1000, requestTimeout: -1 });
      stream.on('data', () => resolve('DATA'));
      stream.on('error', (e) => resolve(grpcCodeOf(e)));
      stream.on('end', () => resolve('END'));
    });
    expect(code).toBe('UNAUTHENTICATED');
  } finally {
    raw.close();
  }

  // the authenticated client sees that the anonymous deployment did not happen
  const zeebe = platformClient({ ZEEBE_BEARER_TOKEN: token, ZEEBE_ROOT_CERT_PATH: certPath });
  await expectGrpcError(zeebe.createProcessInstance({ bpmnProcessId: pid, variables: {} }), 'NOT_FOUND');
});

it('a wrong token is refused with UNAUTHENTICATED', async () => {
  const wrong = platformClient({
    ZEEBE_BEARER_TOKEN: randomBytes(32).toString('hex'),
    ZEEBE_ROOT_CERT_PATH: certPath,
  });
  await expectGrpcError(wrong.topology(), 'UNAUTHENTICATED', 'not valid');
  // the right token with something appended is just as wrong
  const longer = platformClient({ ZEEBE_BEARER_TOKEN: `${token}x`, ZEEBE_ROOT_CERT_PATH: certPath });
  await expectGrpcError(longer.topology(), 'UNAUTHENTICATED');
});

it('plaintext connections are refused, and the platform does not send a token over plaintext', async () => {
  // a plaintext client gets no gRPC answer at all: the port speaks TLS only
  const plain = zeebeClient(address, { ZEEBE_GRPC_CLIENT_RETRY: false });
  clients.push(plain);
  let error: unknown;
  await plain.topology().catch((e: unknown) => (error = e));
  expect(error).toBeDefined();
  expect(grpcCodeOf(error)).toBe('UNAVAILABLE');

  // the platform's settings refuse a bearer token without TLS
  expect(() => loadConfig({ ZEEBE_ADDRESS: `grpc://${address}`, ZEEBE_BEARER_TOKEN: token })).toThrow(
    /ZEEBE_BEARER_TOKEN needs TLS/,
  );

  // a TLS client that does not trust the engine's certificate does not connect either
  const untrusting = platformClient({ ZEEBE_BEARER_TOKEN: token });
  await expectGrpcError(untrusting.topology(), 'UNAVAILABLE');
});

it('an exposed port without TLS and a token does not start', async () => {
  // the standalone engine: refused before it opens the database or a port
  const refused = startEngineProcess({
    databaseUrl: db.url,
    port: await freePort(),
    host: '0.0.0.0',
    readyTimeoutMs: 30_000,
  });
  await expect(refused).rejects.toThrow(
    /ENGINE_HOST=0\.0\.0\.0 is not loopback: the gRPC port then requires TLS and a token\. Missing: ENGINE_TLS_CERT\+ENGINE_TLS_KEY, ENGINE_TOKEN or ENGINE_TOKEN_FILE \(or listen on 127\.0\.0\.1\)"/,
  );

  // the engine module itself, for anyone embedding it: TLS alone is not enough either
  await expect(startEmbeddedEngine({ databaseUrl: db.url, host: '0.0.0.0' })).rejects.toThrow(
    EngineSecurityError,
  );
  await expect(
    startEmbeddedEngine({
      databaseUrl: db.url,
      host: host.bind,
      tls: { cert: readFileSync(certPath), key: readFileSync(keyPath) },
    }),
  ).rejects.toThrow(/without a token/);
});
