/**
 * Prints a JWT for the emulator's demo JWT client, for trying the JWT flow with curl:
 *   JWT=$(npx tsx test/emulator/demoJwt.cts user_hash_123)
 * Signed with the committed TEST-ONLY key through the node's own signer, valid for 5 minutes.
 */
import { signJwt } from '../../nodes/GiniPay/shared/jwt';
import { DEMO_CLIENTS } from './demoClients.cts';

const user = process.argv[2] ?? 'user_hash_123';
const { token } = signJwt({
	privateKey: DEMO_CLIENTS.jwt.privateKeyPem,
	algorithm: DEMO_CLIENTS.jwt.algorithm,
	keyId: DEMO_CLIENTS.jwt.keyId,
	issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
	lifetimeSeconds: 300,
	claims: { 'x-user-identifier': user, 'x-client-id': DEMO_CLIENTS.jwt.clientId },
});
process.stdout.write(`${token}\n`);
