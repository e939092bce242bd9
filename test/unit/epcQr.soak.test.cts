/**
 * The payment QR codes' property test (epcQr.property.test.cts) with 3,000 other random payments.
 */
import { runRounds } from './epcQrRounds.cts';

describe('payment QR codes read by zbarimg, soak', () => {
	it('reads 3,000 random payments’ PNG and SVG images to exactly their payloads', async () => {
		const result = await runRounds(3000, 11649);
		expect([result.decodedPng, result.decodedSvg]).toEqual([3000, 3000]);
		expect(result.longestPayload).toBe(331);
	}, 900_000);
});
