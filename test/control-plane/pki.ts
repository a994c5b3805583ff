import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Pki {
  /** CA certificate the clients verify the API server with. */
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** Key pair for service-account tokens. */
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    throw new Error(`openssl ${args[0]} failed: ${stderr.split('\n')[0]}`);
  }
}

/**
 * A CA made for one run and a serving certificate for 127.0.0.1/localhost signed by it, so clients verify TLS
 * against a CA nobody else holds (never insecure-skip-tls-verify).
 */
export function makePki(dir: string): Pki {
  fs.mkdirSync(dir, { recursive: true });
  const days = ['-days', '2'];
  // A new P-256 key written to `file`, for `openssl req`.
  const newKey = (file: string) => [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    file,
  ];
  const caExtensions = [
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ];
  openssl(
    ['req', '-x509', ...newKey('ca.key'), '-out', 'ca.crt', '-subj', '/CN=superpod-test-ca', ...days, ...caExtensions],
    dir,
  );
  openssl(['req', ...newKey('apiserver.key'), '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
  fs.writeFileSync(
    path.join(dir, 'apiserver.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  const signed = ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-extfile', 'apiserver.ext'];
  openssl(['x509', '-req', '-in', 'apiserver.csr', ...signed, '-out', 'apiserver.crt', ...days], dir);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  return {
    caCert: path.join(dir, 'ca.crt'),
    serverCert: path.join(dir, 'apiserver.crt'),
    serverKey: path.join(dir, 'apiserver.key'),
    serviceAccountKey: path.join(dir, 'sa.key'),
    serviceAccountPub: path.join(dir, 'sa.pub'),
  };
}
