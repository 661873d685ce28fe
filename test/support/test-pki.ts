import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A test PKI for the SF1601 tests, made at run time with the `openssl` CLI (OpenSSL 3.0 or later; CI installs it):
 *
 * - a test CA, the one the mock trusts for client certificates and the connector trusts (as `caFile`) for the server;
 * - a foreign CA that neither side trusts;
 * - server certificates for 127.0.0.1 and localhost (SAN `IP:127.0.0.1, DNS:localhost`), one from each CA;
 * - client certificates (the municipality's "OCES3 function certificate"), each as PKCS#12 with a password: a good
 *   one, a second good one (another IT system: holder-of-key tests), one from the foreign CA, an expired one
 *   (2020–2021), one not valid until 2099, and a revoked one, listed in the test CA's CRL.
 *
 * The certificates with a fixed past or future validity are issued with `openssl ca -startdate/-enddate`, since
 * `openssl x509 -req -not_before/-not_after` needs OpenSSL 3.4 and Debian 12 has 3.0 (and faketime is not around).
 *
 * Made once per process (a vitest worker runs one test file at a time): `testPki()` caches it; `removeTestPki()`
 * removes it. `createTestPki(dir)` makes one in a given folder (the mock's own process).
 */

export interface ClientIdentity {
  /** The PKCS#12 file: the certificate, its key and the issuing CA (as a CA's PKCS#12 export usually has it). */
  p12File: string;
  p12: Buffer;
  /**
   * The same certificate and key without the CA. Node trusts the CA certificates inside a PKCS#12 for the server
   * too, so only this one shows what `caFile` adds.
   */
  p12WithoutChainFile: string;
  password: string;
  certFile: string;
  certPem: string;
  /** DER, base64 on one line: what the connector sends as `UseKey`. */
  derBase64: string;
  /** SHA-256 fingerprint as Node prints it (`AB:CD:…`). */
  fingerprint256: string;
  validFrom: Date;
  validTo: Date;
}

export interface ServerIdentity {
  keyFile: string;
  certFile: string;
  key: Buffer;
  cert: Buffer;
}

export interface TestPki {
  dir: string;
  /** The test CA (PEM): the mock's trust for client certificates; the connector's `caFile`. */
  caFile: string;
  caPem: Buffer;
  caFingerprint256: string;
  /** Another CA nobody trusts. */
  foreignCaFile: string;
  foreignCaPem: Buffer;
  /** The test CA's CRL (PEM), listing `clients.revoked`. */
  crlFile: string;
  crlPem: Buffer;
  /** For 127.0.0.1 and localhost, from the test CA. */
  server: ServerIdentity;
  /** For 127.0.0.1 and localhost, from the foreign CA: a server the connector must not trust. */
  foreignServer: ServerIdentity;
  clients: {
    good: ClientIdentity;
    /** Another good certificate from the test CA: a different holder. */
    second: ClientIdentity;
    foreign: ClientIdentity;
    expired: ClientIdentity;
    notYetValid: ClientIdentity;
    revoked: ClientIdentity;
  };
  /** A file that is not PKCS#12 (a PEM certificate). */
  notP12File: string;
}

/** The PKCS#12 password of every client certificate here. */
export const TEST_P12_PASSWORD = 'Test-funktionscertifikat-1';

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString() ?? e.message}`, { cause: error });
  }
}

/**
 * RSA 2048 for the good client certificate (an OCES3 function certificate is RSA), EC P-256 for the rest: an RSA key
 * takes openssl about 0.2 s, an EC key next to nothing.
 */
type KeyType = 'rsa' | 'ec';

function genkey(keyFile: string, type: KeyType, cwd: string): void {
  openssl(
    type === 'rsa'
      ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyFile]
      : ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile],
    cwd,
  );
}

/** A minimal `openssl ca` configuration for one CA in `caDir`. */
function caConfig(caDir: string): string {
  const p = (name: string) => join(caDir, name).replace(/\\/g, '/');
  return `
[ ca ]
default_ca = test_ca

[ test_ca ]
database = ${p('index.txt')}
new_certs_dir = ${p('newcerts')}
serial = ${p('serial')}
crlnumber = ${p('crlnumber')}
certificate = ${p('ca.pem')}
private_key = ${p('ca.key')}
default_md = sha256
default_days = 60
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[ policy_any ]
countryName = optional
organizationName = optional
serialNumber = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = unused

[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer

[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = IP:127.0.0.1, DNS:localhost
`;
}

/** Makes a CA in `dir/<name>` (key, self-signed certificate, and the files `openssl ca` keeps). */
function makeCa(dir: string, name: string, subject: string): string {
  const caDir = join(dir, name);
  mkdirSync(join(caDir, 'newcerts'), { recursive: true });
  writeFileSync(join(caDir, 'index.txt'), '');
  writeFileSync(join(caDir, 'serial'), '1000\n');
  writeFileSync(join(caDir, 'crlnumber'), '1000\n');
  writeFileSync(join(caDir, 'ca.cnf'), caConfig(caDir));
  genkey('ca.key', 'ec', caDir);
  openssl(
    [
      'req',
      '-config',
      'ca.cnf',
      '-new',
      '-x509',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      '3650',
      '-subj',
      subject,
      '-extensions',
      'v3_ca',
      '-out',
      'ca.pem',
    ],
    caDir,
  );
  return caDir;
}

/** A key and a certificate signed by the CA in `caDir`, with the given validity (default: from now, 60 days). */
function issue(
  caDir: string,
  name: string,
  subject: string,
  extensions: 'client_ext' | 'server_ext',
  validity?: { start: string; end: string },
  keyType: KeyType = 'ec',
): { keyFile: string; certFile: string } {
  const keyFile = join(caDir, `${name}.key`);
  const csrFile = join(caDir, `${name}.csr`);
  const certFile = join(caDir, `${name}.pem`);
  genkey(keyFile, keyType, caDir);
  openssl(['req', '-config', 'ca.cnf', '-new', '-key', keyFile, '-subj', subject, '-out', csrFile], caDir);
  openssl(
    [
      'ca',
      '-config',
      'ca.cnf',
      '-batch',
      '-notext',
      '-extensions',
      extensions,
      ...(validity ? ['-startdate', validity.start, '-enddate', validity.end] : ['-days', '60']),
      '-in',
      csrFile,
      '-out',
      certFile,
    ],
    caDir,
  );
  return { keyFile, certFile };
}

function clientIdentity(
  caDir: string,
  name: string,
  cn: string,
  validity?: { start: string; end: string },
  keyType: KeyType = 'ec',
) {
  const { keyFile, certFile } = issue(
    caDir,
    name,
    `/C=DK/O=Demo Kommune/serialNumber=CVR:12345678-FID:${name}/CN=${cn}`,
    'client_ext',
    validity,
    keyType,
  );
  const p12File = join(caDir, `${name}.p12`);
  openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      keyFile,
      '-in',
      certFile,
      '-certfile',
      join(caDir, 'ca.pem'),
      '-name',
      cn,
      '-passout',
      `pass:${TEST_P12_PASSWORD}`,
      '-out',
      p12File,
    ],
    caDir,
  );
  const p12WithoutChainFile = join(caDir, `${name}-without-chain.p12`);
  openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      keyFile,
      '-in',
      certFile,
      '-name',
      cn,
      '-passout',
      `pass:${TEST_P12_PASSWORD}`,
      '-out',
      p12WithoutChainFile,
    ],
    caDir,
  );
  const certPem = readFileSync(certFile, 'utf8');
  const x509 = new X509Certificate(certPem);
  return {
    p12File,
    p12: readFileSync(p12File),
    p12WithoutChainFile,
    password: TEST_P12_PASSWORD,
    certFile,
    certPem,
    derBase64: x509.raw.toString('base64'),
    fingerprint256: x509.fingerprint256,
    validFrom: new Date(x509.validFrom),
    validTo: new Date(x509.validTo),
  } satisfies ClientIdentity;
}

function serverIdentity(caDir: string, name: string): ServerIdentity {
  const { keyFile, certFile } = issue(caDir, name, '/C=DK/O=Sendeassistent test/CN=localhost', 'server_ext');
  return { keyFile, certFile, key: readFileSync(keyFile), cert: readFileSync(certFile) };
}

/** Makes the whole PKI in `dir` (created if missing). About a second. */
export function createTestPki(dir: string): TestPki {
  mkdirSync(dir, { recursive: true });
  const ca = makeCa(dir, 'test-ca', '/C=DK/O=Sendeassistent test/CN=Sendeassistent Test CA');
  const foreign = makeCa(dir, 'foreign-ca', '/C=DK/O=Fremmed udsteder/CN=Foreign Test CA');
  const server = serverIdentity(ca, 'server');
  const foreignServer = serverIdentity(foreign, 'foreign-server');
  const good = clientIdentity(ca, 'client', 'Sendeassistent (funktionscertifikat)', undefined, 'rsa');
  const second = clientIdentity(ca, 'client-2', 'Andet system (funktionscertifikat)');
  const foreignClient = clientIdentity(foreign, 'client-foreign', 'Fremmed (funktionscertifikat)');
  const expired = clientIdentity(ca, 'client-expired', 'Udloebet (funktionscertifikat)', {
    start: '20200101000000Z',
    end: '20210101000000Z',
  });
  const notYetValid = clientIdentity(ca, 'client-future', 'Fremtidigt (funktionscertifikat)', {
    start: '20990101000000Z',
    end: '20991231000000Z',
  });
  const revoked = clientIdentity(ca, 'client-revoked', 'Spaerret (funktionscertifikat)');
  openssl(['ca', '-config', 'ca.cnf', '-revoke', revoked.certFile, '-crl_reason', 'keyCompromise'], ca);
  const crlFile = join(ca, 'crl.pem');
  openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-out', crlFile], ca);
  const caFile = join(ca, 'ca.pem');
  const caPem = readFileSync(caFile);
  return {
    dir,
    caFile,
    caPem,
    caFingerprint256: new X509Certificate(caPem).fingerprint256,
    foreignCaFile: join(foreign, 'ca.pem'),
    foreignCaPem: readFileSync(join(foreign, 'ca.pem')),
    crlFile,
    crlPem: readFileSync(crlFile),
    server,
    foreignServer,
    clients: { good, second, foreign: foreignClient, expired, notYetValid, revoked },
    notP12File: good.certFile,
  };
}

const DIR_PREFIX = 'sendeassistent-pki-';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the PKI folders of test processes that are gone (a runner kills its workers; `exit` does not run then). */
function removeStale(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || pidAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

let cached: TestPki | null = null;

/**
 * The PKI of this process: made at the first call (in a temporary folder named after the pid), removed by
 * `removeTestPki` (each test file's `afterAll`), at exit, or by a later run once this process is gone.
 */
export function testPki(): TestPki {
  if (cached) return cached;
  removeStale();
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  cached = createTestPki(dir);
  return cached;
}

/** Removes this process's PKI (the next `testPki()` makes a new one). */
export function removeTestPki(): void {
  if (!cached) return;
  rmSync(cached.dir, { recursive: true, force: true });
  cached = null;
}
